import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { generateKeyFile } from './generate-keys.js';
import { KeyFile } from './key-file.schema.js';
import { importKeyFile, type KeyMaterial } from './key-material.js';

export class KeyConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyConfigurationError';
  }
}

export interface LoadKeysOptions {
  /** Key file path (KEYS_FILE). */
  path: string;
  /** The key file's JSON given directly (LUCENT_KEYS); wins over the file. */
  inline?: string | undefined;
  /** Production never generates keys: they must be given. */
  production: boolean;
  /** Told once when keys are generated (development and test). */
  onGenerated?: (path: string) => void;
}

function parseKeyFile(text: string, where: string): KeyFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyConfigurationError(`${where} is not JSON`);
  }
  const parsed = KeyFile.safeParse(json);
  if (parsed.success) return parsed.data;
  // Name the problem, never the key material.
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new KeyConfigurationError(`${where} is invalid: ${problems}`);
}

/** Write the key file atomically, readable by the owner only. */
export async function writeKeyFile(path: string, file: KeyFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

export async function readKeyFile(path: string): Promise<KeyFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseKeyFile(text, `key file ${path}`);
}

/**
 * The server's keys: from LUCENT_KEYS, else the key file; in development and tests a missing file is
 * generated (and `onGenerated` warns); in production a missing key is a start-up error.
 */
export async function loadKeys(options: LoadKeysOptions): Promise<{ file: KeyFile; material: KeyMaterial }> {
  let file: KeyFile | undefined;
  if (options.inline !== undefined && options.inline !== '') file = parseKeyFile(options.inline, 'LUCENT_KEYS');
  else file = await readKeyFile(options.path);
  if (file === undefined) {
    if (options.production)
      throw new KeyConfigurationError(
        `no keys: in production set LUCENT_KEYS or provide the key file ${options.path} (generate one with \`lucent-api keys generate\`)`,
      );
    file = await generateKeyFile();
    await writeKeyFile(options.path, file);
    options.onGenerated?.(options.path);
  }
  return { file, material: await importKeyFile(file) };
}
