import dicomParser from 'dicom-parser';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../decode/decode-frame.js';
import { frameBytes } from '../dicom/frame-bytes.js';
import { parseDicom } from '../dicom/parse-dicom.js';
import { TransferSyntax } from '../dicom/transfer-syntax.js';
import { errorCodeOf } from '../errors/error-code-of.test-util.js';
import { SopClass } from './sop-class.js';
import { isValidUid } from './uid.js';
import { wrapImageAsSecondaryCapture } from './wrap-secondary-capture.js';

const width = 96;
const height = 64;

/** Smooth RGB test pattern (JPEG keeps it close), interleaved. */
function rgbPattern(): Uint8Array {
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      pixels[at] = Math.round((x / (width - 1)) * 255);
      pixels[at + 1] = Math.round((y / (height - 1)) * 255);
      pixels[at + 2] = 128 + Math.round(60 * Math.sin(x / 9));
    }
  }
  return pixels;
}

const raw = (pixels: Uint8Array, channels: 1 | 3 | 4) => {
  const image = sharp(pixels, { raw: { width, height, channels } });
  return channels === 1 ? image.toColourspace('b-w') : image;
};

async function decodedPixels(bytes: Uint8Array) {
  const parsed = parseDicom(bytes);
  return { parsed, frame: await decodeFrame(parsed, 0) };
}

function meanAbsoluteDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

describe('wrapImageAsSecondaryCapture', () => {
  const source = rgbPattern();

  it('encapsulates a baseline colour JPEG as it is, YBR_FULL_422, decoding close to the source', async () => {
    const jpeg = await raw(source, 3).jpeg({ quality: 95, chromaSubsampling: '4:2:0' }).toBuffer();
    const wrapped = await wrapImageAsSecondaryCapture({ image: jpeg, patientId: 'SC-1', patientName: 'SC^TEST' });
    expect(wrapped.storage).toBe('encapsulated');
    expect(wrapped.transferSyntaxUid).toBe(TransferSyntax.JpegBaseline);
    expect(wrapped.photometricInterpretation).toBe('YBR_FULL_422');
    const { parsed, frame } = await decodedPixels(wrapped.bytes);
    const stored = frameBytes(parsed, 0);
    expect(Buffer.from(stored.subarray(0, jpeg.length)).equals(jpeg)).toBe(true);
    expect(stored.length - jpeg.length).toBeLessThanOrEqual(1);
    expect([frame.info.columns, frame.info.rows, frame.info.samplesPerPixel]).toEqual([width, height, 3]);
    expect(frame.info.photometricInterpretation).toBe('RGB');
    expect(meanAbsoluteDifference(frame.pixels, source)).toBeLessThan(2.5);
    const sharpDecode = await sharp(jpeg).raw().toBuffer();
    expect(meanAbsoluteDifference(frame.pixels, sharpDecode)).toBeLessThan(1);
  });

  it('labels an unsubsampled colour JPEG YBR_FULL and a grey one MONOCHROME2', async () => {
    const full = await raw(source, 3).jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer();
    expect((await wrapImageAsSecondaryCapture({ image: full })).photometricInterpretation).toBe('YBR_FULL');
    const greySource = source.filter((_, i) => i % 3 === 0);
    const grey = await raw(greySource, 1).jpeg({ quality: 95 }).toBuffer();
    const wrapped = await wrapImageAsSecondaryCapture({ image: grey });
    expect([wrapped.storage, wrapped.photometricInterpretation]).toEqual(['encapsulated', 'MONOCHROME2']);
    const { frame } = await decodedPixels(wrapped.bytes);
    expect(frame.info.samplesPerPixel).toBe(1);
    expect(meanAbsoluteDifference(frame.pixels, greySource)).toBeLessThan(1.5);
  });

  it('stores a progressive JPEG as native RGB pixels equal to its decode', async () => {
    const progressive = await raw(source, 3).jpeg({ quality: 90, progressive: true }).toBuffer();
    const wrapped = await wrapImageAsSecondaryCapture({ image: progressive });
    expect(wrapped.storage).toBe('decoded');
    expect(wrapped.transferSyntaxUid).toBe(TransferSyntax.ExplicitVRLittleEndian);
    const { frame } = await decodedPixels(wrapped.bytes);
    expect(frame.info.photometricInterpretation).toBe('RGB');
    // The pixels may be a view of the file's bytes (native frames decode without a copy): compare the view.
    const pixels = Buffer.from(frame.pixels.buffer, frame.pixels.byteOffset, frame.pixels.byteLength);
    expect(pixels.equals(await sharp(progressive).raw().toBuffer())).toBe(true);
  });

  it('stores a PNG losslessly: RGBA as RGB, grey as MONOCHROME2', async () => {
    const rgba = new Uint8Array(width * height * 4).map((_, i) =>
      i % 4 === 3 ? 255 : (source[i - Math.floor(i / 4)] ?? 0),
    );
    const colour = await wrapImageAsSecondaryCapture({ image: await raw(rgba, 4).png().toBuffer() });
    expect(colour.photometricInterpretation).toBe('RGB');
    expect((await decodedPixels(colour.bytes)).frame.pixels).toEqual(source);
    const greySource = source.filter((_, i) => i % 3 === 1);
    const grey = await wrapImageAsSecondaryCapture({ image: await raw(greySource, 1).png().toBuffer() });
    expect(grey.photometricInterpretation).toBe('MONOCHROME2');
    expect((await decodedPixels(grey.bytes)).frame.pixels).toEqual(greySource);
  });

  it('joins the given study with a new series and instance, as Secondary Capture WSD, modality OT', async () => {
    const png = await raw(source, 3).png().toBuffer();
    const studyInstanceUid = '1.2.826.0.1.3680043.8.498.1';
    const first = await wrapImageAsSecondaryCapture({ image: png, studyInstanceUid, patientId: 'P-7' });
    const second = await wrapImageAsSecondaryCapture({ image: png, studyInstanceUid, patientId: 'P-7' });
    expect(first.studyInstanceUid).toBe(studyInstanceUid);
    expect(first.seriesInstanceUid).not.toBe(second.seriesInstanceUid);
    expect(first.sopInstanceUid).not.toBe(second.sopInstanceUid);
    expect([first.sopInstanceUid, first.seriesInstanceUid].every(isValidUid)).toBe(true);
    const dataSet = dicomParser.parseDicom(first.bytes);
    expect(dataSet.string('x00080016')).toBe(SopClass.SecondaryCaptureImageStorage);
    expect(dataSet.string('x00080064')).toBe('WSD');
    expect(dataSet.string('x00080060')).toBe('OT');
    expect(dataSet.string('x0020000d')).toBe(studyInstanceUid);
    expect(dataSet.string('x00100020')).toBe('P-7');
    const fresh = await wrapImageAsSecondaryCapture({ image: png });
    expect(isValidUid(fresh.studyInstanceUid)).toBe(true);
  });

  it('rejects bytes that are not a JPEG or PNG with INVALID_IMAGE', async () => {
    const jpeg = await raw(source, 3).jpeg().toBuffer();
    const gif = await raw(source, 3).gif().toBuffer();
    for (const image of [
      new Uint8Array(Buffer.from('not an image at all')),
      new Uint8Array(0),
      jpeg.subarray(0, jpeg.length / 2),
      gif,
      new Uint8Array(Buffer.from('\x89PNG\r\n\x1a\n broken')),
    ]) {
      expect(await errorCodeOf(() => wrapImageAsSecondaryCapture({ image }))).toBe('INVALID_IMAGE');
    }
    expect(await errorCodeOf(() => wrapImageAsSecondaryCapture({ image: jpeg, studyInstanceUid: '1.2.x' }))).toBe(
      'VALIDATION_FAILED',
    );
  });
});
