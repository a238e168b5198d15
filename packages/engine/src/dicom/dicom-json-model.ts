/** The DICOM JSON model (PS3.18 F.2): one object per data set, keyed by tag as 8 upper-case hex digits. */
export interface DicomJsonPersonName {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

export type DicomJsonValue = string | number | null | DicomJsonPersonName | DicomJsonDataset;

export interface DicomJsonAttribute {
  vr: string;
  Value?: DicomJsonValue[];
  InlineBinary?: string;
  BulkDataURI?: string;
}

export type DicomJsonDataset = { [tag: string]: DicomJsonAttribute };

export interface DicomJsonOptions {
  /**
   * Binary values (OB, OW, OF, OD, OL, OV, UN) up to this many bytes are inlined as base64
   * (InlineBinary); larger ones are bulk data. Default 1024.
   */
  inlineBinaryMaxBytes?: number;
  /**
   * Bulk data (Pixel Data and the large binary values above) of the top-level data set get
   * `BulkDataURI: prefix + tag` (e.g. `…/bulkdata/7FE00010`) when this is set; otherwise they are
   * left out of the model (PS3.18 F.2.6 lets a server omit bulk data it does not serve).
   */
  bulkDataUriPrefix?: string;
}

export const DEFAULT_INLINE_BINARY_MAX_BYTES = 1024;

/** Binary VRs: base64 InlineBinary or bulk data, never Value. */
export const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
