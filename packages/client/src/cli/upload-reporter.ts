import type { UploadFileResult, UploadProgress, UploadSummary, UploadWait } from '../upload-types.js';
import type { CliOutput } from './cli-output.js';
import { formatBytes } from './format-bytes.js';
import { formatDuration } from './format-duration.js';

const REDRAW_MS = 100;
const CLEAR_LINE = '\r\x1b[2K';

/** One line per file: outcome, path, and for a failure its error code and message. */
export function fileLine(result: UploadFileResult): string {
  const error = result.error === undefined ? '' : `  ${result.error.code}: ${result.error.message}`;
  return `${result.outcome.padEnd(11)} ${result.name}${error}`;
}

/** The server refused uploads for now: how long the upload waits before it goes on. */
export function waitLine(wait: UploadWait): string {
  return `lucent: the server's upload rate limit is reached (${wait.code}); waiting ${formatDuration(wait.waitMs)}, then retrying (retry ${wait.attempt} of ${wait.retries})`;
}

/** `stored 48 · duplicate 1 · overwritten 0 · failed 1 — 50 files, 10.2 MB in 3.2 s` */
export function summaryLine(summary: UploadSummary, elapsedMs: number): string {
  const counts = `stored ${summary.stored} · duplicate ${summary.duplicates} · overwritten ${summary.overwritten} · failed ${summary.failed}`;
  const files = `${summary.files.length} file${summary.files.length === 1 ? '' : 's'}`;
  return `${counts} — ${files}, ${formatBytes(summary.bytes)} in ${(elapsedMs / 1000).toFixed(1)} s`;
}

/** `[########------] 12/50 files · 3.1 MB/10.2 MB · 1 failed`, fitted to the terminal width. */
export function progressLine(progress: UploadProgress, failed: number, columns: number): string {
  const tail = ` ${progress.filesDone}/${progress.filesTotal} files · ${formatBytes(progress.bytesDone)}/${formatBytes(progress.bytesTotal)}${failed > 0 ? ` · ${failed} failed` : ''}`;
  // The bar's width depends on the terminal only, so it does not jump as the counts grow.
  const barWidth = Math.max(10, Math.min(30, columns - 45));
  const fraction =
    progress.bytesTotal > 0
      ? progress.bytesDone / progress.bytesTotal
      : progress.filesDone / Math.max(1, progress.filesTotal);
  const filled = Math.round(Math.min(1, fraction) * barWidth);
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${tail}`.slice(0, Math.max(1, columns - 1));
}

export interface UploadReporter {
  onProgress(progress: UploadProgress): void;
  /** Clear the progress line (before the summary is printed). */
  finish(): void;
}

/**
 * On a terminal: a live progress bar, with failures printed above it. Otherwise (a pipe, a log): one
 * plain line per file as it finishes. Rate-limit pauses are told on stderr either way.
 */
export function createUploadReporter(output: CliOutput, now: () => number = Date.now): UploadReporter {
  const { terminal } = output;
  let failed = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    onProgress(progress) {
      if (progress.wait !== undefined) {
        if (terminal !== undefined && shown) terminal.write(CLEAR_LINE);
        output.stderr(waitLine(progress.wait));
        lastDraw = Number.NEGATIVE_INFINITY;
        return;
      }
      if (progress.file?.outcome === 'failed') failed += 1;
      if (terminal === undefined) {
        if (progress.file !== undefined) output.stdout(fileLine(progress.file));
        return;
      }
      if (progress.file?.outcome === 'failed') {
        if (shown) terminal.write(CLEAR_LINE);
        output.stdout(fileLine(progress.file));
        lastDraw = Number.NEGATIVE_INFINITY;
      }
      const last = progress.filesDone === progress.filesTotal;
      if (!last && now() - lastDraw < REDRAW_MS) return;
      terminal.write(`${CLEAR_LINE}${progressLine(progress, failed, terminal.columns)}`);
      shown = true;
      lastDraw = now();
    },
    finish() {
      if (terminal !== undefined && shown) terminal.write(CLEAR_LINE);
      shown = false;
    },
  };
}
