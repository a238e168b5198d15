import type { CaseRunner } from './case-runner.js';
import { type CaseResult, requestRatio } from './targets.js';
import type { Dataset } from './workload-data.js';
import {
  lucentInstanceRequest,
  lucentQido,
  lucentTrpcSearch,
  metadataRequest,
  orthancQido,
  orthancTagsRequest,
  studyQueries,
  studySearchInputs,
} from './workloads.js';

export interface Origins {
  lucent: string | undefined;
  orthanc: { origin: string; instanceIds: ReadonlyMap<string, string> } | undefined;
}

/**
 * Study search and metadata, served from the database (no image work): QIDO-RS on both servers,
 * tRPC `studies.search` on Lucent (its ratio is against Orthanc's QIDO run), WADO-RS metadata on both.
 */
export async function searchCases(
  runCase: CaseRunner,
  datasets: readonly Dataset[],
  origins: Origins,
  wanted: (id: string) => boolean,
): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  const orthancOrigin = origins.orthanc?.origin;
  const side = <T>(
    name: 'Lucent' | 'Orthanc',
    origin: string | undefined,
    items: T[],
    build: (item: T) => ReturnType<typeof lucentQido>,
  ) => (origin === undefined ? undefined : { name, origin, requests: items.map(build) });

  let qido: CaseResult | undefined;
  if (wanted('search/qido')) {
    const queries = studyQueries(datasets);
    qido = await runCase(
      {
        id: 'search/qido',
        group: 'search',
        name: 'QIDO-RS studies',
        lucentExample: lucentQido(queries[0] ?? '').path,
        orthancExample: orthancQido(queries[0] ?? '').path,
        notes: [],
      },
      {
        lucent: side('Lucent', origins.lucent, queries, lucentQido),
        orthanc: side('Orthanc', orthancOrigin, queries, orthancQido),
      },
      true,
    );
    cases.push(qido);
  }
  if (wanted('search/trpc') && origins.lucent !== undefined) {
    const inputs = studySearchInputs(datasets);
    const trpc = await runCase(
      {
        id: 'search/trpc',
        group: 'search',
        name: 'tRPC studies.search',
        lucentExample: lucentTrpcSearch(inputs[0] ?? {}).path,
        notes: qido?.orthanc === undefined ? [] : ['Orthanc column: its QIDO-RS run (Orthanc has no tRPC)'],
      },
      { lucent: side('Lucent', origins.lucent, inputs, lucentTrpcSearch) },
      true,
    );
    if (qido?.orthanc !== undefined) trpc.orthanc = qido.orthanc;
    const ratio = requestRatio(trpc.lucent, trpc.orthanc);
    if (ratio !== undefined) trpc.ratio = ratio;
    cases.push(trpc);
  }
  if (wanted('metadata/wado')) {
    const instances = datasets.flatMap((dataset) => dataset.instances);
    const first = instances[0];
    cases.push(
      await runCase(
        {
          id: 'metadata/wado',
          group: 'metadata',
          name: 'WADO-RS instance metadata',
          ...(first === undefined
            ? {}
            : {
                lucentExample: metadataRequest('/dicomweb', first).path,
                orthancExample: metadataRequest('/dicom-web', first).path,
              }),
          notes: [],
        },
        {
          lucent: side('Lucent', origins.lucent, instances, (i) => metadataRequest('/dicomweb', i)),
          orthanc: side('Orthanc', orthancOrigin, instances, (i) => metadataRequest('/dicom-web', i)),
        },
        true,
      ),
    );
  }
  if (wanted('metadata/instance')) {
    const instances = datasets.flatMap((dataset) => dataset.instances);
    const ids = instances.map((instance) => origins.orthanc?.instanceIds.get(instance.sopInstanceUid));
    const orthancIds = ids.every((id): id is string => id !== undefined) ? ids : [];
    cases.push(
      await runCase(
        {
          id: 'metadata/instance',
          group: 'metadata',
          name: 'instance metadata, own REST API',
          ...(instances[0] === undefined ? {} : { lucentExample: lucentInstanceRequest(instances[0]).path }),
          ...(orthancIds[0] === undefined ? {} : { orthancExample: orthancTagsRequest(orthancIds[0]).path }),
          notes: [],
        },
        {
          lucent: side('Lucent', origins.lucent, instances, lucentInstanceRequest),
          orthanc: orthancIds.length === 0 ? undefined : side('Orthanc', orthancOrigin, orthancIds, orthancTagsRequest),
        },
        true,
      ),
    );
  }
  return cases;
}
