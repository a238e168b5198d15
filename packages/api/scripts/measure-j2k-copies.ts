/**
 * What a decoded copy of each JPEG 2000 frame costs and buys, against the alternative of a lossless
 * HTJ2K copy: storage per frame, the extra work at ingest, and the decode time a full render then
 * pays. In process, one thread, on 1024×1024 16-bit MR phantom slices (lossless J2K, as the bench).
 *
 *   node --conditions=@lucent/source --import tsx packages/api/scripts/measure-j2k-copies.ts [slices]
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  encodeHtj2k,
  encodeJpeg2000,
  type FrameInfo,
  htj2kCodec,
  jpeg2000Codec,
  mrSlicePixels,
  renderFrame,
  seededRandom,
} from '@lucent/engine';
import { decodeDerivedFrame, encodeDerivedFrame } from '../src/modules/images/derived-frames.js';

const slices = Number(process.argv[2] ?? 5);
const size = 1024;
const info: FrameInfo = {
  transferSyntaxUid: '1.2.840.10008.1.2.4.90',
  rows: size,
  columns: size,
  samplesPerPixel: 1,
  bitsAllocated: 16,
  bitsStored: 16,
  pixelRepresentation: 0,
  photometricInterpretation: 'MONOCHROME2',
  planarConfiguration: 0,
};
const attributes = {
  photometricInterpretation: 'MONOCHROME2',
  bitsStored: 16,
  pixelRepresentation: 0 as const,
  rescaleSlope: 1,
  rescaleIntercept: 0,
  windows: [],
  voiLuts: [],
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
async function timed<T>(samples: number[], work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  samples.push(performance.now() - started);
  return result;
}

const t = {
  j2kDecode: [] as number[],
  htj2kEncode: [] as number[],
  htj2kDecode: [] as number[],
  copyWrite: [] as number[],
  copyRead: [] as number[],
  renderFromPixels: [] as number[],
};
const bytes = { j2k: [] as number[], htj2k: [] as number[], copy: [] as number[] };
const directory = await mkdtemp(join(tmpdir(), 'lucent-j2k-copies-'));
try {
  await jpeg2000Codec.initialize();
  await htj2kCodec.initialize();
  for (let slice = 0; slice < slices; slice++) {
    const pixels = mrSlicePixels(size, (slice - slices / 2) / slices, seededRandom(slice + 1));
    const j2k = await encodeJpeg2000(pixels, info, { lossless: true });
    bytes.j2k.push(j2k.byteLength);
    const decoded = await timed(t.j2kDecode, () => jpeg2000Codec.decode(j2k, info));
    const htj2k = await timed(t.htj2kEncode, () => encodeHtj2k(decoded.pixels, info, { lossless: true }));
    bytes.htj2k.push(htj2k.byteLength);
    await timed(t.htj2kDecode, () =>
      htj2kCodec.decode(htj2k, { ...info, transferSyntaxUid: '1.2.840.10008.1.2.4.201' }),
    );
    const copy = encodeDerivedFrame({ frame: decoded, attributes }, 'f'.repeat(64));
    bytes.copy.push(copy.byteLength);
    const path = join(directory, `f${slice}.decoded`);
    await timed(t.copyWrite, () => writeFile(path, copy, { flush: true }));
    const fromCopy = await timed(t.copyRead, async () =>
      decodeDerivedFrame(new Uint8Array(await readFile(path)), 'f'.repeat(64)),
    );
    if (fromCopy === undefined) throw new Error('copy did not read back');
    await timed(t.renderFromPixels, () => renderFrame(fromCopy.frame, fromCopy.attributes, { format: 'jpeg' }));
  }
} finally {
  await rm(directory, { recursive: true, force: true });
}

const ms = (values: number[]) => Math.round(median(values) * 10) / 10;
const kib = (values: number[]) => Math.round(median(values) / 1024);
console.log(
  JSON.stringify(
    {
      frame: `${size}x${size} 16-bit MR phantom, ${slices} slices, medians`,
      storageKiB: { j2kLossless: kib(bytes.j2k), htj2kLosslessCopy: kib(bytes.htj2k), decodedCopy: kib(bytes.copy) },
      ingestExtraMs: {
        decodedCopy: ms(t.j2kDecode) + ms(t.copyWrite),
        htj2kCopy: ms(t.j2kDecode) + ms(t.htj2kEncode),
      },
      fullRenderDecodeMs: { j2k: ms(t.j2kDecode), htj2kCopy: ms(t.htj2kDecode), decodedCopyRead: ms(t.copyRead) },
      detailMs: {
        j2kDecode: ms(t.j2kDecode),
        htj2kEncode: ms(t.htj2kEncode),
        htj2kDecode: ms(t.htj2kDecode),
        copyWriteFsync: ms(t.copyWrite),
        copyRead: ms(t.copyRead),
        renderJpegFromPixels: ms(t.renderFromPixels),
      },
    },
    null,
    2,
  ),
);
