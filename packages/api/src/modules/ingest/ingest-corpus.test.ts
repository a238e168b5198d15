import { createEngine, type Engine } from '@lucent/engine';
import { ErrorCodes, IngestFileResult, IngestSummary, isDicomUid, isErrorCode } from '@lucent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CorpusEntry, corpusFile, corpusManifest } from '../../testing/corpus.test-util.js';
import { jsonOf } from '../../testing/http.test-util.js';
import { createTestApp, type TestApp } from '../../testing/test-app.test-util.js';
import { appRouter } from '../../trpc/app-router.js';
import { createCallerFactory } from '../../trpc/trpc.js';
import { postFile, postForm } from './upload.test-util.js';

const manifest = await corpusManifest();
const createCaller = createCallerFactory(appRouter);

/** The manifest names all three UIDs, well formed: the file must be stored and findable. */
const identifiable = (entry: CorpusEntry) =>
  [entry.studyInstanceUID, entry.seriesInstanceUID, entry.sopInstanceUID].every(
    (uid) => typeof uid === 'string' && isDicomUid(uid),
  );

let engine: Engine;

/** The engine's own error code for a file it cannot read, or undefined. */
async function engineRefusal(bytes: Uint8Array): Promise<string | undefined> {
  try {
    await engine.info(bytes, { copy: true });
    return undefined;
  } catch (error) {
    return (error as { code: string }).code;
  }
}

beforeAll(() => {
  engine = createEngine({ threads: 2 });
});
afterAll(async () => {
  await engine.close();
});

describe.each(['real', 'embedded'] as const)('the corpus round trip (%s backend)', (backend) => {
  let app: TestApp;
  let caller: ReturnType<typeof createCaller>;
  beforeAll(async () => {
    app = await createTestApp({ backend, engine, env: { PRERENDER_THUMBNAILS: 'false' } });
    caller = createCaller(await app.trpcContext());
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it.each(manifest.map((entry) => [entry.file, entry] as const))(
    'ingests %s, then finds it by its manifest UIDs and modality (or refuses it with a 4xx code)',
    async (_name, entry) => {
      const bytes = await corpusFile(entry.file);
      const refusal = await engineRefusal(bytes);
      // Several corpus files share a SOP Instance UID with different bytes: overwrite keeps each upload checkable.
      const response = await postFile(app, bytes, '?overwrite=true');
      expect(response.status).toBeLessThan(500);
      if (response.status >= 400) {
        const { error } = (await response.json()) as { error: { code: string } };
        expect(isErrorCode(error.code)).toBe(true);
        expect(ErrorCodes[error.code as keyof typeof ErrorCodes].status).toBe(response.status);
        // Refused only when the engine cannot read it, or when the dataset lacks its UIDs.
        if (refusal !== undefined) expect(error.code).toBe(refusal);
        else expect(identifiable(entry), `${entry.file} has its UIDs but was refused with ${error.code}`).toBe(false);
        return;
      }
      expect(refusal, `${entry.file} was stored although the engine refuses it`).toBeUndefined();
      const result = await jsonOf(response, IngestFileResult);
      expect(['stored', 'overwritten', 'duplicate']).toContain(result.outcome);
      if (!identifiable(entry)) return;
      expect(result).toMatchObject({
        studyInstanceUid: entry.studyInstanceUID,
        seriesInstanceUid: entry.seriesInstanceUID,
        sopInstanceUid: entry.sopInstanceUID,
      });
      const study = await caller.studies.get({ studyInstanceUid: entry.studyInstanceUID as string });
      const series = study.series.find((s) => s.seriesInstanceUid === entry.seriesInstanceUID);
      expect(series?.modality ?? null).toBe(entry.modality ?? null);
      const found = await caller.studies.search({ studyInstanceUid: entry.studyInstanceUID as string });
      expect(found.items.map((s) => s.studyInstanceUid)).toEqual([entry.studyInstanceUID]);
      if (entry.modality !== undefined && entry.modality !== null) {
        expect(study.modalities).toContain(entry.modality);
        const byModality = await caller.studies.search({ modality: entry.modality, limit: 1000 });
        expect(byModality.items.map((s) => s.studyInstanceUid)).toContain(entry.studyInstanceUID);
      }
      const instance = await caller.instances.get({ sopInstanceUid: entry.sopInstanceUID as string });
      expect(instance).toMatchObject({ rows: entry.rows ?? null, columns: entry.columns ?? null });
      if (entry.transferSyntax !== '') expect(instance.transferSyntaxUid).toBe(entry.transferSyntax);
    },
  );

  it('answers the whole corpus in one form with a per-file outcome for every file and no 5xx', async () => {
    const parts = await Promise.all(
      manifest.map(async (entry) => ({ field: 'files', filename: entry.file, body: await corpusFile(entry.file) })),
    );
    const response = await postForm(app, parts);
    expect(response.status).toBe(200);
    const summary = await jsonOf(response, IngestSummary);
    expect(summary.files.map((file) => file.name)).toEqual(manifest.map((entry) => entry.file));
    for (const [index, file] of summary.files.entries()) {
      const entry = manifest[index] as CorpusEntry;
      if (file.outcome !== 'failed') continue;
      const code = file.error?.code ?? 'INTERNAL';
      expect(ErrorCodes[code].status, `${entry.file}: ${code}`).toBeLessThan(500);
      // A readable file with its UIDs fails only because an instance with its UID and other bytes is stored.
      const refusal = await engineRefusal(await corpusFile(entry.file));
      if (refusal !== undefined) expect(code, entry.file).toBe(refusal);
      else if (identifiable(entry)) expect(code, entry.file).toBe('INSTANCE_CONFLICT');
    }
    expect(summary.stored + summary.duplicates + summary.overwritten + summary.failed).toBe(manifest.length);
  });
});
