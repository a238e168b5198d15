import type { RequestSpec } from './rotation.js';
import { type Dataset, studyIdentity, type WorkloadInstance } from './workload-data.js';

export const imageKinds = ['thumbnail', 'preview', 'full', 'rendered'] as const;
export type ImageKind = (typeof imageKinds)[number];
export type Temperature = 'cold' | 'warm';

/** Both servers answer JPEG; Lucent would otherwise pick WebP/AVIF when the client accepts them. */
const acceptJpeg = { accept: 'image/jpeg' };
const thumbnailBox = 128;
const previewBox = 800;

/** The size an image of `columns` × `rows` takes when fitted inside `box` × `box` (never enlarged). */
export function fitInside(columns: number, rows: number, box: number): { width: number; height: number } {
  const scale = Math.min(1, box / Math.max(columns, rows));
  return { width: Math.max(1, Math.round(columns * scale)), height: Math.max(1, Math.round(rows * scale)) };
}

/** Lucent's progressive image routes (one request per instance). */
export function lucentImageRequest(kind: ImageKind, dataset: Dataset, instance: WorkloadInstance): RequestSpec {
  const base = `/api/v1/images/${instance.sopInstanceUid}`;
  if (kind === 'rendered') {
    const window = dataset.window;
    const query = window === undefined ? '' : `?window=${window.center},${window.width}`;
    return { method: 'GET', path: `${base}/rendered${query}`, headers: acceptJpeg };
  }
  return { method: 'GET', path: `${base}/${kind}`, headers: acceptJpeg };
}

/**
 * Orthanc's equivalents: `/instances/{id}/rendered` (JPEG by Accept), `?width=128` for the
 * thumbnail, the preview fitted inside 800×800 as Lucent's (Orthanc would enlarge a smaller
 * image), full resolution, and `window-center`/`window-width` for the windowed render.
 */
export function orthancImageRequest(kind: ImageKind, dataset: Dataset, orthancId: string): RequestSpec {
  const base = `/instances/${orthancId}/rendered`;
  const request = (query: string): RequestSpec => ({ method: 'GET', path: `${base}${query}`, headers: acceptJpeg });
  switch (kind) {
    case 'thumbnail':
      return request(`?width=${thumbnailBox}`);
    case 'preview': {
      const size = fitInside(dataset.columns, dataset.rows, previewBox);
      return request(size.width === dataset.columns ? '' : `?width=${size.width}&height=${size.height}`);
    }
    case 'full':
      return request('');
    case 'rendered': {
      const window = dataset.window;
      return request(window === undefined ? '' : `?window-center=${window.center}&window-width=${window.width}`);
    }
  }
}

/** Whether a workload applies to a dataset: a windowed render needs a greyscale image. */
export function appliesTo(kind: ImageKind, dataset: Dataset): boolean {
  return kind !== 'rendered' || dataset.greyscale;
}

/** A wildcard matching every synthetic patient name of a dataset (`PHANTOM^CT512^*`). */
export function patientNamePattern(dataset: Pick<Dataset, 'id'>): string {
  return studyIdentity(dataset.id, 0).patientName.replace(/[^^]+$/, '*');
}

/** QIDO-RS study queries, the same on both servers (values from the generated studies). */
export function studyQueries(datasets: readonly Dataset[]): string[] {
  const queries: string[] = [];
  for (const dataset of datasets) {
    const first = dataset.instances[0];
    if (first === undefined) continue;
    queries.push(
      `PatientID=${encodeURIComponent(first.patientId)}`,
      `PatientName=${encodeURIComponent(patientNamePattern(dataset))}&limit=25`,
      `ModalitiesInStudy=${dataset.modality}&limit=25`,
    );
  }
  queries.push('StudyDate=20240101-20240630&limit=50', 'StudyDate=20240701-&limit=50', 'limit=100');
  return queries;
}

export const lucentQido = (query: string): RequestSpec => ({
  method: 'GET',
  path: `/dicomweb/studies?${query}`,
  headers: { accept: 'application/dicom+json' },
});

export const orthancQido = (query: string): RequestSpec => ({
  method: 'GET',
  path: `/dicom-web/studies?${query}`,
  headers: { accept: 'application/dicom+json' },
});

/** The same searches as tRPC `studies.search` inputs (a GET with the JSON input in the query). */
export function studySearchInputs(datasets: readonly Dataset[]): Record<string, unknown>[] {
  const inputs: Record<string, unknown>[] = [];
  for (const dataset of datasets) {
    const first = dataset.instances[0];
    if (first === undefined) continue;
    inputs.push(
      { patientId: first.patientId },
      { patientName: patientNamePattern(dataset), limit: 25 },
      { modality: dataset.modality, limit: 25 },
    );
  }
  inputs.push({ studyDate: '20240101-20240630', limit: 50 }, { studyDate: '20240701-', limit: 50 }, { limit: 100 });
  return inputs;
}

export const lucentTrpcSearch = (input: Record<string, unknown>): RequestSpec => ({
  method: 'GET',
  path: `/trpc/studies.search?input=${encodeURIComponent(JSON.stringify(input))}`,
});

/** WADO-RS instance metadata, the same route shape on both servers. */
export function metadataRequest(root: '/dicomweb' | '/dicom-web', instance: WorkloadInstance): RequestSpec {
  return {
    method: 'GET',
    path: `${root}/studies/${instance.studyInstanceUid}/series/${instance.seriesInstanceUid}/instances/${instance.sopInstanceUid}/metadata`,
    headers: { accept: 'application/dicom+json' },
  };
}

/** Instance metadata as each server's own REST API gives it: Lucent's record, Orthanc's simplified tags. */
export const lucentInstanceRequest = (instance: WorkloadInstance): RequestSpec => ({
  method: 'GET',
  path: `/api/v1/instances/${instance.sopInstanceUid}`,
});

export const orthancTagsRequest = (orthancId: string): RequestSpec => ({
  method: 'GET',
  path: `/instances/${orthancId}/tags?simplify`,
});
