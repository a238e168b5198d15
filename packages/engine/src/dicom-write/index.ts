export { dicomDate, dicomDateTime, dicomTime, parseDicomDate } from './dicom-date-time.js';
export type { BinaryValue, DicomElement, ElementValue, EncapsulatedFrames, Vr } from './dicom-element.js';
export { Attribute, elementsOf, type Keyword } from './dictionary.js';
export { formatDecimal } from './encode-value.js';
export {
  encapsulatedPixelData,
  type ImagePixelDescription,
  imagePixelElements,
  nativePixelData,
} from './pixel-data.js';
export { SopClass } from './sop-class.js';
export { readSourceImage, type SourceImage } from './source-image.js';
export {
  generateUid,
  isValidUid,
  LUCENT_IMPLEMENTATION_CLASS_UID,
  LUCENT_IMPLEMENTATION_VERSION_NAME,
  uidFromUuidBytes,
} from './uid.js';
export {
  type SecondaryCapture,
  type SecondaryCaptureInput,
  wrapImageAsSecondaryCapture,
} from './wrap-secondary-capture.js';
export { type WriteDicomOptions, writeDicomFile } from './write-part10.js';
