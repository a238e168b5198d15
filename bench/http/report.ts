import { availableParallelism, cpus } from 'node:os';
import { reportFileNameFor, writeJsonReport } from '../common/report-file.js';
import type { LoadSummary } from './load-test.js';
import type { CaseResult, TargetResult } from './targets.js';
import type { IngestSummary } from './upload.js';

export interface HttpBenchEnvironment {
  node: string;
  platform: string;
  arch: string;
  cpuModel: string;
  cpus: number;
  /** Orthanc's version, or why the peer did not run. */
  orthanc: { version: string } | { unavailable: string };
  lucent: { build: 'source' | 'dist'; database: string; cache: string } | { unavailable: string };
  /** 1/5/15-minute load averages when the run started and ended: a busy machine skews every number. */
  loadAverage: { before: number[]; after: number[] };
}

export interface IngestResult {
  dataset: string;
  lucent?: IngestSummary;
  orthanc?: IngestSummary;
}

export interface DatasetDescription {
  id: string;
  title: string;
  instances: number;
  studies: number;
  bytes: number;
}

/** The JSON written to bench/results/http-<timestamp>.json. */
export interface HttpBenchReport {
  schemaVersion: 1;
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  connections: number;
  durationSeconds: number;
  /** Unmeasured load before each case's measured run (absent in reports written before it existed). */
  warmupSeconds?: number;
  environment: HttpBenchEnvironment;
  datasets: DatasetDescription[];
  cases: CaseResult[];
  ingest: IngestResult[];
  targets: TargetResult[];
  skipped: { case: string; reason: string }[];
  errors: { case: string; message: string }[];
}

export function describeEnvironment(
  orthanc: HttpBenchEnvironment['orthanc'],
  lucent: HttpBenchEnvironment['lucent'],
  loadAverage: HttpBenchEnvironment['loadAverage'],
): HttpBenchEnvironment {
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cpus: availableParallelism(),
    orthanc,
    lucent,
    loadAverage,
  };
}

/** A number with three significant digits (or plain integers above 1000). */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 1000) return Math.round(value).toString();
  return value.toPrecision(3);
}

export function alignedTable(header: string[], lines: string[][], numeric: boolean[]): string {
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

/** Requests per second, flagged with `!` when some answers were not 2xx or failed. */
function rate(summary: LoadSummary | undefined): string {
  if (summary === undefined) return '—';
  const failed = summary.non2xx + summary.errors;
  return `${formatNumber(summary.requestsPerSecond)}${failed > 0 ? '!' : ''}`;
}

const latency = (value: number | undefined) => (value === undefined ? '—' : formatNumber(value));

function peerLine(environment: HttpBenchEnvironment): string {
  const orthanc =
    'unavailable' in environment.orthanc
      ? `peer unavailable (${environment.orthanc.unavailable})`
      : `Orthanc ${environment.orthanc.version} (GDCM + DICOMweb plugins)`;
  const lucent =
    'unavailable' in environment.lucent
      ? `Lucent unavailable (${environment.lucent.unavailable})`
      : `Lucent from ${environment.lucent.build}, ${environment.lucent.database}, ${environment.lucent.cache}`;
  return `${lucent}; ${orthanc}`;
}

/** The results as plain-text tables: workloads, ingest, targets, then anything skipped or failed. */
export function formatReport(report: HttpBenchReport): string {
  const { environment } = report;
  const parts = [
    `Lucent HTTP bench${report.quick ? ' (--quick: short runs; numbers are indicative only)' : ''} — ` +
      `autocannon, ${report.connections} connections, ${report.durationSeconds} s a case` +
      (report.warmupSeconds ? ` after ${report.warmupSeconds} s of unmeasured warm-up` : ''),
    `${environment.cpuModel} × ${environment.cpus}, Node ${environment.node}, ${environment.platform}/${environment.arch}, ` +
      `load average ${environment.loadAverage.before.map((v) => v.toFixed(1)).join('/')} at start, ` +
      `${environment.loadAverage.after.map((v) => v.toFixed(1)).join('/')} at end`,
    peerLine(environment),
    '',
    alignedTable(
      ['Case', 'Lucent req/s', 'p50 ms', 'p99 ms', 'Orthanc req/s', 'p99 ms', 'Ratio'],
      report.cases.map((c) => [
        c.id,
        rate(c.lucent),
        latency(c.lucent?.latencyMs.p50),
        latency(c.lucent?.latencyMs.p99),
        rate(c.orthanc),
        latency(c.orthanc?.latencyMs.p99),
        c.ratio === undefined ? '—' : `${formatNumber(c.ratio)}×`,
      ]),
      [false, true, true, true, true, true, true],
    ),
  ];
  if (report.ingest.length > 0) {
    parts.push(
      '',
      alignedTable(
        ['Ingest', 'Lucent inst/s', 'MB/s', 'Orthanc inst/s', 'MB/s', 'Ratio'],
        report.ingest.map((row) => {
          const ratio =
            row.lucent !== undefined && row.orthanc !== undefined
              ? row.lucent.instancesPerSecond / row.orthanc.instancesPerSecond
              : undefined;
          return [
            row.dataset,
            formatNumber(row.lucent?.instancesPerSecond),
            formatNumber(row.lucent?.megabytesPerSecond),
            formatNumber(row.orthanc?.instancesPerSecond),
            formatNumber(row.orthanc?.megabytesPerSecond),
            ratio === undefined ? '—' : `${formatNumber(ratio)}×`,
          ];
        }),
        [false, true, true, true, true, true],
      ),
    );
  }
  parts.push(
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
  );
  const flagged = report.cases.filter((c) => c.notes.length > 0);
  if (flagged.length > 0) parts.push('', 'Notes:', ...flagged.map((c) => `  ${c.id}: ${c.notes.join('; ')}`));
  if (report.cases.some((c) => [c.lucent, c.orthanc].some((s) => s !== undefined && s.non2xx + s.errors > 0))) {
    parts.push('', '! some requests of that case were not answered 2xx (see non2xx/errors in the JSON)');
  }
  if (report.skipped.length > 0) {
    parts.push('', 'Skipped:', ...report.skipped.map((skip) => `  ${skip.case}: ${skip.reason}`));
  }
  if (report.errors.length > 0) {
    parts.push('', 'Failed:', ...report.errors.map((error) => `  ${error.case}: ${error.message}`));
  }
  return parts.join('\n');
}

/** `http-<ISO start time>.json` (see reportFileNameFor). */
export function reportFileName(startedAt: string): string {
  return reportFileNameFor('http', startedAt);
}

/** Write the report as JSON into `directory` (created if needed); returns the file path. */
export function writeReport(report: HttpBenchReport, directory: string): Promise<string> {
  return writeJsonReport('http', report, directory);
}
