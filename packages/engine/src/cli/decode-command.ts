import { DecodeSummary } from '@lucent/shared';
import type { Engine } from '../pool/create-engine.js';
import { lineForFile } from './result-line.js';

/** The `decode` line of one file, validated against the shared DecodeSummary schema. */
export async function decodeLine(engine: Engine, file: string, frame: number): Promise<DecodeSummary> {
  const line = await lineForFile(file, async (bytes) => {
    const summary = await engine.decodeSummary(bytes, { frame });
    return {
      file,
      frame: summary.frame,
      frames: summary.frames,
      rows: summary.rows,
      columns: summary.columns,
      samplesPerPixel: summary.samplesPerPixel,
      bitsAllocated: summary.bitsAllocated,
      bitsStored: summary.bitsStored,
      pixelRepresentation: summary.pixelRepresentation,
      photometricInterpretation: summary.photometricInterpretation,
      min: summary.min,
      max: summary.max,
      mean: summary.mean,
      sha256: summary.sha256,
    };
  });
  // Validated, but printed as built: the key order of the documented line, file first.
  if (DecodeSummary.safeParse(line).success) return line;
  return { file, error: 'INTERNAL', message: 'The decode summary did not match its schema' };
}
