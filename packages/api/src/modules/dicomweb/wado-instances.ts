import type { Services } from '../../app/services.js';
import type { OutgoingPart } from '../../http/multipart-related-writer.js';
import { covers, notAcceptable, parseAccept } from './media-type.js';
import type { StoredInstance } from './wado-scope.js';

export type InstancesResponse = { kind: 'multipart' } | { kind: 'single' };

/**
 * How to send whole instances for this Accept header: multipart/related of application/dicom parts
 * (the stored files as they are: we do not transcode, so a specific transfer-syntax other than the
 * stored one is 406), or, for one instance, a bare application/dicom body. 406 otherwise.
 */
export function negotiateInstances(accept: string | undefined, instances: StoredInstance[]): InstancesResponse {
  const storedSyntaxes = new Set(instances.map((instance) => instance.transferSyntaxUid));
  const syntaxOk = (wanted: string | undefined) =>
    wanted === undefined || wanted === '*' || (storedSyntaxes.size === 1 && storedSyntaxes.has(wanted));
  for (const range of parseAccept(accept)) {
    if (range.type === '*/*' || range.type === 'multipart/*') return { kind: 'multipart' };
    if (range.type === 'multipart/related') {
      const type = range.params.type?.toLowerCase() ?? 'application/dicom';
      if (covers(type, 'application/dicom') && syntaxOk(range.params['transfer-syntax'])) return { kind: 'multipart' };
      continue;
    }
    if (range.type === 'application/dicom' && instances.length === 1 && syntaxOk(range.params['transfer-syntax'])) {
      return { kind: 'single' };
    }
  }
  throw notAcceptable(accept ?? '', ['multipart/related; type="application/dicom"']);
}

/** The stored files as parts, read one at a time as the response is written. */
export async function* instanceParts(services: Services, instances: StoredInstance[]): AsyncIterable<OutgoingPart> {
  for (const instance of instances) {
    yield {
      contentType: `application/dicom; transfer-syntax=${instance.transferSyntaxUid}`,
      body: await services.storage.get(instance.storageKey),
    };
  }
}
