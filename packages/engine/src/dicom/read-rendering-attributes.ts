import { type DicomMetadata, VoiLutFunction, type WindowSpec } from '@lucent/shared';
import type { LookupTable, LutDescriptor, PaletteChannel, RenderingAttributes } from '../image/rendering-attributes.js';
import type { ElementReader } from './element-values.js';

/** LUT Descriptor: entries (0 → 65536), first value mapped (signed when the data are), bits per entry. */
function readDescriptor(reader: ElementReader, tag: string, signed: boolean): LutDescriptor | undefined {
  const entries = reader.uint16(tag, 0);
  const first = reader.uint16(tag, 1);
  const bits = reader.uint16(tag, 2);
  if (entries === undefined || first === undefined || bits === undefined) return undefined;
  return {
    entries: entries === 0 ? 65536 : entries,
    firstValueMapped: signed && first >= 0x8000 ? first - 0x10000 : first,
    bitsPerEntry: bits,
  };
}

/** LUT data as 16-bit words; 8-bit entries packed two a word (or one a byte) are unpacked. */
function readLutData(reader: ElementReader, tag: string, descriptor: LutDescriptor): Uint16Array | undefined {
  const raw = reader.raw(tag);
  if (raw === undefined || raw.length === 0) return undefined;
  const out = new Uint16Array(descriptor.entries);
  if (descriptor.bitsPerEntry <= 8 && raw.length < descriptor.entries * 2) {
    // Packed bytes: entry i is byte i of the little-endian word stream.
    for (let i = 0; i < out.length; i++) out[i] = raw[reader.littleEndian ? i : i ^ 1] ?? 0;
    return out;
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.length - (raw.length % 2));
  const words = Math.min(out.length, view.byteLength / 2);
  for (let i = 0; i < words; i++) out[i] = view.getUint16(i * 2, reader.littleEndian);
  return out;
}

function readLut(item: ElementReader, signed: boolean): LookupTable | undefined {
  const descriptor = readDescriptor(item, 'x00283002', signed);
  if (descriptor === undefined) return undefined;
  const data = readLutData(item, 'x00283006', descriptor);
  if (data === undefined) return undefined;
  const explanation = item.text('x00283003', 'LO');
  return explanation === undefined ? { descriptor, data } : { descriptor, data, explanation };
}

function readPaletteChannel(
  reader: ElementReader,
  descriptorTag: string,
  dataTag: string,
  segmentedTag: string,
): PaletteChannel | undefined {
  const descriptor = readDescriptor(reader, descriptorTag, false);
  if (descriptor === undefined) return undefined;
  const segmented = reader.raw(segmentedTag);
  if (segmented !== undefined && segmented.length >= 2) {
    const view = new DataView(segmented.buffer, segmented.byteOffset, segmented.length - (segmented.length % 2));
    const data = new Uint16Array(view.byteLength / 2);
    for (let i = 0; i < data.length; i++) data[i] = view.getUint16(i * 2, reader.littleEndian);
    return { descriptor, data, segmented: true };
  }
  const data = readLutData(reader, dataTag, descriptor);
  return data === undefined ? undefined : { descriptor, data, segmented: false };
}

function windows(centers: number[] | undefined, widths: number[] | undefined, fn: string | undefined): WindowSpec[] {
  if (centers === undefined || widths === undefined) return [];
  const parsed = VoiLutFunction.safeParse(fn ?? 'LINEAR');
  const func = parsed.success ? parsed.data : 'LINEAR';
  const out: WindowSpec[] = [];
  for (let i = 0; i < Math.min(centers.length, widths.length); i++) {
    const center = centers[i] as number;
    const width = widths[i] as number;
    if (Number.isFinite(center) && Number.isFinite(width) && width > 0) out.push({ center, width, function: func });
  }
  return out;
}

/** Build the per-frame rendering attributes resolver for a parsed data set. */
export function renderingAttributesResolver(
  reader: ElementReader,
  metadata: DicomMetadata,
): (index: number) => RenderingAttributes {
  const image = metadata.image;
  const signed = image?.pixelRepresentation === 1;
  const modalityLut = reader.items('x00283000').map((item) => readLut(item, signed))[0];
  const voiLuts = reader.items('x00283010').flatMap((item) => {
    const lut = readLut(item, signed);
    return lut === undefined ? [] : [lut];
  });
  const red = readPaletteChannel(reader, 'x00281101', 'x00281201', 'x00281221');
  const green = readPaletteChannel(reader, 'x00281102', 'x00281202', 'x00281222');
  const blue = readPaletteChannel(reader, 'x00281103', 'x00281203', 'x00281223');
  const palette = red !== undefined && green !== undefined && blue !== undefined ? { red, green, blue } : undefined;
  const shared = metadata.sharedFunctionalGroup;

  return (index) => {
    const frame = metadata.perFrameFunctionalGroups?.[index];
    const pick = <K extends 'rescaleSlope' | 'rescaleIntercept'>(key: K) =>
      frame?.[key] ?? shared?.[key] ?? image?.[key];
    const frameWindows = windows(
      frame?.windowCenter ?? shared?.windowCenter,
      frame?.windowWidth ?? shared?.windowWidth,
      frame?.voiLutFunction ?? shared?.voiLutFunction,
    );
    const attributes: RenderingAttributes = {
      photometricInterpretation: image?.photometricInterpretation ?? 'MONOCHROME2',
      bitsStored: image?.bitsStored ?? 8,
      pixelRepresentation: image?.pixelRepresentation ?? 0,
      rescaleSlope: pick('rescaleSlope') ?? 1,
      rescaleIntercept: pick('rescaleIntercept') ?? 0,
      windows:
        frameWindows.length > 0
          ? frameWindows
          : windows(image?.windowCenter, image?.windowWidth, image?.voiLutFunction),
      voiLuts,
    };
    if (attributes.rescaleSlope === 0 || !Number.isFinite(attributes.rescaleSlope)) attributes.rescaleSlope = 1;
    if (modalityLut !== undefined) attributes.modalityLut = modalityLut;
    if (palette !== undefined) attributes.palette = palette;
    if (image?.pixelPaddingValue !== undefined) attributes.pixelPaddingValue = image.pixelPaddingValue;
    if (image?.smallestImagePixelValue !== undefined) attributes.smallestPixelValue = image.smallestImagePixelValue;
    if (image?.largestImagePixelValue !== undefined) attributes.largestPixelValue = image.largestImagePixelValue;
    return attributes;
  };
}
