import { parseDicom, TransferSyntax } from '@lucent/engine';
import { describe, expect, it } from 'vitest';
import { generateDataset, studyIdentity } from './workload-data.js';

describe('generateDataset', () => {
  it('makes distinct instances grouped into studies, each a valid DICOM file', async () => {
    const dataset = await generateDataset('ct-512', { instances: 5, instancesPerStudy: 2, distinctFrames: 2, seed: 3 });
    expect(dataset.instances).toHaveLength(5);
    expect(new Set(dataset.instances.map((i) => i.sopInstanceUid)).size).toBe(5);
    expect(new Set(dataset.instances.map((i) => i.studyInstanceUid)).size).toBe(3);
    const parsed = parseDicom(dataset.instances[0]?.bytes ?? new Uint8Array(0));
    expect(parsed.transferSyntaxUid).toBe(TransferSyntax.ExplicitVRLittleEndian);
    expect(parsed.frameInfo).toMatchObject({ rows: 512, columns: 512, bitsAllocated: 16 });
  });

  it('writes RGB ultrasound with 3 samples and no window', async () => {
    const dataset = await generateDataset('us-rgb', { instances: 1, instancesPerStudy: 1, distinctFrames: 1, seed: 3 });
    expect(dataset.greyscale).toBe(false);
    expect(dataset.window).toBeUndefined();
    const parsed = parseDicom(dataset.instances[0]?.bytes ?? new Uint8Array(0));
    expect(parsed.frameInfo).toMatchObject({
      rows: 480,
      columns: 640,
      samplesPerPixel: 3,
      photometricInterpretation: 'RGB',
    });
  });

  it('is reproducible from its seed', async () => {
    const options = { instances: 2, instancesPerStudy: 2, distinctFrames: 1, seed: 9 };
    const [a, b] = await Promise.all([generateDataset('ct-512', options), generateDataset('ct-512', options)]);
    expect(a.instances.map((i) => i.sopInstanceUid)).toEqual(b.instances.map((i) => i.sopInstanceUid));
  });
});

describe('studyIdentity', () => {
  it('is synthetic and numbered per dataset', () => {
    expect(studyIdentity('ct-512', 0)).toEqual({
      patientId: 'BENCH-CT512-0001',
      patientName: 'PHANTOM^CT512^0001',
      accessionNumber: 'ACT5120001',
      studyDate: '20240101',
    });
    expect(studyIdentity('ct-512', 1).studyDate).toBe('20240108');
  });
});
