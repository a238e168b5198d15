import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { access, writeFile } from 'node:fs/promises';

/** The administrator a benchmarked Lucent creates on first start and the bench signs in as. */
export const BENCH_ADMIN = { email: 'bench-admin@lucent.local', password: 'Bench-Admin-Passw0rd!' } as const;

/**
 * A key file for the benchmarked server (it runs with NODE_ENV=production, which never generates
 * keys): Ed25519 signing key, one data key, index and URL keys, as the API's key file schema wants.
 */
export async function ensureBenchKeyFile(path: string): Promise<void> {
  if (
    await access(path).then(
      () => true,
      () => false,
    )
  )
    return;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const kid = `s-${day}-${randomBytes(4).toString('hex')}`;
  const dataKeyId = `d-${day}-${randomBytes(4).toString('hex')}`;
  const secret = () => randomBytes(32).toString('base64');
  const file = {
    version: 1,
    signing: {
      activeKid: kid,
      keys: [
        {
          kid,
          alg: 'EdDSA',
          privateJwk: privateKey.export({ format: 'jwk' }),
          publicJwk: publicKey.export({ format: 'jwk' }),
          createdAt: new Date().toISOString(),
        },
      ],
    },
    data: { activeKeyId: dataKeyId, keys: { [dataKeyId]: secret() } },
    blindIndexKey: secret(),
    urlSigningKey: secret(),
  };
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

/** Sign in as the bench administrator: the Authorization header for every Lucent request. */
export async function signIn(origin: string): Promise<Record<string, string>> {
  const response = await fetch(new URL('/api/v1/auth/login', origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_ADMIN),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || body.access_token === undefined) throw new Error(`sign-in failed: HTTP ${response.status}`);
  return { authorization: `Bearer ${body.access_token}` };
}
