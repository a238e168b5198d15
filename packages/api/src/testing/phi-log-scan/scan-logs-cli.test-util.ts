import { parseArgs } from 'node:util';
import { identifierMatchers } from './identifier-matchers.test-util.js';
import { logScanProblems, runLogFiles, scanLogFiles, startedTestApps } from './scan-log-files.test-util.js';
import { corpusPatientIdentifiers, syntheticPatientIdentifiers } from './test-patients.test-util.js';

/**
 * Scan logs for the test patients' identifiers (the DICOM corpus's, read in place, and the synthetic
 * ones): exit 1 with each finding's file and line (never the identifier), 0 when clean.
 *
 *   scan-logs-cli --run-dir DIR            a test run's log directory (every started test app must have logged)
 *   scan-logs-cli [--min-requests N] FILE… log files, e.g. the CI smoke server's (at least N request lines)
 *
 * Run from the repository root with `node --import tsx --conditions=@lucent/source <this file>`.
 */
const usage = 'usage: scan-logs-cli (--run-dir DIR | [--min-requests N] FILE...)';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'run-dir': { type: 'string' }, 'min-requests': { type: 'string', default: '1' } },
    allowPositionals: true,
  });
  const runDir = values['run-dir'];
  const minRequests = Number(values['min-requests']);
  if ((runDir === undefined) === (positionals.length === 0) || !Number.isInteger(minRequests)) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const files = runDir === undefined ? positionals : await runLogFiles(runDir);
  const startedApps = runDir === undefined ? new Map<string, string>() : await startedTestApps(runDir);
  const corpus = await corpusPatientIdentifiers();
  const matchers = identifierMatchers([...corpus.identifiers, ...syntheticPatientIdentifiers()]);
  const scan = await scanLogFiles(files, matchers);
  const problems = logScanProblems(scan, startedApps);
  for (const file of corpus.unreadable) problems.push(`corpus file ${file}: its patient module could not be read`);
  if (runDir === undefined && scan.requestLines < minRequests)
    problems.push(
      `${scan.requestLines} request lines in ${files.join(', ')}: fewer than ${minRequests}; is the logger writing?`,
    );
  const summary = `${files.length} log files, ${scan.lines} lines (${scan.requestLines} requests${runDir === undefined ? '' : `, ${startedApps.size} test apps`}); ${matchers.length} identifiers (${corpus.files} corpus files)`;
  if (problems.length > 0) {
    process.stderr.write(`PHI log scan FAILED (${summary})\n${problems.map((problem) => `  ${problem}\n`).join('')}`);
    return 1;
  }
  process.stdout.write(`PHI log scan: no test patient identifier in ${summary}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
