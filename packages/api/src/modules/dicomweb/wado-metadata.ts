import type { Services } from '../../app/services.js';
import type { FacilityScope } from '../../security/auth-context.js';
import { dicomJsonTextOf, encryptDicomJson } from '../../security/phi/phi-records.js';
import { instancesIn, type StoredInstance, type WadoScope } from './wado-scope.js';

/**
 * One instance's DICOM JSON as text: the stored column, or (instances stored before it was kept)
 * computed from the file in the engine and saved for next time.
 */
async function dicomJsonText(services: Services, instance: StoredInstance, signal: AbortSignal): Promise<string> {
  const { cipher } = services.phi;
  const stored = dicomJsonTextOf(cipher, instance.dicomJson);
  if (stored !== null) return stored;
  const bytes = await services.storage.get(instance.storageKey);
  const json = await services.engine.dicomJson(bytes, { signal });
  const text = JSON.stringify(json);
  const knex = services.db.knex;
  await knex('instance')
    .where('id', instance.id)
    .update({ dicom_json: encryptDicomJson(cipher, text) });
  return text;
}

/** WADO-RS metadata of a study, series or instance: a JSON array of DICOM JSON data sets, as text. */
export async function metadataOf(
  services: Services,
  scope: WadoScope,
  facilities: FacilityScope,
  signal: AbortSignal,
): Promise<string> {
  const instances = await instancesIn(services.db, scope, facilities, { dicomJson: true });
  const parts: string[] = [];
  for (const instance of instances) parts.push(await dicomJsonText(services, instance, signal));
  return `[${parts.join(',')}]`;
}
