import { describe, expect, it } from 'vitest';
import type { Dataset } from './workload-data.js';
import {
  appliesTo,
  fitInside,
  lucentImageRequest,
  lucentInstanceRequest,
  lucentTrpcSearch,
  metadataRequest,
  orthancImageRequest,
  orthancTagsRequest,
  patientNamePattern,
  studyQueries,
  studySearchInputs,
} from './workloads.js';

const instance = {
  sopInstanceUid: '2.25.3',
  seriesInstanceUid: '2.25.2',
  studyInstanceUid: '2.25.1',
  patientId: 'BENCH-CT512-0001',
  bytes: new Uint8Array(0),
};
const ct: Dataset = {
  id: 'ct-512',
  title: 'CT',
  modality: 'CT',
  rows: 512,
  columns: 512,
  greyscale: true,
  window: { center: 40, width: 400 },
  instances: [instance],
};
const us: Dataset = { ...ct, id: 'us-rgb', modality: 'US', rows: 480, columns: 640, greyscale: false, instances: [] };
const { window: _window, ...usWithoutWindow } = us;

describe('fitInside', () => {
  it('shrinks to fit the box, keeping the aspect ratio', () => {
    expect(fitInside(1024, 1024, 800)).toEqual({ width: 800, height: 800 });
    expect(fitInside(640, 480, 128)).toEqual({ width: 128, height: 96 });
  });

  it('never enlarges', () => {
    expect(fitInside(512, 512, 800)).toEqual({ width: 512, height: 512 });
  });
});

describe('image requests', () => {
  it('asks Lucent for its progressive routes, as JPEG', () => {
    expect(lucentImageRequest('thumbnail', ct, instance)).toEqual({
      method: 'GET',
      path: '/api/v1/images/2.25.3/thumbnail',
      headers: { accept: 'image/jpeg' },
    });
    expect(lucentImageRequest('rendered', ct, instance).path).toBe('/api/v1/images/2.25.3/rendered?window=40,400');
  });

  it('asks Orthanc for the same images through /rendered, as JPEG', () => {
    expect(orthancImageRequest('thumbnail', ct, 'abc')).toEqual({
      method: 'GET',
      path: '/instances/abc/rendered?width=128',
      headers: { accept: 'image/jpeg' },
    });
    expect(orthancImageRequest('full', ct, 'abc').path).toBe('/instances/abc/rendered');
    expect(orthancImageRequest('rendered', ct, 'abc').path).toBe(
      '/instances/abc/rendered?window-center=40&window-width=400',
    );
  });

  it('fits the Orthanc preview inside 800×800 and leaves smaller images at full size', () => {
    expect(orthancImageRequest('preview', { ...ct, rows: 1024, columns: 1024 }, 'abc').path).toBe(
      '/instances/abc/rendered?width=800&height=800',
    );
    expect(orthancImageRequest('preview', ct, 'abc').path).toBe('/instances/abc/rendered');
  });

  it('renders with a window only greyscale datasets', () => {
    expect(appliesTo('rendered', ct)).toBe(true);
    expect(appliesTo('rendered', usWithoutWindow)).toBe(false);
    expect(appliesTo('thumbnail', usWithoutWindow)).toBe(true);
  });
});

describe('searches', () => {
  it('uses the same QIDO queries on both servers, from the generated studies', () => {
    const queries = studyQueries([ct]);
    expect(queries).toContain('PatientID=BENCH-CT512-0001');
    expect(queries).toContain(`PatientName=${encodeURIComponent('PHANTOM^CT512^*')}&limit=25`);
    expect(queries).toContain('ModalitiesInStudy=CT&limit=25');
  });

  it('asks tRPC the same questions as QIDO, one input per query', () => {
    const inputs = studySearchInputs([ct]);
    expect(inputs).toHaveLength(studyQueries([ct]).length);
    expect(inputs).toContainEqual({ patientName: 'PHANTOM^CT512^*', limit: 25 });
    const path = lucentTrpcSearch({ modality: 'CT' }).path;
    expect(path.startsWith('/trpc/studies.search?input=')).toBe(true);
    expect(JSON.parse(decodeURIComponent(path.split('input=')[1] ?? ''))).toEqual({ modality: 'CT' });
  });

  it('builds the wildcard from the synthetic names', () => {
    expect(patientNamePattern({ id: 'j2k-1024' })).toBe('PHANTOM^J2K1024^*');
  });

  it("builds each server's own instance metadata route", () => {
    expect(lucentInstanceRequest(instance).path).toBe('/api/v1/instances/2.25.3');
    expect(orthancTagsRequest('abc').path).toBe('/instances/abc/tags?simplify');
  });

  it('builds WADO-RS metadata paths under either root', () => {
    expect(metadataRequest('/dicom-web', instance).path).toBe(
      '/dicom-web/studies/2.25.1/series/2.25.2/instances/2.25.3/metadata',
    );
  });
});
