import { createLucentClient, type LucentClient } from '../create-lucent-client.js';
import { type CliOutput, ExitCode } from './cli-output.js';
import { readCredentials, writeCredentials } from './credentials-file.js';
import { UsageError } from './parse-arguments.js';
import { createStreamingFormFetch } from './streaming-form-fetch.js';

/** What the CLI takes from its environment for signing in (main.ts reads process.env). */
export interface CliEnvironment {
  /** LUCENT_TOKEN: an access token to send as is. */
  token?: string | undefined;
  /** LUCENT_EMAIL / LUCENT_PASSWORD: sign in for this run (and sign out after it). */
  email?: string | undefined;
  password?: string | undefined;
  /** Where `lucent login` keeps tokens (default ~/.config/lucent/credentials.json). */
  credentialsFile?: string | undefined;
  /** The password piped on stdin (`lucent login --password-stdin`). */
  readStdin?: () => Promise<string>;
}

/** A client for `url` signed in the first way that applies: LUCENT_TOKEN, LUCENT_EMAIL+PASSWORD, stored tokens, none. */
export async function signedInClient(
  url: string,
  env: CliEnvironment,
): Promise<{ client: LucentClient; done(): Promise<void> }> {
  // Upload batches stream from disk (see createStreamingFormFetch); other requests use fetch.
  const fetch = createStreamingFormFetch();
  if (env.token !== undefined && env.token !== '')
    return { client: createLucentClient({ url, token: env.token, fetch }), done: async () => {} };
  if (env.email && env.password) {
    const client = createLucentClient({ url, fetch });
    await client.login({ email: env.email, password: env.password });
    return { client, done: () => client.logout() };
  }
  const file = env.credentialsFile;
  const base = createLucentClient({ url, fetch });
  const stored = file === undefined ? undefined : await readCredentials(file, base.url);
  if (file === undefined || stored === undefined) return { client: base, done: async () => {} };
  const client = createLucentClient({
    url,
    fetch,
    tokens: stored,
    onTokens: (tokens) => writeCredentials(file, base.url, tokens),
  });
  return { client, done: async () => {} };
}

/** `lucent login`: sign in and keep the tokens (refreshed by later commands) in the credentials file. */
export async function runLogin(
  command: { url: string; email: string | undefined; rememberMe: boolean; passwordStdin: boolean },
  env: CliEnvironment,
  output: CliOutput,
): Promise<number> {
  const email = command.email ?? env.email;
  if (email === undefined || email === '') throw new UsageError('login needs --email EMAIL (or $LUCENT_EMAIL)');
  let password = env.password;
  if (command.passwordStdin) password = (await env.readStdin?.())?.replace(/\r?\n$/, '');
  if (password === undefined || password === '')
    throw new UsageError('login needs the password on stdin (--password-stdin) or in $LUCENT_PASSWORD');
  const file = env.credentialsFile;
  if (file === undefined) throw new UsageError('no credentials file: set $HOME or $LUCENT_CREDENTIALS');
  const client = createLucentClient({ url: command.url });
  const response = await client.login({ email, password, rememberMe: command.rememberMe });
  await writeCredentials(file, client.url, client.tokens());
  output.stdout(
    `signed in to ${client.url} as ${response.user.email} (${response.user.roles.join(', ')}); tokens saved in ${file}`,
  );
  return ExitCode.ok;
}

/** `lucent logout`: end the stored session on the server and forget its tokens. */
export async function runLogout(command: { url: string }, env: CliEnvironment, output: CliOutput): Promise<number> {
  const file = env.credentialsFile;
  const base = createLucentClient({ url: command.url });
  const stored = file === undefined ? undefined : await readCredentials(file, base.url);
  if (file === undefined || stored === undefined) {
    output.stdout(`not signed in to ${base.url}`);
    return ExitCode.ok;
  }
  const client = createLucentClient({ url: command.url, tokens: stored });
  await client.logout();
  await writeCredentials(file, base.url, undefined);
  output.stdout(`signed out of ${base.url}`);
  return ExitCode.ok;
}
