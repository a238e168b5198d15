import { isEngineError, transferSyntaxInfo } from '@lucent/engine';
import { decodeFrame } from '../../../packages/engine/src/decode/decode-frame.js';
import { parseDicom } from '../../../packages/engine/src/dicom/parse-dicom.js';
import { type BenchCase, type BenchRow, describeError, emptyOutcome } from '../bench-case.js';
import { loadDecodableEntries, readCorpusFile } from '../corpus.js';
import { type Measurement, measure, megapixelsPerSecond, sumMeasurements } from '../measure.js';

interface FileTiming {
  file: string;
  megapixels: number;
  measurement: Measurement;
}

/**
 * Decode throughput per codec family on the real corpus: frame 0 of every file the reference could
 * decode, parsed once, decoded repeatedly (`decodeFrame`, in-thread). One row a family: megapixels
 * of one pass over its files ÷ the sum of their median decode times.
 */
export const decodeCorpusCase: BenchCase = {
  id: 'decode-corpus',
  title: 'Decode corpus files per codec',
  async run(context) {
    const outcome = emptyOutcome();
    const byFamily = new Map<string, FileTiming[]>();
    const perFile = { ...context.profile, minTimeMs: context.profile.minTimeMs / 5 };
    for (const entry of await loadDecodableEntries(context.corpusDirectory)) {
      const family = transferSyntaxInfo(entry.transferSyntax)?.family ?? entry.transferSyntax;
      try {
        const parsed = parseDicom(await readCorpusFile(context.corpusDirectory, entry.file));
        const decoded = await decodeFrame(parsed, 0);
        const measurement = await measure(() => decodeFrame(parsed, 0), perFile);
        const megapixels = (decoded.info.rows * decoded.info.columns) / 1e6;
        const list = byFamily.get(family) ?? [];
        list.push({ file: entry.file, megapixels, measurement });
        byFamily.set(family, list);
      } catch (error) {
        const reason = isEngineError(error)
          ? describeError(error)
          : `unexpected non-engine error: ${describeError(error)}`;
        outcome.skipped.push({ group: 'decode corpus', name: entry.file, reason });
      }
    }
    for (const [family, files] of [...byFamily].sort(([a], [b]) => a.localeCompare(b))) {
      const measurement = sumMeasurements(files.map((f) => f.measurement));
      const megapixels = files.reduce((sum, f) => sum + f.megapixels, 0);
      const row: BenchRow = {
        group: 'decode corpus',
        name: family,
        unit: 'MP/s',
        value: megapixelsPerSecond(megapixels * 1e6, measurement),
        measurement,
        note: `${files.length} files, ${megapixels.toFixed(2)} MP a pass; times are per pass`,
        details: files.map((f) => ({
          file: f.file,
          megapixels: f.megapixels,
          medianMs: f.measurement.medianMs,
          p95Ms: f.measurement.p95Ms,
          megapixelsPerSecond: megapixelsPerSecond(f.megapixels * 1e6, f.measurement),
        })),
      };
      outcome.rows.push(row);
    }
    return outcome;
  },
};
