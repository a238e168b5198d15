import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli/run-cli.js';
import { createLucentClient } from './create-lucent-client.js';
import { isLucentError } from './lucent-error.js';
import { startTestServer, type TestServer } from './testing/test-server.test-util.js';
import type { StoredTokens } from './token-session.js';

describe('signing in with the SDK and the CLI', () => {
  let server: TestServer;
  let scratch: string;
  let account: { email: string; password: string; userId: string };

  beforeAll(async () => {
    [server, scratch] = await Promise.all([startTestServer(), mkdtemp(join(tmpdir(), 'lucent-client-auth-'))]);
    const created = await server.app.login({ roles: ['radiologist'] });
    account = { email: created.user.email, password: created.password, userId: created.user.id };
  });
  afterAll(async () => {
    await server?.close();
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  });

  it('logs in, sends the token, rotates the refresh token, and logs out', async () => {
    const seen: Array<StoredTokens | undefined> = [];
    const client = createLucentClient({ url: server.url, onTokens: (tokens) => void seen.push(tokens) });
    const response = await client.login({ email: account.email, password: account.password });
    expect(response.user.id).toBe(account.userId);
    expect(await client.trpc.auth.me.query()).toMatchObject({ id: account.userId, roles: ['radiologist'] });
    const before = client.tokens()?.refreshToken;
    const after = await client.refresh();
    expect(after.refreshToken).not.toBe(before);
    expect(seen.map((tokens) => tokens?.refreshToken)).toEqual([before, after.refreshToken]);
    await client.logout();
    expect(client.tokens()).toBeUndefined();
    const error = await client.trpc.auth.me.query().catch((caught: unknown) => caught);
    expect(isLucentError(error) && error.code).toBe('UNAUTHENTICATED');
  });

  it('refreshes an access token about to expire before the request', async () => {
    const first = createLucentClient({ url: server.url });
    await first.login({ email: account.email, password: account.password });
    const stored = first.tokens() as StoredTokens;
    const client = createLucentClient({ url: server.url, tokens: { ...stored, expiresAt: Date.now() + 5_000 } });
    expect(await client.trpc.auth.me.query()).toMatchObject({ id: account.userId });
    expect(client.tokens()?.refreshToken).not.toBe(stored.refreshToken);
    expect((client.tokens()?.expiresAt ?? 0) - Date.now()).toBeGreaterThan(800_000);
  });

  it('lucent login stores tokens (0600), later commands use them, lucent logout ends the session', async () => {
    const credentialsFile = join(scratch, 'config', 'lucent', 'credentials.json');
    const out: string[] = [];
    const output = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
    const env = { credentialsFile, readStdin: async () => `${account.password}\n` };
    const login = await runCli(['login', '--email', account.email, '--password-stdin'], output, server.url, env);
    expect(out.join('\n')).toContain(`signed in to ${server.url} as ${account.email}`);
    expect(login).toBe(0);
    expect((await stat(credentialsFile)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(credentialsFile, 'utf8')) as { servers: Record<string, StoredTokens> };
    const tokens = stored.servers[server.url];
    expect(tokens?.accessToken).toMatch(/^ey/);
    const sessions = await server.app.services.sessions.list(account.userId);
    expect(sessions.some((session) => session.refreshHash !== '')).toBe(true);

    expect(await runCli(['studies', '--json'], output, server.url, env)).toBe(0);
    const before = sessions.length;
    expect(await runCli(['logout'], output, server.url, env)).toBe(0);
    expect((await server.app.services.sessions.list(account.userId)).length).toBe(before - 1);
    expect((JSON.parse(await readFile(credentialsFile, 'utf8')) as { servers: object }).servers).toEqual({});

    // A wrong password: exit code 2 with the server's code.
    out.length = 0;
    const refused = await runCli(['login', '--email', account.email, '--password-stdin'], output, server.url, {
      credentialsFile,
      readStdin: async () => 'Wrong-password-123!',
    });
    expect(refused).toBe(2);
    expect(out.join('\n')).toContain('INVALID_CREDENTIALS');
  });
});
