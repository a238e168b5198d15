import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { IdentifierMatcher } from './identifier-matchers.test-util.js';
import { STARTED_APPS_FILE } from './run-logs.test-util.js';

/** A log line holding patient identifiers: where, and which identifiers (their labels, never their values). */
export interface LogFinding {
  file: string;
  line: number;
  identifiers: string[];
}

export interface LogScan {
  files: string[];
  lines: number;
  /** Access-log lines (`"msg":"request"`): proof that request logging reached the files. */
  requestLines: number;
  /** The test apps (`testApp` binding) seen in the lines. */
  testApps: Set<string>;
  findings: LogFinding[];
}

const TEST_APP = /"testApp":"([^"]+)"/;
const JSON_ESCAPE = /\\u([0-9a-f]{4})/gi;
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour sequences are what it removes
const TERMINAL_COLOUR = /\x1b\[[0-9;]*m/g;
const PERCENT_ESCAPE = /%([0-9a-f]{2})/gi;

/**
 * The texts of a line to match: as written; with JSON `\uXXXX` escapes decoded and terminal colours
 * removed (a coloured `\u001b[32mDOE^JOHN` must not hide the name); and as a URL would have carried
 * it (`%5E` → `^`, `+` → space).
 */
export function lineTexts(line: string): string[] {
  const texts = [line];
  const decoded = line
    .replace(JSON_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(TERMINAL_COLOUR, ' ');
  if (decoded !== line) texts.push(decoded);
  if (decoded.includes('%') || decoded.includes('+'))
    texts.push(
      decoded
        .replace(PERCENT_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
        .replace(/\+/g, ' '),
    );
  return texts;
}

/** Scan log files line by line for any identifier (one combined expression first; the matchers only on a hit). */
export async function scanLogFiles(paths: readonly string[], matchers: readonly IdentifierMatcher[]): Promise<LogScan> {
  const scan: LogScan = { files: [...paths], lines: 0, requestLines: 0, testApps: new Set(), findings: [] };
  const any =
    matchers.length === 0 ? undefined : new RegExp(matchers.map((matcher) => matcher.pattern.source).join('|'), 'iu');
  for (const path of paths) {
    let number = 0;
    const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      number += 1;
      if (line.includes('"msg":"request"')) scan.requestLines += 1;
      const app = TEST_APP.exec(line)?.[1];
      if (app !== undefined) scan.testApps.add(app);
      if (any === undefined) continue;
      const texts = lineTexts(line);
      if (!texts.some((text) => any.test(text))) continue;
      const identifiers = matchers
        .filter((matcher) => texts.some((text) => matcher.pattern.test(text)))
        .map((matcher) => matcher.label);
      scan.findings.push({ file: path, line: number, identifiers });
    }
    scan.lines += number;
  }
  return scan;
}

/** The `*.log` files of a run's log directory. */
export async function runLogFiles(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .filter((name) => name.endsWith('.log'))
    .sort()
    .map((name) => join(dir, name));
}

/** The test apps the run created (STARTED_APPS_FILE), with the test file of each. */
export async function startedTestApps(dir: string): Promise<Map<string, string>> {
  let text = '';
  try {
    text = await readFile(join(dir, STARTED_APPS_FILE), 'utf8');
  } catch {
    return new Map();
  }
  const apps = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [id, testFile] = line.split('\t');
    if (id) apps.set(id, testFile ?? '');
  }
  return apps;
}

/**
 * What is wrong with a run's logs: a patient identifier in a line (file and line number only), or
 * logs that cannot have been written properly — a test app whose lines never reached the files, or
 * apps but no access-log line at all — so a broken logger fails the run instead of passing the scan.
 */
export function logScanProblems(scan: LogScan, startedApps: ReadonlyMap<string, string>): string[] {
  const problems = scan.findings.map(
    (finding) =>
      `${finding.file}:${finding.line}: holds a test patient's identifier: ${finding.identifiers.join('; ')}`,
  );
  const silent = [...startedApps].filter(([id]) => !scan.testApps.has(id));
  for (const [id, testFile] of silent)
    problems.push(`test app ${id} (${testFile || 'unknown test file'}) wrote no line to the run's log files`);
  if (startedApps.size > 0 && scan.requestLines === 0)
    problems.push(`${startedApps.size} test apps ran but no request was logged in ${scan.files.length} log files`);
  return problems;
}
