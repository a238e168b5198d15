import { describe, expect, it } from 'vitest';
import type { UploadFileResult, UploadProgress } from '../upload-types.js';
import type { CliOutput } from './cli-output.js';
import { formatDuration } from './format-duration.js';
import { createUploadReporter, progressLine, summaryLine } from './upload-reporter.js';

const stored: UploadFileResult = { name: 'a.dcm', outcome: 'stored', bytes: 500 };
const failed: UploadFileResult = {
  name: 'b.txt',
  outcome: 'failed',
  bytes: 500,
  error: { code: 'INVALID_DICOM', message: 'The data is not a readable DICOM dataset', status: 400 },
};
const events: UploadProgress[] = [
  { filesDone: 0, filesTotal: 2, bytesDone: 0, bytesTotal: 1000 },
  { filesDone: 1, filesTotal: 2, bytesDone: 500, bytesTotal: 1000, file: stored },
  { filesDone: 2, filesTotal: 2, bytesDone: 1000, bytesTotal: 1000, file: failed },
];

function recorder(terminal: boolean) {
  const written: string[] = [];
  const output: CliOutput = {
    stdout: (text) => written.push(`out:${text}`),
    stderr: (text) => written.push(`err:${text}`),
    terminal: terminal ? { write: (text) => written.push(`tty:${text}`), columns: 60 } : undefined,
  };
  return { written, output };
}

describe('upload progress output', () => {
  it('prints one plain line per finished file when not on a terminal', () => {
    const { written, output } = recorder(false);
    const reporter = createUploadReporter(output);
    for (const event of events) reporter.onProgress(event);
    reporter.finish();
    expect(written).toEqual([
      'out:stored      a.dcm',
      'out:failed      b.txt  INVALID_DICOM: The data is not a readable DICOM dataset',
    ]);
  });

  it('draws a bar on the terminal, prints failures above it and clears it at the end', () => {
    const { written, output } = recorder(true);
    let clock = 0;
    const reporter = createUploadReporter(output, () => clock);
    reporter.onProgress(events[0] as UploadProgress);
    clock = 10; // within the redraw interval: not drawn
    reporter.onProgress(events[1] as UploadProgress);
    clock = 20;
    reporter.onProgress(events[2] as UploadProgress);
    reporter.finish();
    expect(written).toEqual([
      `tty:\r\x1b[2K[${'-'.repeat(15)}] 0/2 files · 0 B/1.00 KB`,
      'tty:\r\x1b[2K',
      'out:failed      b.txt  INVALID_DICOM: The data is not a readable DICOM dataset',
      `tty:\r\x1b[2K[${'#'.repeat(15)}] 2/2 files · 1.00 KB/1.00 KB · 1 failed`,
      'tty:\r\x1b[2K',
    ]);
  });

  it('tells on stderr how long a rate-limited upload waits, clearing the bar first on a terminal', () => {
    const wait = { code: 'RATE_LIMITED', waitMs: 125_000, attempt: 1, retries: 5 } as const;
    const line =
      "err:lucent: the server's upload rate limit is reached (RATE_LIMITED); waiting 2 min 5 s, then retrying (retry 1 of 5)";
    const plain = recorder(false);
    const reporter = createUploadReporter(plain.output);
    reporter.onProgress({ filesDone: 1, filesTotal: 2, bytesDone: 500, bytesTotal: 1000, wait });
    expect(plain.written).toEqual([line]);

    const tty = recorder(true);
    let clock = 0;
    const bar = createUploadReporter(tty.output, () => clock);
    bar.onProgress(events[0] as UploadProgress);
    clock = 10;
    bar.onProgress({ ...(events[0] as UploadProgress), wait });
    clock = 20; // drawn again at once after the notice
    bar.onProgress(events[1] as UploadProgress);
    expect(tty.written).toEqual([
      `tty:\r\x1b[2K[${'-'.repeat(15)}] 0/2 files · 0 B/1.00 KB`,
      'tty:\r\x1b[2K',
      line,
      `tty:\r\x1b[2K[${'#'.repeat(8)}${'-'.repeat(7)}] 1/2 files · 500 B/1.00 KB`,
    ]);
    expect([formatDuration(900), formatDuration(59_000), formatDuration(3_600_000)]).toEqual([
      '1 s',
      '59 s',
      '1 h 0 min',
    ]);
  });

  it('fits the bar to narrow terminals and sums up the run', () => {
    const half = { filesDone: 1, filesTotal: 2, bytesDone: 500, bytesTotal: 1000 };
    expect(progressLine(half, 0, 200)).toBe(`[${'#'.repeat(15)}${'-'.repeat(15)}] 1/2 files · 500 B/1.00 KB`);
    expect(progressLine(half, 0, 30).length).toBe(29);
    expect(
      summaryLine(
        {
          stored: 3,
          duplicates: 1,
          overwritten: 0,
          failed: 1,
          bytes: 2_500_000,
          files: [stored, stored, stored, stored, failed],
        },
        1234,
      ),
    ).toBe('stored 3 · duplicate 1 · overwritten 0 · failed 1 — 5 files, 2.50 MB in 1.2 s');
  });
});
