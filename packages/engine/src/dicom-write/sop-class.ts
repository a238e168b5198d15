/** SOP Class UIDs Lucent writes (PS3.4 B.5). */
export const SopClass = {
  CtImageStorage: '1.2.840.10008.5.1.4.1.1.2',
  MrImageStorage: '1.2.840.10008.5.1.4.1.1.4',
  UltrasoundImageStorage: '1.2.840.10008.5.1.4.1.1.6.1',
  SecondaryCaptureImageStorage: '1.2.840.10008.5.1.4.1.1.7',
  MultiframeGrayscaleWordSecondaryCaptureImageStorage: '1.2.840.10008.5.1.4.1.1.7.3',
} as const;
