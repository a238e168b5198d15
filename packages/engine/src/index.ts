// Pool: the way applications use the engine.

// Pure functions (what the pool's tasks run), for in-thread use, tests and benchmarks.
export { codecFor, initializeCodecs } from './codecs/codec-registry.js';
export { encodeHtj2k, type Htj2kEncodeOptions } from './codecs/encoders/htj2k-encoder.js';
export { encodeJpegLs, type JpegLsEncodeOptions } from './codecs/encoders/jpeg-ls-encoder.js';
export { encodeJpeg2000, type Jpeg2000EncodeOptions } from './codecs/encoders/jpeg2000-encoder.js';
export { encodeRle } from './codecs/encoders/rle-encoder.js';
export type { DecodeOptions, FrameCodec, FrameInfo } from './codecs/frame-codec.js';
export { htj2kCodec } from './codecs/htj2k.js';
export { jpegBaselineCodec } from './codecs/jpeg-baseline.js';
export { jpegExtendedCodec } from './codecs/jpeg-extended.js';
export { jpegLosslessCodec } from './codecs/jpeg-lossless.js';
export { jpegLsCodec } from './codecs/jpeg-ls.js';
export { jpeg2000Codec } from './codecs/jpeg2000.js';
export { nativeCodec } from './codecs/native.js';
export { rleCodec } from './codecs/rle.js';
export * from './crypto/index.js';
export { decodeFrame } from './decode/decode-frame.js';
export { type FrameStatistics, frameStatistics } from './decode/frame-statistics.js';
export { dicomJsonOf } from './dicom/dicom-json.js';
export type {
  DicomJsonAttribute,
  DicomJsonDataset,
  DicomJsonOptions,
  DicomJsonPersonName,
  DicomJsonValue,
} from './dicom/dicom-json-model.js';
export { frameBytes, joinSpans } from './dicom/frame-bytes.js';
export { parseDicom } from './dicom/parse-dicom.js';
export type { ParsedDicom } from './dicom/parsed-dicom.js';
export { supportedTransferSyntaxes, TransferSyntax, transferSyntaxInfo } from './dicom/transfer-syntax.js';
export { tagOfKeyword } from './dicom/vr-dictionary.js';
export * from './dicom-write/index.js';
export { EngineError, Errors, isEngineError } from './errors/engine-error.js';
export type { DecodedFrame, PixelArray } from './image/decoded-frame.js';
export type { RenderingAttributes } from './image/rendering-attributes.js';
export {
  type BytesCallOptions,
  type CallOptions,
  createEngine,
  type DecodeCallOptions,
  type DecodePartsCallOptions,
  type DecodeSummaryCallOptions,
  type DicomJsonCallOptions,
  type Engine,
  type EngineOptions,
  type EngineStats,
  type FieldCallOptions,
  type HashPasswordCallOptions,
  type RenderPartsCallOptions,
  type VerifyChainCallOptions,
} from './pool/create-engine.js';
export { type DisplayPixels, toDisplayPixels } from './render/display-pixels.js';
export { type EncodeOptions, encodeImage } from './render/encode-image.js';
export { type RenderedImage, renderFrame, renderSource } from './render/render-frame.js';
export {
  type CopyBox,
  type CopyExpectation,
  decodeDecodedCopy,
  encodeDecodedCopy,
} from './stored-files/decoded-copy.js';
export {
  chunkCount,
  chunkSpan,
  DEFAULT_CHUNK_BYTES,
  decodeHeader,
  type EnvelopeHeader,
  type EnvelopeLayout,
  encodeHeader,
  encryptedLength,
  HEADER_BYTES,
  isEnvelope,
  openChunk,
  rewrapHeader,
  sealFile,
  unwrapDataKey,
} from './stored-files/file-envelope.js';
export {
  readStoredBytes,
  type StoredBytesRef,
  type StoredSpan,
  withTransientReads,
} from './stored-files/read-stored-bytes.js';
export * from './synth/index.js';
export {
  type DecodedFrameWithAttributes,
  decodeFrameParts,
  type FrameParts,
  pixelDataStart,
} from './tasks/frame-parts.js';
export type { RenderCopyInput } from './tasks/render-copy.js';
export type { PartsRendering } from './tasks/render-parts.js';
