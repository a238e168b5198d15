import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../corpus.test-util.js';
import { syntheticPatients } from '../synthetic-patients.test-util.js';
import { identifierMatchers } from './identifier-matchers.test-util.js';
import { RUN_LOG_DIR_VARIABLE, STARTED_APPS_FILE } from './run-logs.test-util.js';
import { logScanProblems, runLogFiles, scanLogFiles, startedTestApps } from './scan-log-files.test-util.js';
import { corpusPatientIdentifiers, syntheticPatientIdentifiers } from './test-patients.test-util.js';

const request = (app: string) =>
  `{"level":30,"time":1,"service":"lucent-api","testApp":"${app}","requestId":"r","method":"GET","route":"/health/live","status":200,"ms":0.4,"msg":"request"}`;

describe('the run-log scan', () => {
  let dir: string;
  let corpus: Awaited<ReturnType<typeof corpusPatientIdentifiers>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lucent-log-scan-test-'));
    corpus = await corpusPatientIdentifiers();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the patient name, ID and birth date of every corpus file, the truncated one included', async () => {
    if (corpus.files === 0) return; // No corpus on this machine (corpusDir): only synthetic patients are scanned for.
    expect(corpus.unreadable).toEqual([]);
    const ofFile = (file: string) =>
      corpus.identifiers.filter((identifier) => identifier.source === `corpus ${file}`).map((i) => i.kind);
    expect(ofFile('CT_small.dcm')).toEqual(['patientName', 'patientId']);
    expect(ofFile('MR_truncated.dcm')).toEqual(['patientName', 'patientId']);
    expect(ofFile('CT0012.not_fragmented_bot_rle.dcm')).toEqual(['patientName', 'patientId', 'birthDate']);
    expect(corpusDir).toBeTruthy();
  });

  it('reports the file and line of a corpus patient name in any form, without printing the name', async () => {
    const matchers = identifierMatchers([...corpus.identifiers, ...syntheticPatientIdentifiers()]);
    // A corpus name read from the files when the corpus is here; the demo phantom otherwise.
    const leaked = corpus.identifiers.find((identifier) => identifier.source === 'corpus CT_small.dcm')?.value;
    const name = leaked ?? syntheticPatients.demo.patientName;
    const [family = '', given = ''] = name.split('^');
    const path = join(dir, 'leaky.log');
    await writeFile(
      path,
      [
        request('a'),
        `{"level":50,"msg":"ingest failed","err":{"message":"no study for ${family}^${given}"}}`,
        request('a'),
        `{"level":40,"msg":"search","q":"${given.toUpperCase()} ${family.toLowerCase()}"}`,
        `{"level":40,"msg":"search","url":"/dicomweb/studies?PatientName=${encodeURIComponent(`${family}^${given}`)}"}`,
        `{"level":20,"msg":"\\u001b[32m${family}\\u001b[39m\\u005e${given}"}`,
      ].join('\n'),
    );
    const scan = await scanLogFiles([path], matchers);
    expect(scan.findings.map((finding) => finding.line)).toEqual([2, 4, 5, 6]);
    expect(scan.findings[0]?.file).toBe(path);
    const problems = logScanProblems(scan, new Map([['a', 'x.test.ts']]));
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/leaky\.log:2: holds a test patient's identifier: patientName of (corpus|synthetic)/);
    for (const problem of problems) expect(problem.toLowerCase()).not.toContain(family.toLowerCase());
  });

  it('finds nothing in logs without patient data, and counts their requests and apps', async () => {
    const matchers = identifierMatchers([...corpus.identifiers, ...syntheticPatientIdentifiers()]);
    const path = join(dir, 'clean.log');
    const studyUid = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';
    await writeFile(
      path,
      [
        request('a'),
        request('b'),
        `{"level":20,"testApp":"b","msg":"MikroORM successfully connected to database lucent_t_0010 on postgresql://postgres@127.0.0.1:5432"}`,
        `{"level":40,"testApp":"b","msg":"post-ingest work failed","studyInstanceUid":"${studyUid}","tag":"(0010,0010)","time":1719500704123}`,
        `{"level":30,"testApp":"b","msg":"search","route":"/api/v1/patients/:patientId","field":"lastName"}`,
      ].join('\n'),
    );
    const scan = await scanLogFiles([path], matchers);
    expect(scan.findings).toEqual([]);
    expect(scan).toMatchObject({ lines: 5, requestLines: 2, testApps: new Set(['a', 'b']) });
    expect(
      logScanProblems(
        scan,
        new Map([
          ['a', ''],
          ['b', ''],
        ]),
      ),
    ).toEqual([]);
  });

  it('fails logs that were evidently not written: a silent test app, or apps but no request line', async () => {
    const path = join(dir, 'startup-only.log');
    await writeFile(path, '{"level":40,"testApp":"a","msg":"generated new keys for development"}\n');
    const scan = await scanLogFiles([path], []);
    const problems = logScanProblems(
      scan,
      new Map([
        ['a', 'one.test.ts'],
        ['b', 'two.test.ts'],
      ]),
    );
    expect(problems).toEqual([
      "test app b (two.test.ts) wrote no line to the run's log files",
      '2 test apps ran but no request was logged in 1 log files',
    ]);
  });

  it('reads the log files and started apps of a run directory', async () => {
    const run = await mkdtemp(join(dir, 'run-'));
    await writeFile(join(run, 'b.test.ts.1.log'), request('x'));
    await writeFile(join(run, 'a.test.ts.2.log'), request('y'));
    await writeFile(join(run, STARTED_APPS_FILE), 'x\tb.test.ts\ny\ta.test.ts\n');
    expect(await runLogFiles(run)).toEqual([join(run, 'a.test.ts.2.log'), join(run, 'b.test.ts.1.log')]);
    expect(await startedTestApps(run)).toEqual(
      new Map([
        ['x', 'b.test.ts'],
        ['y', 'a.test.ts'],
      ]),
    );
  });

  it('logs this run to files: the variable the test apps log under is set', () => {
    expect(process.env[RUN_LOG_DIR_VARIABLE]).toBeTruthy();
  });
});
