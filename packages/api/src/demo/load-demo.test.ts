import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_FACILITIES } from '../security/facility-scope.js';
import { createTestApp, type TestApp } from '../testing/test-app.test-util.js';
import { loadDemo } from './load-demo.js';

describe('demo data', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('loads synthetic studies that are then searchable, and a second load stores nothing new', async () => {
    const options = { slices: 2, seed: 7, mrSlices: 1, mrSize: 256, multiframeFrames: 3 } as const;
    const first = await loadDemo(
      (bytes, name) => app.services.ingest.ingestSettled(bytes, { name, facilityId: app.facilityId }),
      options,
    );
    expect(first.failed).toBe(0);
    expect(first.stored).toBe(first.files);
    const studies = await app.services.studies.search({ patientName: 'PHANTOM*' }, ALL_FACILITIES);
    expect(studies.total).toBeGreaterThanOrEqual(4);
    expect(new Set(studies.items.flatMap((study) => study.modalities))).toEqual(new Set(['CT', 'MR', 'US', 'OT']));
    const second = await loadDemo(
      (bytes, name) => app.services.ingest.ingestSettled(bytes, { name, facilityId: app.facilityId }),
      options,
    );
    expect(second.duplicate).toBe(second.files);
  }, 120_000);
});
