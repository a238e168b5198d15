/** One generated DICOM file: a relative path (folder per series) and its bytes. */
export interface DemoFile {
  name: string;
  bytes: Uint8Array;
}
