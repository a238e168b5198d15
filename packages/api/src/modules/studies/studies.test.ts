import { AppError } from '@lucent/shared';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, corpusManifest } from '../../testing/corpus.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';
import { appRouter } from '../../trpc/app-router.js';
import { createCallerFactory } from '../../trpc/trpc.js';

const FILES = {
  ctSmall: 'CT_small.dcm', // CompressedSamples^CT1, 1CT1, 20040119, CT
  ct1: 'CT1_UNC.explicit_little_endian.dcm', // CompressedSamples^CT1, 1CT1, 20040826, CT
  mr: 'MR_small.dcm', // CompressedSamples^MR1, 4MR1, 20040826, MR
  nm: 'JPEG-lossy.dcm', // CompressedSamples^NM1, 8NM1, 20040826, NM
  overlay: 'examples_overlay.dcm', // accession 8000000000330109, 20051130, MR
  seg: 'liver_1frame.dcm', // accession 03086212, 20030417, SEG
} as const;
type Key = keyof typeof FILES;
const createCaller = createCallerFactory(appRouter);

async function appErrorCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError && error.cause instanceof AppError) return error.cause.code;
    if (error instanceof TRPCError) return `trpc:${error.code}`;
    throw error;
  }
  return undefined;
}

describe('studies: search, get and instance metadata (tRPC)', () => {
  let app: TestApp;
  let caller: ReturnType<typeof createCaller>;
  const study = {} as Record<Key, string>;

  beforeAll(async () => {
    app = await createTestApp();
    caller = createCaller(await app.trpcContext());
    const manifest = await corpusManifest();
    for (const [key, file] of Object.entries(FILES) as Array<[Key, string]>) {
      const result = await app.services.ingest.ingest(await corpusFile(file), { facilityId: app.facilityId });
      expect(result.outcome).toBe('stored');
      study[key] = manifest.find((entry) => entry.file === file)?.studyInstanceUID ?? '';
      expect(result.studyInstanceUid).toBe(study[key]);
    }
  });
  afterAll(async () => {
    await app?.dispose();
  });

  const uidsOf = async (input: Parameters<typeof caller.studies.search>[0]) =>
    new Set((await caller.studies.search(input)).items.map((item) => item.studyInstanceUid));
  const setOf = (...keys: Key[]) => new Set(keys.map((key) => study[key]));

  it('lists every study with a total', async () => {
    const result = await caller.studies.search({});
    expect(result.total).toBe(new Set(Object.values(study)).size);
    expect(result.items).toHaveLength(result.total);
  });

  it('matches patient names case-insensitively, exactly or by a prefix ending in * (blind indexes)', async () => {
    expect(await uidsOf({ patientName: 'CompressedSamples*' })).toEqual(setOf('ctSmall', 'ct1', 'mr', 'nm'));
    expect(await uidsOf({ patientName: 'compressedsamples^c*' })).toEqual(setOf('ctSmall', 'ct1'));
    expect(await uidsOf({ patientName: 'compressedsamples^ct1' })).toEqual(setOf('ctSmall', 'ct1'));
    expect(await uidsOf({ patientName: 'CompressedSamples' })).toEqual(new Set());
  });

  it('answers 400 PHI_SEARCH_UNSUPPORTED for wildcards the blind indexes cannot answer (issue 4)', async () => {
    for (const input of [
      { patientName: 'compressedsamples^c?1' },
      { patientName: '*samples*' },
      { patientId: '1CT*' },
      { sort: { field: 'patientName', direction: 'asc' } },
    ] as const) {
      await expect(caller.studies.search(input), JSON.stringify(input)).rejects.toMatchObject({
        cause: { code: 'PHI_SEARCH_UNSUPPORTED' },
      });
    }
  });

  it('matches patient id, accession number and modality exactly', async () => {
    expect(await uidsOf({ patientId: '1CT1' })).toEqual(setOf('ctSmall', 'ct1'));
    expect(await uidsOf({ accessionNumber: '03086212' })).toEqual(setOf('seg'));
    expect(await uidsOf({ modality: 'MR' })).toEqual(setOf('mr', 'overlay'));
  });

  it('filters study dates by day and by open or closed ranges', async () => {
    expect(await uidsOf({ studyDate: '20040826' })).toEqual(setOf('ct1', 'mr', 'nm'));
    expect(await uidsOf({ studyDate: '20040101-20041231' })).toEqual(setOf('ctSmall', 'ct1', 'mr', 'nm'));
    expect(await uidsOf({ studyDate: '-20031231' })).toEqual(setOf('seg'));
    expect(await uidsOf({ studyDate: '20050101-' })).toEqual(setOf('overlay'));
  });

  it('sorts and pages consistently', async () => {
    const ascending = await caller.studies.search({ sort: { field: 'studyDate', direction: 'asc' } });
    const dates = ascending.items.map((item) => item.studyDate ?? '99999999');
    expect(dates).toEqual([...dates].sort());
    const first = await caller.studies.search({ sort: { field: 'studyDate', direction: 'asc' }, limit: 2 });
    const second = await caller.studies.search({ sort: { field: 'studyDate', direction: 'asc' }, limit: 2, offset: 2 });
    expect(first.total).toBe(ascending.total);
    expect([...first.items, ...second.items].map((item) => item.studyInstanceUid)).toEqual(
      ascending.items.slice(0, 4).map((item) => item.studyInstanceUid),
    );
  });

  it('gets a study with its series and instances, and an instance with its frame table', async () => {
    const detail = await caller.studies.get({ studyInstanceUid: study.mr });
    expect(detail.modalities).toEqual(['MR']);
    expect(detail.series).toHaveLength(1);
    const instance = detail.series[0]?.instances[0];
    expect(instance).toMatchObject({ rows: 64, columns: 64, numberOfFrames: 1 });
    const full = await caller.instances.get({ sopInstanceUid: instance?.sopInstanceUid ?? '' });
    expect(full.frames).toHaveLength(1);
    expect(full.metadata).toHaveProperty('patient');
    expect(full.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers unknown studies with NOT_FOUND , bad input with VALIDATION_FAILED and malformed UIDs with INVALID_UID', async () => {
    expect(await appErrorCode(caller.studies.get({ studyInstanceUid: '1.2.3.4' }))).toBe('NOT_FOUND');
    expect(await appErrorCode(caller.instances.get({ sopInstanceUid: '1.2.3.4' }))).toBe('NOT_FOUND');
    expect(await appErrorCode(caller.studies.search({ limit: 0 }))).toBe('VALIDATION_FAILED');
    expect(await appErrorCode(caller.studies.search({ studyDate: '2004' }))).toBe('VALIDATION_FAILED');
    expect(await appErrorCode(caller.studies.get({ studyInstanceUid: '../../etc' }))).toBe('INVALID_UID');
  });

  it('carries the product error code over HTTP in data.appCode', async () => {
    const response = await app.app.request(
      `/trpc/studies.get?input=${encodeURIComponent(JSON.stringify({ studyInstanceUid: '1.2.3.4' }))}`,
    );
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { data: { appCode: string; numericCode: number } } };
    expect(body.error.data).toMatchObject({ appCode: 'NOT_FOUND', numericCode: 2002 });
  });
});
