import { isLucentError } from '../lucent-error.js';
import { type CliEnvironment, runLogin, runLogout, signedInClient } from './cli-auth.js';
import { type CliOutput, ExitCode } from './cli-output.js';
import { HELP } from './help.js';
import { type Command, parseArguments, UsageError } from './parse-arguments.js';
import { runRender } from './render-command.js';
import { runStudies } from './studies-command.js';
import { runUpload } from './upload-command.js';

export const DEFAULT_URL = 'http://localhost:3000';

async function run(
  command: Exclude<Command, { kind: 'help' }>,
  defaultUrl: string,
  output: CliOutput,
  env: CliEnvironment,
): Promise<number> {
  const url = command.url ?? defaultUrl;
  if (command.kind === 'login') return runLogin({ ...command, url }, env, output);
  if (command.kind === 'logout') return runLogout({ url }, env, output);
  const { client, done } = await signedInClient(url, env);
  try {
    switch (command.kind) {
      case 'upload':
        return await runUpload(client, command, output);
      case 'studies':
        return await runStudies(client, command, output);
      case 'render':
        return await runRender(client, command, output);
    }
  } finally {
    await done().catch(() => undefined);
  }
}

/**
 * `lucent` without the process: parse, run, return the exit code. `defaultUrl` is the server when
 * `--url` is not given (the executable passes $LUCENT_URL).
 */
export async function runCli(
  argv: readonly string[],
  output: CliOutput,
  defaultUrl = DEFAULT_URL,
  env: CliEnvironment = {},
): Promise<number> {
  let command: Command;
  try {
    command = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.stderr(`lucent: ${error.message}\nRun "lucent --help" for usage.`);
    return ExitCode.usage;
  }
  if (command.kind === 'help') {
    output.stdout(HELP.trimEnd());
    return ExitCode.ok;
  }
  try {
    return await run(command, defaultUrl, output, env);
  } catch (error) {
    if (isLucentError(error)) {
      output.stderr(`lucent: ${error.code}: ${error.message}`);
      return ExitCode.failed;
    }
    if (error instanceof UsageError) {
      output.stderr(`lucent: ${error.message}`);
      return ExitCode.usage;
    }
    throw error;
  }
}
