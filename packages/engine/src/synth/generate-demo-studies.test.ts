import dicomParser from 'dicom-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame } from '../decode/decode-frame.js';
import { parseDicom } from '../dicom/parse-dicom.js';
import type { ParsedDicom } from '../dicom/parsed-dicom.js';
import { TransferSyntax } from '../dicom/transfer-syntax.js';
import { errorCodeOf } from '../errors/error-code-of.test-util.js';
import type { PixelArray } from '../image/decoded-frame.js';
import { CT_FIELD_OF_VIEW_MM, ctSliceSpacing } from './ct-series.js';
import type { DemoFile } from './demo-file.js';
import { demoSyntaxes, demoSyntaxInfo } from './demo-syntax.js';
import { generateDemoStudies } from './generate-demo-studies.js';

const SLOW = 180_000;

interface Parsed {
  name: string;
  parsed: ParsedDicom;
}
const parseAll = (files: DemoFile[]): Parsed[] => files.map((f) => ({ name: f.name, parsed: parseDicom(f.bytes) }));
const inFolder = (files: Parsed[], folder: string) => files.filter((f) => f.name.startsWith(`${folder}/`));
const same = (a: PixelArray, b: PixelArray) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function meanAbsoluteDifference(a: PixelArray, b: PixelArray): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

describe('generateDemoStudies: the CT phantom series', () => {
  const slices = 3;
  let files: Parsed[];
  beforeAll(async () => {
    files = parseAll(await generateDemoStudies({ parts: ['ct'], slices, seed: 7 }));
  }, SLOW);

  it('writes one series of N slices per transfer syntax, all in one study', () => {
    expect(files).toHaveLength(slices * demoSyntaxes.length);
    const studies = new Set(files.map((f) => f.parsed.metadata.study.studyInstanceUid));
    const series = new Set(files.map((f) => f.parsed.metadata.series.seriesInstanceUid));
    const instances = new Set(files.map((f) => f.parsed.metadata.instance.sopInstanceUid));
    expect([studies.size, series.size, instances.size]).toEqual([1, demoSyntaxes.length, files.length]);
    for (const syntax of demoSyntaxes) {
      const series = inFolder(files, `ct-${syntax}`);
      expect(series.map((f) => f.parsed.transferSyntaxUid)).toEqual(
        Array(slices).fill(demoSyntaxInfo[syntax].transferSyntaxUid),
      );
    }
  });

  it(
    'decodes every lossless syntax to exactly the native pixels',
    async () => {
      const native = inFolder(files, 'ct-explicit');
      for (const syntax of ['rle', 'jpegls', 'j2k', 'htj2k'] as const) {
        const encoded = inFolder(files, `ct-${syntax}`);
        for (let i = 0; i < slices; i++) {
          const expected = await decodeFrame((native[i] as Parsed).parsed, 0);
          const actual = await decodeFrame((encoded[i] as Parsed).parsed, 0);
          expect(same(actual.pixels, expected.pixels), `${syntax} slice ${i}`).toBe(true);
        }
      }
    },
    SLOW,
  );

  it('decodes lossy JPEG 2000 close to the native pixels and marks it lossy', async () => {
    const native = await decodeFrame((inFolder(files, 'ct-explicit')[1] as Parsed).parsed, 0);
    const lossy = (inFolder(files, 'ct-j2k-lossy')[1] as Parsed).parsed;
    expect(lossy.transferSyntaxUid).toBe(TransferSyntax.Jpeg2000);
    expect(meanAbsoluteDifference((await decodeFrame(lossy, 0)).pixels, native.pixels)).toBeLessThan(4);
    const dataSet = dicomParser.parseDicom(lossy.bytes);
    expect(dataSet.string('x00282110')).toBe('01');
    expect(dataSet.string('x00282114')).toBe('ISO_15444_1');
    expect(Number(dataSet.string('x00282112'))).toBeGreaterThan(1);
  });

  it('lays the slices out as a consistent axial volume', () => {
    const series = inFolder(files, 'ct-explicit').map((f) => f.parsed.metadata);
    const spacing = ctSliceSpacing(slices);
    const pixelSpacing = CT_FIELD_OF_VIEW_MM / 512;
    series.forEach((m, i) => {
      const image = m.image;
      expect(m.instance.instanceNumber).toBe(i + 1);
      expect([image?.rows, image?.columns]).toEqual([512, 512]);
      expect(image?.imageOrientationPatient).toEqual([1, 0, 0, 0, 1, 0]);
      expect(image?.pixelSpacing?.[0]).toBeCloseTo(pixelSpacing, 6);
      expect(image?.pixelSpacing?.[1]).toBeCloseTo(pixelSpacing, 6);
      expect(image?.sliceThickness).toBeCloseTo(spacing, 3);
      const [x, y, z] = image?.imagePositionPatient ?? [];
      expect(x).toBeCloseTo(-CT_FIELD_OF_VIEW_MM / 2 + pixelSpacing / 2, 6);
      expect(y).toBeCloseTo(-CT_FIELD_OF_VIEW_MM / 2 + pixelSpacing / 2, 6);
      const firstZ = series[0]?.image?.imagePositionPatient?.[2] ?? Number.NaN;
      expect(z).toBeCloseTo(firstZ + i * spacing, 3);
    });
    // The same geometry in every syntax, one frame of reference.
    const positions = (syntax: string) =>
      inFolder(files, `ct-${syntax}`).map((f) => f.parsed.metadata.image?.imagePositionPatient);
    for (const syntax of demoSyntaxes) expect(positions(syntax)).toEqual(positions('explicit'));
    expect(new Set(files.map((f) => f.parsed.metadata.series.frameOfReferenceUid)).size).toBe(1);
  });

  it('stores Hounsfield units with rescale −1024 and a 40/400 window; slices differ', async () => {
    const series = inFolder(files, 'ct-explicit');
    const middle = (series[1] as Parsed).parsed;
    const attributes = middle.renderingAttributes(0);
    expect(attributes.rescaleIntercept).toBe(-1024);
    expect(attributes.rescaleSlope).toBe(1);
    expect(attributes.windows[0]).toMatchObject({ center: 40, width: 400 });
    const pixels = (await decodeFrame(middle, 0)).pixels;
    const hu = (row: number, column: number) => (pixels[row * 512 + column] as number) - 1024;
    expect(hu(5, 5)).toBeLessThan(-950); // air
    expect(Math.abs(hu(256 + 120, 256) - 40)).toBeLessThan(25); // brain, about +40
    expect(hu(256, 256 - 173)).toBeGreaterThan(500); // skull at the side
    const first = (await decodeFrame((series[0] as Parsed).parsed, 0)).pixels;
    expect(meanAbsoluteDifference(first, pixels)).toBeGreaterThan(5);
  });

  it('names an obviously fake patient', () => {
    const { patient } = (files[0] as Parsed).parsed.metadata;
    expect(patient.patientName).toBe('PHANTOM^DEMO^^^SYNTHETIC');
    expect(patient.patientId).toBe('LUCENT-DEMO-0001');
  });
});

describe('generateDemoStudies: MR, ultrasound and multi-frame', () => {
  let files: Parsed[];
  beforeAll(async () => {
    files = parseAll(await generateDemoStudies({ parts: ['mr', 'ultrasound', 'multiframe'], seed: 3 }));
  }, SLOW);

  it(
    'writes a 1024² 16-bit MR, uncompressed and lossless JPEG 2000 with the same pixels',
    async () => {
      const native = inFolder(files, 'mr-1024-explicit');
      const j2k = inFolder(files, 'mr-1024-j2k');
      expect([native.length, j2k.length]).toEqual([2, 2]);
      for (let i = 0; i < 2; i++) {
        const a = (native[i] as Parsed).parsed;
        const b = (j2k[i] as Parsed).parsed;
        expect(b.transferSyntaxUid).toBe(TransferSyntax.Jpeg2000Lossless);
        expect(a.metadata.image).toMatchObject({ rows: 1024, columns: 1024, bitsAllocated: 16, bitsStored: 16 });
        expect(a.metadata.series.modality).toBe('MR');
        const pixels = (await decodeFrame(a, 0)).pixels;
        expect(same((await decodeFrame(b, 0)).pixels, pixels)).toBe(true);
        expect(Array.from(pixels).reduce((max, v) => Math.max(max, v), 0)).toBeGreaterThan(4095);
      }
    },
    SLOW,
  );

  it('writes an RGB ultrasound as baseline JPEG, YBR_FULL_422, 640×480', async () => {
    const [us] = inFolder(files, 'us-rgb');
    const parsed = (us as Parsed).parsed;
    expect(parsed.transferSyntaxUid).toBe(TransferSyntax.JpegBaseline);
    expect(parsed.metadata.image).toMatchObject({
      rows: 480,
      columns: 640,
      samplesPerPixel: 3,
      photometricInterpretation: 'YBR_FULL_422',
    });
    expect(parsed.metadata.series.modality).toBe('US');
    const frame = await decodeFrame(parsed, 0);
    expect(frame.info.photometricInterpretation).toBe('RGB');
    const pixel = (x: number, y: number) => [...frame.pixels.subarray((y * 640 + x) * 3, (y * 640 + x) * 3 + 3)];
    expect(pixel(5, 5)).toEqual([0, 0, 0]); // outside the sector
    const [r, g, b] = pixel(250, Math.round(480 * 0.33 - 0.08 * 70));
    expect((r as number) - (g as number)).toBeGreaterThan(60); // Doppler red towards the probe
    expect(b).toBeLessThan(80);
  });

  it(
    'writes a 20-frame 256² multi-frame, native and RLE, frames that differ and match',
    async () => {
      const [native] = inFolder(files, 'multiframe-explicit');
      const [rle] = inFolder(files, 'multiframe-rle');
      const a = (native as Parsed).parsed;
      const b = (rle as Parsed).parsed;
      expect([a.frames.length, b.frames.length]).toEqual([20, 20]);
      expect(b.transferSyntaxUid).toBe(TransferSyntax.RleLossless);
      expect(a.metadata.image).toMatchObject({ rows: 256, columns: 256, numberOfFrames: 20 });
      let previous: PixelArray | undefined;
      for (let f = 0; f < 20; f++) {
        const pixels = (await decodeFrame(a, f)).pixels;
        expect(same((await decodeFrame(b, f)).pixels, pixels), `frame ${f}`).toBe(true);
        if (previous !== undefined) expect(meanAbsoluteDifference(previous, pixels)).toBeGreaterThan(5);
        previous = pixels;
      }
    },
    SLOW,
  );

  it('puts each part in its own study of the same fake patient', () => {
    const studies = new Set(files.map((f) => f.parsed.metadata.study.studyInstanceUid));
    expect(studies.size).toBe(3);
    expect(new Set(files.map((f) => f.parsed.metadata.patient.patientId))).toEqual(new Set(['LUCENT-DEMO-0001']));
  });
});

describe('generateDemoStudies: reproducibility and options', () => {
  const small = { parts: ['ct', 'ultrasound'], slices: 2, ctSize: 64, syntaxes: ['explicit', 'htj2k'] } as const;

  it('gives the same bytes for the same seed, and fresh UIDs without one', async () => {
    const first = await generateDemoStudies({ ...small, seed: 42 });
    const again = await generateDemoStudies({ ...small, seed: 42 });
    expect(again.map((f) => f.name)).toEqual(first.map((f) => f.name));
    for (const [i, file] of again.entries()) {
      expect(Buffer.from(file.bytes).equals(Buffer.from(first[i]?.bytes ?? []))).toBe(true);
    }
    const other = await generateDemoStudies({ ...small, seed: 43 });
    const unseeded = await generateDemoStudies(small);
    const uidOf = (files: DemoFile[]) => parseDicom((files[0] as DemoFile).bytes).metadata.instance.sopInstanceUid;
    expect(new Set([uidOf(first), uidOf(other), uidOf(unseeded)]).size).toBe(3);
  });

  it('follows the slice count and syntax list', async () => {
    const files = await generateDemoStudies({ parts: ['ct'], slices: 5, ctSize: 32, syntaxes: ['jpegls'] });
    expect(files.map((f) => f.name)).toEqual([1, 2, 3, 4, 5].map((n) => `ct-jpegls/CT000${n}.dcm`));
  });

  it('rejects counts out of range with VALIDATION_FAILED', async () => {
    expect(await errorCodeOf(() => generateDemoStudies({ parts: ['ct'], slices: 0 }))).toBe('VALIDATION_FAILED');
    expect(await errorCodeOf(() => generateDemoStudies({ parts: ['mr'], mrSize: 2.5 }))).toBe('VALIDATION_FAILED');
  });
});
