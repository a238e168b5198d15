import { dicomJsonOf } from '../dicom/dicom-json.js';
import type { DicomJsonDataset, DicomJsonOptions } from '../dicom/dicom-json-model.js';

export interface DicomJsonInput {
  bytes: Uint8Array;
  options?: DicomJsonOptions;
}

/** Task: the DICOM JSON model (PS3.18 F.2) of an instance, for WADO-RS metadata. */
export async function dicomJson(input: DicomJsonInput): Promise<DicomJsonDataset> {
  return dicomJsonOf(input.bytes, input.options ?? {});
}
