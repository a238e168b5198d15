import { createEngine, type Engine, generateUid, wrapImageAsSecondaryCapture } from '@lucent/engine';
import { IngestFileResult, IngestSummary } from '@lucent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_FACILITIES } from '../../security/facility-scope.js';
import { corpusFile } from '../../testing/corpus.test-util.js';
import { jsonOf } from '../../testing/http.test-util.js';
import { syntheticPatients } from '../../testing/synthetic-patients.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';
import { postFile, postForm, storedState } from './upload.test-util.js';

let engine: Engine;
beforeAll(() => {
  engine = createEngine({ threads: 2 });
});
afterAll(async () => {
  await engine.close();
});

describe.each(['real', 'embedded'] as const)('concurrent uploads (%s backend)', (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ backend, engine });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('stores one of 10 parallel uploads of the same file and answers the other 9 as duplicates', async () => {
    const ct = await corpusFile('CT_small.dcm');
    const before = await storedState(app);
    const responses = await Promise.all(Array.from({ length: 10 }, () => postFile(app, ct)));
    const results = await Promise.all(responses.map((response) => jsonOf(response, IngestFileResult)));
    expect(responses.map((response) => response.status).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(results.filter((result) => result.outcome === 'stored')).toHaveLength(1);
    expect(results.filter((result) => result.outcome === 'duplicate')).toHaveLength(9);
    const after = await storedState(app);
    expect(after.rows.instance).toBe(before.rows.instance + 1);
    expect(after.files).toHaveLength(before.files.length + 1);
    expect(after.temporary).toEqual([]);
  });

  it('counts exactly when different instances of one study arrive in parallel, as bodies and as forms', async () => {
    const png = (
      await engine.render(await corpusFile('MR_small.dcm'), { format: 'png', width: 32, height: 32 }, { copy: true })
    ).data;
    const studyInstanceUid = generateUid();
    const series = [generateUid(), generateUid()];
    const captures = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        wrapImageAsSecondaryCapture({
          image: png,
          studyInstanceUid,
          seriesInstanceUid: series[i % 2] as string,
          instanceNumber: i + 1,
          patientId: syntheticPatients.parallelUpload.patientId,
        }),
      ),
    );
    const before = await storedState(app);
    const bodies = captures.slice(0, 10).map((capture) => postFile(app, capture.bytes));
    const forms = [0, 1, 2].map((k) =>
      postForm(
        app,
        captures
          .slice(10 + 2 * k, 12 + 2 * k)
          .map((capture, i) => ({ field: 'f', filename: `${k}-${i}.dcm`, body: capture.bytes })),
      ),
    );
    const [bodyResponses, formResponses] = await Promise.all([Promise.all(bodies), Promise.all(forms)]);
    expect(bodyResponses.map((response) => response.status)).toEqual(Array(10).fill(201));
    for (const response of formResponses) {
      expect(response.status).toBe(200);
      expect(await jsonOf(response, IngestSummary)).toMatchObject({ stored: 2, failed: 0 });
    }

    const study = await app.services.studies.get(studyInstanceUid, ALL_FACILITIES);
    expect(study.numberOfInstances).toBe(16);
    expect(study.numberOfSeries).toBe(2);
    expect(study.series.map((s) => s.numberOfInstances)).toEqual([8, 8]);
    const after = await storedState(app);
    expect(after.rows).toEqual({
      patient: before.rows.patient + 1,
      study: before.rows.study + 1,
      series: before.rows.series + 2,
      instance: before.rows.instance + 16,
    });
    expect(after.files).toHaveLength(before.files.length + 16);
  });
});
