import { availableParallelism, cpus } from 'node:os';
import { reportFileNameFor, writeJsonReport } from '../common/report-file.js';
import type { BenchRow, Skip } from './bench-case.js';
import type { TargetResult } from './targets.js';

export interface BenchEnvironment {
  node: string;
  platform: string;
  arch: string;
  cpuModel: string;
  cpus: number;
  /** `opj_decompress` library version, or null when not installed (no peer column). */
  openjpeg: string | null;
}

/** The JSON written to bench/results/engine-<timestamp>.json. */
export interface BenchReport {
  schemaVersion: 1;
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  environment: BenchEnvironment;
  rows: BenchRow[];
  targets: TargetResult[];
  skipped: Skip[];
  /** Cases that failed outright (module missing, unexpected error). */
  errors: { case: string; message: string }[];
}

export function describeEnvironment(openjpeg: string | undefined): BenchEnvironment {
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cpus: availableParallelism(),
    openjpeg: openjpeg ?? null,
  };
}

/** A number with three significant digits (or plain integers above 1000). */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 1000) return Math.round(value).toString();
  return value.toPrecision(3);
}

function alignedTable(header: string[], lines: string[][], numeric: boolean[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)),
  );
  const render = (cells: string[]) =>
    cells
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [render(header), widths.map((width) => '─'.repeat(width)).join('  '), ...lines.map(render)].join('\n');
}

/** The results as plain-text tables: measurements, targets, then anything skipped or failed. */
export function formatReport(report: BenchReport): string {
  const { environment } = report;
  const parts = [
    `Lucent engine bench${report.quick ? ' (--quick: few iterations, small sizes; numbers are indicative only)' : ''}`,
    `${environment.cpuModel} × ${environment.cpus}, Node ${environment.node}, ${environment.platform}/${environment.arch}, ` +
      `native peer: ${environment.openjpeg === null ? 'opj_decompress not installed (peer column skipped)' : `OpenJPEG ${environment.openjpeg}`}`,
    '',
    alignedTable(
      ['Group', 'Case', 'Value', 'Unit', 'Median ms', 'p95 ms', 'Runs', 'Peer ms', 'Lucent/peer'],
      report.rows.map((row) => [
        row.group,
        row.name,
        formatNumber(row.value),
        row.unit,
        formatNumber(row.measurement?.medianMs),
        formatNumber(row.measurement?.p95Ms),
        row.measurement === undefined ? '' : String(row.measurement.iterations),
        row.peer === undefined ? '' : formatNumber(row.peer.msPerOperation),
        row.peer === undefined ? '' : `${formatNumber(row.peer.ratio)}×`,
      ]),
      [false, false, true, false, true, true, true, true, true],
    ),
    '',
    alignedTable(
      ['Target', 'Actual', 'Result', 'Measured on'],
      report.targets.map((target) => [
        target.description,
        target.actual === null ? '—' : `${formatNumber(target.actual)} ${target.unit}`,
        target.status.toUpperCase(),
        target.note,
      ]),
      [false, true, false, false],
    ),
  ];
  if (report.skipped.length > 0) {
    parts.push('', 'Skipped:', ...report.skipped.map((skip) => `  ${skip.group} / ${skip.name}: ${skip.reason}`));
  }
  if (report.errors.length > 0) {
    parts.push('', 'Failed cases:', ...report.errors.map((error) => `  ${error.case}: ${error.message}`));
  }
  return parts.join('\n');
}

/** `engine-<ISO start time>.json` (see reportFileNameFor). */
export function reportFileName(startedAt: string): string {
  return reportFileNameFor('engine', startedAt);
}

/** Write the report as JSON into `directory` (created if needed); returns the file path. */
export function writeReport(report: BenchReport, directory: string): Promise<string> {
  return writeJsonReport('engine', report, directory);
}
