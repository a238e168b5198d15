import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `<kind>-2025-01-31T12-00-00.000Z.json`: the ISO start time, colons replaced so every OS accepts it. */
export function reportFileNameFor(kind: string, startedAt: string): string {
  return `${kind}-${startedAt.replaceAll(':', '-')}.json`;
}

/** Write a bench report as JSON into `directory` (created if needed); returns the file path. */
export async function writeJsonReport(kind: string, report: { startedAt: string }, directory: string): Promise<string> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, reportFileNameFor(kind, report.startedAt));
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
