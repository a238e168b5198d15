import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { ErrorCodes, errorCodeNames } from './error-codes.js';

const docs = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');

describe('error catalogue', () => {
  it.each(errorCodeNames)('documents %s in docs/errors.md with its number and status', (name) => {
    const entry = ErrorCodes[name];
    const row = docs.split('\n').find((line) => line.includes(`| \`${name}\` |`));
    expect(row, `docs/errors.md has no row for ${name}`).toBeDefined();
    expect(row).toContain(`| ${entry.code} |`);
    expect(row).toContain(`| ${entry.status} |`);
  });

  it('gives every code a unique number and an HTTP error status', () => {
    const numbers = errorCodeNames.map((name) => ErrorCodes[name].code);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const name of errorCodeNames) {
      expect(ErrorCodes[name].status).toBeGreaterThanOrEqual(400);
      expect(ErrorCodes[name].status).toBeLessThan(600);
    }
  });

  it('carries code, number and status on AppError and serialises without the stack', () => {
    const error = new AppError('FRAME_OUT_OF_RANGE', { details: { frame: 3 } });
    expect(error.status).toBe(400);
    expect(error.numericCode).toBe(3005);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'FRAME_OUT_OF_RANGE',
      numericCode: 3005,
      message: ErrorCodes.FRAME_OUT_OF_RANGE.message,
      details: { frame: 3 },
    });
  });
});
