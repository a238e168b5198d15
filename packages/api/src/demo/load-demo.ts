import { type DemoOptions, demoStudyFiles } from '@lucent/engine';
import type { IngestFileResult, IngestOutcome } from '@lucent/shared';

export type DemoCounts = Record<IngestOutcome, number> & { files: number; bytes: number };

/**
 * Generate the synthetic demo studies (Shepp–Logan CT in several transfer syntaxes, 1024² MR, RGB
 * ultrasound, multi-frame; no real patient data) and hand each file to `store` as it is made.
 */
export async function loadDemo(
  store: (bytes: Uint8Array, name: string) => Promise<IngestFileResult>,
  options: DemoOptions = {},
  onFile?: (result: IngestFileResult, counts: DemoCounts) => void,
): Promise<DemoCounts> {
  const counts: DemoCounts = { stored: 0, duplicate: 0, overwritten: 0, failed: 0, files: 0, bytes: 0 };
  for await (const file of demoStudyFiles(options)) {
    const size = file.bytes.byteLength;
    const result = await store(file.bytes, file.name);
    counts[result.outcome]++;
    counts.files++;
    counts.bytes += size;
    onFile?.(result, counts);
  }
  return counts;
}
