export type { DecodeOptions, FrameInfo } from './codecs/frame-codec.js';
export type { ParsedDicom } from './dicom/parsed-dicom.js';
export { supportedTransferSyntaxes, TransferSyntax, transferSyntaxInfo } from './dicom/transfer-syntax.js';
export { EngineError, Errors, isEngineError } from './errors/engine-error.js';
export type { DecodedFrame, PixelArray } from './image/decoded-frame.js';
export type { RenderingAttributes } from './image/rendering-attributes.js';
