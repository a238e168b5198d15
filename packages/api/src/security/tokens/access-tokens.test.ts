import { randomUUID } from 'node:crypto';
import { AppError } from '@lucent/shared';
import { describe, expect, it } from 'vitest';
import { generateKeyFile } from '../keys/generate-keys.js';
import { importKeyFile } from '../keys/key-material.js';
import { createAccessTokens } from './access-tokens.js';

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

describe('access tokens', () => {
  it('verifies once, then answers from the cache until the token expires (exp re-checked each time)', async () => {
    let clock = Date.now();
    const keys = await importKeyFile(await generateKeyFile());
    const tokens = createAccessTokens({ keys, issuer: 'lucent', audience: 'lucent-api', now: () => clock });
    const subject = {
      userId: randomUUID(),
      sessionId: randomUUID(),
      roles: ['viewer'] as const,
      facilityId: randomUUID(),
    };
    const token = await tokens.sign(subject);
    const claims = await tokens.verify(token);
    expect(claims).toMatchObject({
      sub: subject.userId,
      sid: subject.sessionId,
      roles: ['viewer'],
      facility: subject.facilityId,
    });
    expect(await tokens.verify(token)).toBe(claims); // the cached verification
    clock += 14 * 60_000;
    expect((await tokens.verify(token)).jti).toBe(claims.jti);
    clock += 2 * 60_000;
    expect(await codeOf(tokens.verify(token))).toBe('TOKEN_EXPIRED');
    expect(await codeOf(tokens.verify(token))).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token of another key file and another audience', async () => {
    const keys = await importKeyFile(await generateKeyFile());
    const other = await importKeyFile(await generateKeyFile());
    const subject = {
      userId: randomUUID(),
      sessionId: randomUUID(),
      roles: ['viewer'] as const,
      facilityId: randomUUID(),
    };
    const ours = createAccessTokens({ keys, issuer: 'lucent', audience: 'lucent-api' });
    const theirs = createAccessTokens({ keys: other, issuer: 'lucent', audience: 'lucent-api' });
    const elsewhere = createAccessTokens({ keys, issuer: 'lucent', audience: 'other-api' });
    expect(await codeOf(ours.verify(await theirs.sign(subject)))).toBe('TOKEN_INVALID');
    expect(await codeOf(ours.verify(await elsewhere.sign(subject)))).toBe('TOKEN_INVALID');
  });
});
