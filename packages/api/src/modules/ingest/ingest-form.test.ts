import { createEngine, type Engine } from '@lucent/engine';
import { IngestFileResult, IngestSummary } from '@lucent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_FACILITIES } from '../../security/facility-scope.js';
import { corpusFile } from '../../testing/corpus.test-util.js';
import { errorCodeOf, jsonOf } from '../../testing/http.test-util.js';
import { syntheticPatients } from '../../testing/synthetic-patients.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';
import { alteredCopy, postFile, postForm, storedState } from './upload.test-util.js';

const CT_STUDY = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';
const CT_SOP = '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322';
const MR_SOP = '1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457';
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';

let engine: Engine;
beforeAll(() => {
  engine = createEngine({ threads: 2 });
});
afterAll(async () => {
  await engine.close();
});

describe.each(['real', 'embedded'] as const)('ingest of multipart forms and images (%s backend)', (backend) => {
  let app: TestApp;
  let ct: Uint8Array;
  let mr: Uint8Array;
  beforeAll(async () => {
    app = await createTestApp({ backend, engine });
    ct = await corpusFile('CT_small.dcm');
    mr = await corpusFile('MR_small.dcm');
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('stores every file of a form whatever its field name and reports each file', async () => {
    const response = await postForm(app, [
      { field: 'file', filename: 'ct.dcm', type: 'application/dicom', body: ct },
      { field: 'anything-at-all', filename: 'study/mr.dcm', body: mr },
      { field: 'notes', filename: 'notes.txt', type: 'text/plain', body: 'not a DICOM file, just some notes' },
    ]);
    expect(response.status).toBe(200);
    const summary = await jsonOf(response, IngestSummary);
    expect(summary).toMatchObject({ stored: 2, duplicates: 0, overwritten: 0, failed: 1 });
    expect(summary.files.map((file) => [file.name, file.outcome, file.error?.code])).toEqual([
      ['ct.dcm', 'stored', undefined],
      ['study/mr.dcm', 'stored', undefined],
      ['notes.txt', 'failed', 'INVALID_DICOM'],
    ]);
    expect(summary.files[0]).toMatchObject({
      sopInstanceUid: CT_SOP,
      studyInstanceUid: CT_STUDY,
      bytes: ct.byteLength,
    });
    expect((await app.services.studies.instance(MR_SOP, ALL_FACILITIES)).sopInstanceUid).toBe(MR_SOP);
  });

  it('answers identical files in a form as duplicates, different bytes with 409, and replaces them with ?overwrite=true', async () => {
    const again = await postForm(app, [{ field: 'f', filename: 'ct.dcm', body: ct }]);
    expect(again.status).toBe(200);
    expect(await jsonOf(again, IngestSummary)).toMatchObject({ stored: 0, duplicates: 1, failed: 0 });

    const before = await storedState(app);
    const changed = alteredCopy(ct);
    const conflict = await postForm(app, [{ field: 'f', filename: 'ct.dcm', body: changed }]);
    expect(conflict.status).toBe(409);
    expect(await errorCodeOf(conflict)).toBe('INSTANCE_CONFLICT');
    expect(await storedState(app)).toEqual(before);

    const mixed = await postForm(app, [
      { field: 'f', filename: 'ct.dcm', body: changed },
      { field: 'f', filename: 'mr.dcm', body: mr },
    ]);
    expect(mixed.status).toBe(200);
    expect((await jsonOf(mixed, IngestSummary)).files.map((file) => file.error?.code ?? file.outcome)).toEqual([
      'INSTANCE_CONFLICT',
      'duplicate',
    ]);

    const overwrite = await postForm(app, [{ field: 'f', filename: 'ct.dcm', body: changed }], '?overwrite=true');
    expect(overwrite.status).toBe(200);
    expect(await jsonOf(overwrite, IngestSummary)).toMatchObject({ overwritten: 1, stored: 0, failed: 0 });
    const after = await storedState(app);
    expect(after.rows).toEqual(before.rows);
    expect(after.files).toHaveLength(before.files.length);
    expect(after.files).not.toEqual(before.files); // the replaced file is gone, the new one is in its place
    expect((await app.services.studies.instance(CT_SOP, ALL_FACILITIES)).sopInstanceUid).toBe(CT_SOP);
  });

  it('refuses a form with no files', async () => {
    const response = await postForm(app, [{ field: 'studyInstanceUid', body: CT_STUDY }]);
    expect(response.status).toBe(400);
    expect(await errorCodeOf(response)).toBe('VALIDATION_FAILED');
  });

  it('wraps a PNG found by its signature in a form as a Secondary Capture of the named study', async () => {
    const png = (await engine.render(ct, { format: 'png', width: 64, height: 64 }, { copy: true })).data;
    const response = await postForm(app, [
      { field: 'studyInstanceUid', body: CT_STUDY },
      { field: 'picture', filename: 'photo.bin', type: 'application/octet-stream', body: png },
      { field: 'picture', filename: 'photo2.png', type: 'image/png', body: png },
    ]);
    expect(response.status).toBe(200);
    const summary = await jsonOf(response, IngestSummary);
    expect(summary).toMatchObject({ stored: 2, failed: 0 });
    expect(new Set(summary.files.map((file) => file.studyInstanceUid))).toEqual(new Set([CT_STUDY]));
    expect(new Set(summary.files.map((file) => file.seriesInstanceUid)).size).toBe(1);
    const study = await app.services.studies.get(CT_STUDY, ALL_FACILITIES);
    expect(study.modalities).toEqual(['CT', 'OT']);
    expect(study.numberOfInstances).toBe(3);
    const capture = await app.services.studies.instance(summary.files[0]?.sopInstanceUid ?? '', ALL_FACILITIES);
    expect(capture).toMatchObject({ sopClassUid: SECONDARY_CAPTURE, rows: 64, columns: 64 });
  });

  it('wraps a JPEG body sent with ?patientId as a new study of that patient', async () => {
    const jpeg = (await engine.render(mr, { format: 'jpeg', width: 32, height: 32 }, { copy: true })).data;
    const { patientId } = syntheticPatients.imageUpload;
    const response = await postFile(app, jpeg, `?patientId=${patientId}`, 'image/jpeg');
    expect(response.status).toBe(201);
    const result = await jsonOf(response, IngestFileResult);
    const study = await app.services.studies.get(result.studyInstanceUid ?? '', ALL_FACILITIES);
    expect(study.patient.patientId).toBe(patientId);
    expect(study.modalities).toEqual(['OT']);
    const found = await app.services.studies.search({ patientId }, ALL_FACILITIES);
    expect(found.items.map((s) => s.studyInstanceUid)).toEqual([result.studyInstanceUid]);
  });

  it('refuses images with no study or patient to attach to, and images that are not images', async () => {
    const png = (await engine.render(ct, { format: 'png', width: 16, height: 16 }, { copy: true })).data;
    const before = await storedState(app);
    const body = await postFile(app, png, '', 'image/png');
    expect(body.status).toBe(400);
    expect(await errorCodeOf(body)).toBe('STUDY_OR_PATIENT_REQUIRED');
    const form = await postForm(app, [{ field: 'f', filename: 'x.png', body: png }]);
    expect(form.status).toBe(400);
    expect(await errorCodeOf(form)).toBe('STUDY_OR_PATIENT_REQUIRED');
    const broken = await postFile(app, png.subarray(0, 40), `?studyInstanceUid=${CT_STUDY}`, 'image/png');
    expect(broken.status).toBe(400);
    expect(await errorCodeOf(broken)).toBe('INVALID_IMAGE');
    const badUid = await postFile(app, png, '?studyInstanceUid=1.2.abc', 'image/png');
    expect(badUid.status).toBe(400);
    expect(await errorCodeOf(badUid)).toBe('INVALID_UID');
    expect(await storedState(app)).toEqual(before);
  });
});
