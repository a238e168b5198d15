import type { DicomMetadata } from '@lucent/shared';
import type { Engine } from '../pool/create-engine.js';
import { type ErrorLine, lineForFile } from './result-line.js';

export type InfoLine = ({ file: string } & DicomMetadata) | ErrorLine;

/** The `info` line of one file: its name and metadata model. */
export async function infoLine(engine: Engine, file: string): Promise<InfoLine> {
  return lineForFile(file, async (bytes) => ({ file, ...(await engine.info(bytes)) }));
}
