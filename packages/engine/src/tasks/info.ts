import type { DicomMetadata } from '@lucent/shared';
import { parseDicom } from '../dicom/parse-dicom.js';

export interface InfoInput {
  bytes: Uint8Array;
}

/** Task: the typed metadata model of a DICOM instance. */
export async function info(input: InfoInput): Promise<DicomMetadata> {
  return parseDicom(input.bytes).metadata;
}
