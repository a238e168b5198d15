import type { WindowSpec } from '@lucent/shared';

/** LUT Descriptor (0028,3002 / 0028,1101…): entries (0 means 65536), first value mapped, bits per entry. */
export interface LutDescriptor {
  entries: number;
  firstValueMapped: number;
  bitsPerEntry: number;
}

/** A lookup table as stored: `data` holds the LUT Data words (8-bit LUTs packed two a word are unpacked). */
export interface LookupTable {
  descriptor: LutDescriptor;
  data: Uint16Array;
  explanation?: string;
}

/** A Palette Color LUT channel: plain, or segmented (PS3.3 C.7.9.2) and still to be expanded. */
export interface PaletteChannel {
  descriptor: LutDescriptor;
  data: Uint16Array;
  segmented: boolean;
}

/** Everything rendering needs beyond the decoded pixels, resolved for one frame. */
export interface RenderingAttributes {
  /** As stored in the dataset (the decoded frame says what the decoder produced). */
  photometricInterpretation: string;
  bitsStored: number;
  pixelRepresentation: 0 | 1;
  rescaleSlope: number;
  rescaleIntercept: number;
  modalityLut?: LookupTable;
  /** Windows from the dataset for this frame (per-frame functional groups win over top level). */
  windows: WindowSpec[];
  voiLuts: LookupTable[];
  palette?: { red: PaletteChannel; green: PaletteChannel; blue: PaletteChannel };
  pixelPaddingValue?: number;
  smallestPixelValue?: number;
  largestPixelValue?: number;
}
