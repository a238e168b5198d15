import type { LucentClient } from '../create-lucent-client.js';
import { type CliOutput, ExitCode } from './cli-output.js';

/**
 * `lucent keys rotate`: start the server-side re-encryption under a new master data key (tRPC
 * keys.rotate; permission system:manage). `lucent keys status`: each key's remaining use and the
 * job's progress. Both print JSON with --json, else a short summary.
 */
export async function runKeys(
  client: LucentClient,
  command: { action: 'rotate' | 'status'; json: boolean },
  output: CliOutput,
): Promise<number> {
  if (command.action === 'rotate') {
    const progress = await client.trpc.keys.rotate.mutate();
    output.stdout(
      command.json
        ? JSON.stringify(progress, null, 2)
        : `rotation ${progress.state}: new data is encrypted with ${progress.targetKeyId}; ` +
            'existing fields and file keys are being re-encrypted (see "lucent keys status")',
    );
    return ExitCode.ok;
  }
  const status = await client.trpc.keys.status.query();
  if (command.json) {
    output.stdout(JSON.stringify(status, null, 2));
    return ExitCode.ok;
  }
  const lines = status.keys.map(
    (key) =>
      `${key.active ? '*' : ' '} ${key.keyId.padEnd(24)} ${String(key.fields).padStart(8)} fields ${String(key.files).padStart(8)} files${key.retirable ? '  (unused: may be removed from the ring)' : ''}`,
  );
  const { rotation } = status;
  lines.push(
    `rotation: ${rotation.state}${rotation.state === 'idle' ? '' : ` (${rotation.fieldsRotated} fields, ${rotation.filesRewrapped} files re-wrapped)`}`,
  );
  if (status.plaintextFiles > 0) lines.push(`${status.plaintextFiles} files stored unencrypted`);
  output.stdout(lines.join('\n'));
  return ExitCode.ok;
}
