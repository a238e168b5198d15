import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StoredTokens } from '../token-session.js';

/** ~/.config/lucent/credentials.json: tokens per server URL, readable by the owner only (0600). */
type CredentialsFile = { servers: Record<string, StoredTokens> };

async function readAll(path: string): Promise<CredentialsFile> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<CredentialsFile>;
    return { servers: typeof parsed.servers === 'object' && parsed.servers !== null ? parsed.servers : {} };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return { servers: {} };
    throw error;
  }
}

export async function readCredentials(path: string, url: string): Promise<StoredTokens | undefined> {
  const stored = (await readAll(path)).servers[url];
  return typeof stored?.accessToken === 'string' && typeof stored.refreshToken === 'string' ? stored : undefined;
}

/** Store (or with undefined, forget) one server's tokens; the file is replaced atomically, mode 0600. */
export async function writeCredentials(path: string, url: string, tokens: StoredTokens | undefined): Promise<void> {
  const all = await readAll(path);
  if (tokens === undefined) delete all.servers[url];
  else all.servers[url] = tokens;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(all, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
