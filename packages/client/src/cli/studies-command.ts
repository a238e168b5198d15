import type { StudySearchInput } from '@lucent/shared';
import type { LucentClient } from '../create-lucent-client.js';
import { type CliOutput, ExitCode } from './cli-output.js';
import { studiesTable } from './studies-table.js';

/** `lucent studies`: tRPC studies.search, printed as a table or as the result's JSON. */
export async function runStudies(
  client: LucentClient,
  command: { search: StudySearchInput; json: boolean },
  output: CliOutput,
): Promise<number> {
  const result = await client.trpc.studies.search.query(command.search);
  output.stdout(command.json ? JSON.stringify(result, null, 2) : studiesTable(result));
  return ExitCode.ok;
}
