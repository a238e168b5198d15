import type {
  DicomMetadata,
  EquipmentModule,
  FrameFunctionalGroup,
  ImagePixelModule,
  InstanceModule,
  PatientModule,
  SeriesModule,
  StudyModule,
} from '@lucent/shared';
import { Errors } from '../errors/engine-error.js';
import { type ElementReader, usOrNumber } from './element-values.js';

/** Drop undefined values so objects satisfy exactOptionalPropertyTypes. */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

export function readPatient(r: ElementReader): PatientModule {
  return defined({
    patientName: r.text('x00100010', 'PN'),
    patientId: r.text('x00100020', 'LO'),
    issuerOfPatientId: r.text('x00100021', 'LO'),
    patientBirthDate: r.text('x00100030', 'DA'),
    patientSex: r.text('x00100040', 'CS'),
    patientAge: r.text('x00101010', 'AS'),
  });
}

export function readStudy(r: ElementReader): StudyModule {
  return defined({
    studyInstanceUid: r.text('x0020000d', 'UI'),
    studyId: r.text('x00200010', 'SH'),
    studyDate: r.text('x00080020', 'DA'),
    studyTime: r.text('x00080030', 'TM'),
    studyDescription: r.text('x00081030', 'LO'),
    accessionNumber: r.text('x00080050', 'SH'),
    referringPhysicianName: r.text('x00080090', 'PN'),
  });
}

export function readSeries(r: ElementReader): SeriesModule {
  return defined({
    seriesInstanceUid: r.text('x0020000e', 'UI'),
    seriesNumber: r.number('x00200011'),
    seriesDate: r.text('x00080021', 'DA'),
    seriesTime: r.text('x00080031', 'TM'),
    seriesDescription: r.text('x0008103e', 'LO'),
    modality: r.text('x00080060', 'CS'),
    bodyPartExamined: r.text('x00180015', 'CS'),
    frameOfReferenceUid: r.text('x00200052', 'UI'),
  });
}

export function readInstance(
  r: ElementReader,
  transferSyntaxUid: string,
  hasFileMeta: boolean,
  specificCharacterSet: string[] | undefined,
): InstanceModule {
  return {
    ...defined({
      sopClassUid: r.text('x00080016', 'UI'),
      sopInstanceUid: r.text('x00080018', 'UI'),
      instanceNumber: r.number('x00200013'),
      contentDate: r.text('x00080023', 'DA'),
      contentTime: r.text('x00080033', 'TM'),
      acquisitionDateTime: r.text('x0008002a', 'DT'),
      imageType: r.texts('x00080008'),
      specificCharacterSet,
    }),
    transferSyntaxUid,
    hasFileMeta,
  };
}

export function readEquipment(r: ElementReader): EquipmentModule {
  return defined({
    manufacturer: r.text('x00080070', 'LO'),
    manufacturerModelName: r.text('x00081090', 'LO'),
    institutionName: r.text('x00080080', 'LO'),
    stationName: r.text('x00081010', 'SH'),
    softwareVersions: r.texts('x00181020'),
  });
}

/** A signed or unsigned 16-bit attribute (US/SS, e.g. Smallest Image Pixel Value) per Pixel Representation. */
function signedOrUnsigned16(r: ElementReader, tag: string, signed: boolean): number | undefined {
  const found = r.dataSet.elements[tag];
  if (found === undefined) return undefined;
  if (found.vr === 'SS' || found.vr === 'US' || found.vr === undefined) {
    const value = r.uint16(tag);
    if (value === undefined) return undefined;
    return signed && value >= 0x8000 ? value - 0x10000 : value;
  }
  return r.number(tag);
}

const MAX_DIMENSION = 65535;
const MAX_FRAMES = 1_000_000;

export function readImagePixel(r: ElementReader): ImagePixelModule | undefined {
  if (!r.has('x7fe00010') && !r.has('x00280010')) return undefined;
  const rows = usOrNumber(r, 'x00280010');
  const columns = usOrNumber(r, 'x00280011');
  const bitsAllocated = usOrNumber(r, 'x00280100');
  if (rows === undefined || columns === undefined || bitsAllocated === undefined) {
    if (!r.has('x7fe00010')) return undefined;
    throw Errors.invalidPixelModule('Rows, Columns and Bits Allocated are required with Pixel Data');
  }
  const samplesPerPixel = usOrNumber(r, 'x00280002') ?? 1;
  const bitsStored = usOrNumber(r, 'x00280101') ?? bitsAllocated;
  const highBit = usOrNumber(r, 'x00280102') ?? bitsStored - 1;
  const pixelRepresentation = usOrNumber(r, 'x00280103') ?? 0;
  const planarConfiguration = usOrNumber(r, 'x00280006') ?? 0;
  const numberOfFrames = r.number('x00280008') ?? 1;
  const photometricInterpretation =
    r.text('x00280004', 'CS')?.toUpperCase() ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2');

  if (rows < 1 || columns < 1 || rows > MAX_DIMENSION || columns > MAX_DIMENSION) {
    throw Errors.invalidPixelModule(`image size ${columns}×${rows}`);
  }
  if (![1, 8, 16, 32].includes(bitsAllocated)) throw Errors.invalidPixelModule(`Bits Allocated ${bitsAllocated}`);
  if (bitsStored < 1 || bitsStored > bitsAllocated) {
    throw Errors.invalidPixelModule(`Bits Stored ${bitsStored} with Bits Allocated ${bitsAllocated}`);
  }
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) {
    throw Errors.invalidPixelModule(`Samples per Pixel ${samplesPerPixel}`);
  }
  if (pixelRepresentation !== 0 && pixelRepresentation !== 1) {
    throw Errors.invalidPixelModule(`Pixel Representation ${pixelRepresentation}`);
  }
  if (!Number.isInteger(numberOfFrames) || numberOfFrames < 1 || numberOfFrames > MAX_FRAMES) {
    throw Errors.invalidPixelModule(`Number of Frames ${numberOfFrames}`);
  }
  const signed = pixelRepresentation === 1;
  return {
    ...defined({
      pixelSpacing: r.numbers('x00280030'),
      sliceThickness: r.number('x00180050'),
      imagePositionPatient: r.numbers('x00200032'),
      imageOrientationPatient: r.numbers('x00200037'),
      rescaleSlope: r.number('x00281053'),
      rescaleIntercept: r.number('x00281052'),
      rescaleType: r.text('x00281054', 'LO'),
      windowCenter: r.numbers('x00281050'),
      windowWidth: r.numbers('x00281051'),
      voiLutFunction: r.text('x00281056', 'CS')?.toUpperCase(),
      smallestImagePixelValue: signedOrUnsigned16(r, 'x00280106', signed),
      largestImagePixelValue: signedOrUnsigned16(r, 'x00280107', signed),
      pixelPaddingValue: signedOrUnsigned16(r, 'x00280120', signed),
    }),
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    highBit,
    pixelRepresentation,
    photometricInterpretation,
    planarConfiguration: planarConfiguration === 1 && samplesPerPixel > 1 ? 1 : 0,
    numberOfFrames,
    hasModalityLutSequence: r.items('x00283000').length > 0,
    hasVoiLutSequence: r.items('x00283010').length > 0,
    hasPaletteColorLut: photometricInterpretation === 'PALETTE COLOR' && (r.has('x00281201') || r.has('x00281221')),
  };
}

/** One Shared or Per-frame Functional Groups item, flattened to what imaging needs. */
export function readFunctionalGroup(item: ElementReader): FrameFunctionalGroup {
  const first = (tag: string) => item.items(tag)[0];
  const transform = first('x00289145');
  const voi = first('x00289132');
  const position = first('x00209113');
  const orientation = first('x00209116');
  const measures = first('x00289110');
  return defined({
    rescaleSlope: transform?.number('x00281053'),
    rescaleIntercept: transform?.number('x00281052'),
    windowCenter: voi?.numbers('x00281050'),
    windowWidth: voi?.numbers('x00281051'),
    voiLutFunction: voi?.text('x00281056', 'CS')?.toUpperCase(),
    imagePositionPatient: position?.numbers('x00200032'),
    imageOrientationPatient: orientation?.numbers('x00200037'),
    pixelSpacing: measures?.numbers('x00280030'),
    sliceThickness: measures?.number('x00180050'),
  });
}

export function readFunctionalGroups(
  r: ElementReader,
): Pick<DicomMetadata, 'sharedFunctionalGroup' | 'perFrameFunctionalGroups'> {
  const shared = r.items('x52009229')[0];
  const perFrame = r.items('x52009230');
  return defined({
    sharedFunctionalGroup: shared === undefined ? undefined : readFunctionalGroup(shared),
    perFrameFunctionalGroups: perFrame.length === 0 ? undefined : perFrame.map(readFunctionalGroup),
  });
}
