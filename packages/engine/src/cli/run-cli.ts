import { availableParallelism } from 'node:os';
import { isEngineError } from '../errors/engine-error.js';
import { createEngine, type Engine } from '../pool/create-engine.js';
import { decodeLine } from './decode-command.js';
import { writeDemoStudies } from './demo-command.js';
import { HELP } from './help.js';
import { infoLine } from './info-command.js';
import { orderedMap } from './ordered-map.js';
import { type Command, parseArguments, UsageError } from './parse-arguments.js';
import { renderLine } from './render-command.js';
import { isErrorLine } from './result-line.js';

export interface CliOutput {
  /** Results: JSON lines, help. A newline is added. */
  stdout(text: string): void;
  /** Diagnostics for a person (usage errors). A newline is added. */
  stderr(text: string): void;
}

export const ExitCode = { ok: 0, usage: 1, failed: 2 } as const;

/** Files in flight per thread: enough to keep threads busy while the next files are read. */
const FILES_PER_THREAD = 2;
/** A file may take long (a huge frame), but a stuck codec must not hang a batch forever. */
const TASK_TIMEOUT_MS = 300_000;

async function runFiles<T extends object>(
  files: string[],
  threads: number | undefined,
  work: (engine: Engine, file: string) => Promise<T>,
  output: CliOutput,
): Promise<number> {
  const poolThreads = Math.min(threads ?? availableParallelism(), files.length);
  const engine = createEngine({ threads: poolThreads, taskTimeoutMs: TASK_TIMEOUT_MS });
  let failed = false;
  try {
    await orderedMap(
      files,
      poolThreads * FILES_PER_THREAD,
      (file) => work(engine, file),
      (line) => {
        if (isErrorLine(line)) failed = true;
        output.stdout(JSON.stringify(line));
      },
    );
  } finally {
    await engine.close();
  }
  return failed ? ExitCode.failed : ExitCode.ok;
}

function run(command: Exclude<Command, { kind: 'help' }>, output: CliOutput): Promise<number> {
  switch (command.kind) {
    case 'info':
      return runFiles(command.files, command.threads, infoLine, output);
    case 'decode':
      return runFiles(
        command.files,
        command.threads,
        (engine, file) => decodeLine(engine, file, command.frame),
        output,
      );
    case 'render':
      return runFiles(
        [command.file],
        command.threads,
        (engine, file) => renderLine(engine, file, command.out, command.options),
        output,
      );
    case 'demo':
      return runDemo(command, output);
  }
}

async function runDemo(command: Extract<Command, { kind: 'demo' }>, output: CliOutput): Promise<number> {
  try {
    await writeDemoStudies(command, (line) => output.stdout(JSON.stringify(line)));
    return ExitCode.ok;
  } catch (error) {
    const code = isEngineError(error) ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    output.stdout(JSON.stringify({ file: command.out, error: code, message }));
    return ExitCode.failed;
  }
}

/** `lucent-engine` without the process: parse, run, and return the exit code. */
export async function runCli(argv: readonly string[], output: CliOutput): Promise<number> {
  let command: Command;
  try {
    command = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.stderr(`lucent-engine: ${error.message}\nRun "lucent-engine --help" for usage.`);
    return ExitCode.usage;
  }
  if (command.kind === 'help') {
    output.stdout(HELP.trimEnd());
    return ExitCode.ok;
  }
  return run(command, output);
}
