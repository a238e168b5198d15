import { blindIndex, type Engine, hmacSha256, prefixIndex } from '@lucent/engine';
import type { KeyMaterial } from '../keys/key-material.js';

/** The blind indexes of one patient row, computed at ingest. */
export interface PatientIndexes {
  patient_id_index: string | null;
  patient_name_index: string | null;
  patient_name_prefixes: string[];
}

/** Patient ID equality: case-folded, whitespace removed (see normalizeForIndex 'identifier'). */
const PATIENT_ID = { kind: 'identifier', context: 'patient-id' } as const;
/** Patient Name equality and prefixes: DICOM PN components, case-folded, punctuation removed. */
const PATIENT_NAME = { kind: 'person-name', context: 'patient-name' } as const;
/** Prefix tokens stored per name: every prefix of 1–64 code points of the normalized name. */
export const NAME_PREFIX_LENGTHS = { minLength: 1, maxLength: 64 } as const;

/**
 * Blind indexes (HMAC-SHA256 under services.keys.blindIndexKey, never the encryption keys). Stored
 * values are computed in the engine pool at ingest (engine.blindIndex / engine.prefixIndexes); the
 * query side uses the same pure functions in the calling thread (one HMAC, ~5 µs, no pool round trip).
 */
export interface PhiIndexes {
  patientIndexes(patientId: string | null, patientName: string | null): Promise<PatientIndexes>;
  /** Query token for an exact Patient ID. */
  patientIdToken(patientId: string): string;
  /** Query token for an exact Patient Name. */
  patientNameToken(patientName: string): string;
  /** Query token for Patient Names starting with `prefix` (a `SMI*` search). */
  patientNamePrefixToken(prefix: string): string;
  /**
   * The patient row's unique key (Patient ID with issuer, or the study for patients without an ID),
   * as a keyed hash: without normalization, so IDs differing only in case stay distinct patients.
   */
  patientKey(plainKey: string): string;
}

export function createPhiIndexes(keys: KeyMaterial, engine: Engine): PhiIndexes {
  const key = () => keys.blindIndexKey;
  return {
    async patientIndexes(patientId, patientName) {
      // One after another, like ingest's other engine calls: an upload never holds several queue slots.
      const idIndex = patientId === null ? null : await engine.blindIndex(patientId, key(), PATIENT_ID);
      const nameIndex = patientName === null ? null : await engine.blindIndex(patientName, key(), PATIENT_NAME);
      const prefixes =
        patientName === null
          ? []
          : await engine.prefixIndexes(patientName, key(), { ...NAME_PREFIX_LENGTHS, ...PATIENT_NAME });
      return { patient_id_index: idIndex, patient_name_index: nameIndex, patient_name_prefixes: prefixes };
    },
    patientIdToken: (patientId) => blindIndex(patientId, key(), PATIENT_ID),
    patientNameToken: (patientName) => blindIndex(patientName, key(), PATIENT_NAME),
    patientNamePrefixToken: (prefix) =>
      prefixIndex(prefix, key(), { ...PATIENT_NAME, maxLength: NAME_PREFIX_LENGTHS.maxLength }),
    patientKey: (plainKey) =>
      `k1.${Buffer.from(hmacSha256(key(), `lucent-patient-key/v1\u0000${plainKey}`)).toString('base64url')}`,
  };
}
