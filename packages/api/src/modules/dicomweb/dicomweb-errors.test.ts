import type { DicomJsonDataset } from '@lucent/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../testing/corpus.test-util.js';
import { errorCodeOf } from '../../testing/http.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';

const CT_STUDY = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';
const CT_SERIES = '1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322';
const CT_SOP = '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322';
const CT_PATH = `/dicomweb/studies/${CT_STUDY}/series/${CT_SERIES}/instances/${CT_SOP}`;

function multipart(parts: Uint8Array[], boundary = 'test-boundary', close = true): Uint8Array {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      Buffer.from(part),
      Buffer.from('\r\n'),
    );
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return new Uint8Array(Buffer.concat(chunks));
}

const reasons = (body: DicomJsonDataset) =>
  ((body['00081198']?.Value ?? []) as DicomJsonDataset[]).map((item) => item['00081197']?.Value?.[0]);

describe.each(['embedded', 'real'] as const)('DICOMweb refusals and edge cases (%s backend)', (backend) => {
  let app: TestApp;
  const get = (path: string, accept?: string) =>
    app.app.request(path, accept === undefined ? {} : { headers: { accept } });
  const stow = (body: Uint8Array, contentType: string, path = '/dicomweb/studies') =>
    app.app.request(path, { method: 'POST', headers: { 'content-type': contentType }, body });
  const related = 'multipart/related; type="application/dicom"; boundary=test-boundary';
  const studyCount = async () => ((await (await get('/dicomweb/studies')).json()) as unknown[]).length;

  beforeAll(async () => {
    app = await createTestApp({ backend });
    const stored = await stow(multipart([await corpusFile('CT_small.dcm')]), related);
    expect(stored.status).toBe(200);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('answers bad query values with 400 and a code, and reports keys it does not match on', async () => {
    expect(await errorCodeOf(await get('/dicomweb/studies?StudyDate=2004-01-19'))).toBe('VALIDATION_FAILED');
    expect(await errorCodeOf(await get('/dicomweb/studies?StudyDate=20050101-20040101'))).toBe('VALIDATION_FAILED');
    expect(await errorCodeOf(await get('/dicomweb/studies?limit=0'))).toBe('VALIDATION_FAILED');
    expect(await errorCodeOf(await get('/dicomweb/studies?offset=-1'))).toBe('VALIDATION_FAILED');
    expect(await errorCodeOf(await get('/dicomweb/studies?StudyInstanceUID=1.2.abc'))).toBe('INVALID_UID');
    expect(await errorCodeOf(await get('/dicomweb/studies?includefield=NoSuchKeyword'))).toBe('VALIDATION_FAILED');
    expect(await errorCodeOf(await get('/dicomweb/studies?x%3Cy=1'))).toBe('VALIDATION_FAILED');
    const ignored = await get('/dicomweb/studies?InstitutionName=X&fuzzymatching=false');
    expect(ignored.status).toBe(200);
    expect(ignored.headers.get('warning')).toContain('00080080');
    const none = await get('/dicomweb/studies?PatientID=nobody');
    expect(none.status).toBe(200);
    expect(await none.json()).toEqual([]);
  });

  it('refuses media types it cannot produce with 406, unknown UIDs with 404, bad frames with 400', async () => {
    expect(await errorCodeOf(await get(`/dicomweb/studies/${CT_STUDY}/metadata`, 'image/png'))).toBe('NOT_ACCEPTABLE');
    // CT_small is stored uncompressed: there is no JPEG 2000 codestream to send, and no transcoding.
    const jp2 = 'multipart/related; type="image/jp2"';
    expect(await errorCodeOf(await get(`${CT_PATH}/frames/1`, jp2))).toBe('NOT_ACCEPTABLE');
    const otherSyntax = 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.50';
    expect(await errorCodeOf(await get(CT_PATH, otherSyntax))).toBe('NOT_ACCEPTABLE');
    expect(await errorCodeOf(await get(`${CT_PATH}/frames/2`))).toBe('FRAME_OUT_OF_RANGE');
    expect(await errorCodeOf(await get(`${CT_PATH}/frames/x`))).toBe('VALIDATION_FAILED');
    expect(await errorCodeOf(await get('/dicomweb/studies/1.2.3/metadata'))).toBe('NOT_FOUND');
    expect(await errorCodeOf(await get(`/dicomweb/studies/${CT_STUDY}/series/1.2.3/metadata`))).toBe('NOT_FOUND');
    expect(await errorCodeOf(await get('/dicomweb/studies/..%2F..%2Fetc/metadata'))).toBe('INVALID_UID');
    expect(await errorCodeOf(await get(`${CT_PATH}/rendered?window=40`))).toBe('INVALID_RENDER_OPTIONS');
    expect(await errorCodeOf(await get(`${CT_PATH}/rendered?viewport=0,10`))).toBe('INVALID_RENDER_OPTIONS');
    expect(await errorCodeOf(await get(`${CT_PATH}/rendered`, 'image/gif'))).toBe('NOT_ACCEPTABLE');
  });

  it('serves instances multipart with the stored syntax, a single instance bare when asked, and thumbnails', async () => {
    const multi = await get(CT_PATH, 'multipart/related; type="application/dicom"; transfer-syntax=*');
    expect(multi.headers.get('content-type')).toMatch(/^multipart\/related; type="application\/dicom"; boundary=/);
    const single = await get(CT_PATH, 'application/dicom');
    expect(single.headers.get('content-type')).toBe('application/dicom; transfer-syntax=1.2.840.10008.1.2.1');
    expect(Buffer.from(await single.arrayBuffer()).equals(Buffer.from(await corpusFile('CT_small.dcm')))).toBe(true);
    for (const path of [`/dicomweb/studies/${CT_STUDY}/thumbnail`, `${CT_PATH}/frames/1/thumbnail`]) {
      const thumbnail = await get(path, 'image/webp');
      expect(thumbnail.status, path).toBe(200);
      expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    }
  });

  it('STOW-RS refuses a body that is not multipart/related, has no boundary or is truncated, storing nothing', async () => {
    const before = await studyCount();
    const mr = await corpusFile('MR_small.dcm');
    expect(await errorCodeOf(await stow(mr, 'application/dicom'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await errorCodeOf(await stow(multipart([mr]), 'multipart/related; type="application/dicom"'))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await errorCodeOf(await stow(multipart([mr], 'test-boundary', false), related))).toBe('UPLOAD_INCOMPLETE');
    expect(await errorCodeOf(await stow(multipart([mr]).subarray(0, 2000), related))).toBe('UPLOAD_INCOMPLETE');
    expect(await studyCount()).toBe(before);
  });

  it('STOW-RS answers 202 when some parts fail and 409 when all do, with a FailureReason each', async () => {
    const notDicom = new TextEncoder().encode('this is not a DICOM file at all, not even close');
    const mixed = await stow(multipart([await corpusFile('MR_small.dcm'), notDicom]), related);
    expect(mixed.status).toBe(202);
    const body = (await mixed.json()) as DicomJsonDataset;
    expect(reasons(body)).toEqual([0xc000]);
    expect(body['00081199']?.Value).toHaveLength(1);
    const allFailed = await stow(multipart([notDicom]), related);
    expect(allFailed.status).toBe(409);
    // An instance of another study sent to /studies/{CT}: refused, not stored.
    const before = await studyCount();
    const wrongStudy = await stow(
      multipart([await corpusFile('SC_rgb_rle.dcm')]),
      related,
      `/dicomweb/studies/${CT_STUDY}`,
    );
    expect(wrongStudy.status).toBe(409);
    expect(reasons((await wrongStudy.json()) as DicomJsonDataset)).toEqual([0xa900]);
    expect(await studyCount()).toBe(before);
  });
});
