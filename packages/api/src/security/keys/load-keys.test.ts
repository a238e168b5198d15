import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyConfigurationError, loadKeys } from './load-keys.js';

describe('loadKeys', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lucent-keys-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('generates a key file (mode 0600) on first start outside production, and reads the same keys next time', async () => {
    const path = join(dir, 'keys', 'keys.json');
    const generated: string[] = [];
    const first = await loadKeys({ path, production: false, onGenerated: (where) => generated.push(where) });
    expect(generated).toEqual([path]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const second = await loadKeys({ path, production: false, onGenerated: (where) => generated.push(where) });
    expect(generated).toHaveLength(1);
    expect(second.file).toEqual(first.file);
    expect(second.material.signing.jwks.keys[0]?.kid).toBe(first.file.signing.activeKid);
    expect(second.material.dataRing.keys[first.file.data.activeKeyId]?.byteLength).toBe(32);
  });

  it('refuses to start in production without keys', async () => {
    await expect(loadKeys({ path: join(dir, 'absent.json'), production: true })).rejects.toBeInstanceOf(
      KeyConfigurationError,
    );
  });

  it('takes the keys from LUCENT_KEYS before the file, and names problems without echoing secrets', async () => {
    const path = join(dir, 'keys.json');
    const { file } = await loadKeys({ path, production: false });
    const inline = await loadKeys({ path: join(dir, 'other.json'), inline: JSON.stringify(file), production: true });
    expect(inline.file).toEqual(file);
    const broken = { ...file, blindIndexKey: 'c2hvcnQ=' };
    await writeFile(path, JSON.stringify(broken));
    const error = await loadKeys({ path, production: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeyConfigurationError);
    expect(String(error)).toContain('blindIndexKey');
    expect(String(error)).not.toContain(file.urlSigningKey);
    expect(JSON.parse(await readFile(path, 'utf8')).blindIndexKey).toBe('c2hvcnQ=');
  });
});

describe('lucent-api keys generate', () => {
  it('prints a key file that loads in production', async () => {
    const { runKeysCommand } = await import('./keys-command.js');
    let printed = '';
    expect(await runKeysCommand(['generate'], (text) => (printed += text))).toBe(0);
    const { material } = await loadKeys({ path: '/nonexistent/keys.json', inline: printed, production: true });
    expect(Object.keys(material.dataRing.keys)).toEqual([material.dataRing.activeKeyId]);
    expect(await runKeysCommand(['other'], () => undefined)).toBe(1);
  });
});
