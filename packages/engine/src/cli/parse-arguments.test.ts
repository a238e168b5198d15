import { describe, expect, it } from 'vitest';
import { parseArguments, UsageError } from './parse-arguments.js';

function usageMessage(argv: string[]): string {
  try {
    parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('parseArguments', () => {
  it('reads decode with a frame and several files', () => {
    expect(parseArguments(['decode', '--frame', '3', 'a.dcm', 'b.dcm'])).toEqual({
      kind: 'decode',
      files: ['a.dcm', 'b.dcm'],
      frame: 3,
      threads: undefined,
    });
  });

  it('reads info with a thread count', () => {
    expect(parseArguments(['info', '--threads', '2', 'a.dcm'])).toEqual({ kind: 'info', files: ['a.dcm'], threads: 2 });
  });

  it('reads render options, the window through parseWindowSpec', () => {
    const command = parseArguments([
      'render',
      'a.dcm',
      '--frame',
      '1',
      '--width',
      '256',
      '--height',
      '128',
      '--window',
      '40,400,sigmoid',
      '--format',
      'webp',
      '--quality',
      '80',
      '--out',
      'x.img',
    ]);
    expect(command).toEqual({
      kind: 'render',
      file: 'a.dcm',
      out: 'x.img',
      threads: undefined,
      options: {
        format: 'webp',
        frame: 1,
        width: 256,
        height: 128,
        quality: 80,
        window: { center: 40, width: 400, function: 'SIGMOID' },
      },
    });
  });

  it('takes the render format from the output extension when --format is absent', () => {
    expect(parseArguments(['render', 'a.dcm', '--out', 'x.PNG'])).toMatchObject({ options: { format: 'png' } });
    expect(parseArguments(['render', 'a.dcm', '--out', 'x.jpg'])).toMatchObject({ options: { format: 'jpeg' } });
    expect(parseArguments(['render', 'a.dcm', '--out', 'x.bin'])).toMatchObject({ options: { format: 'jpeg' } });
  });

  it('recognises help', () => {
    expect(parseArguments(['--help'])).toEqual({ kind: 'help' });
    expect(parseArguments(['decode', '-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /command is required/],
    [['convert', 'a.dcm'], /unknown command/],
    [['decode'], /at least one FILE/],
    [['decode', '--frame', '-1', 'a.dcm'], /--frame/],
    [['decode', '--frame', '1.5', 'a.dcm'], /--frame must be an integer/],
    [['decode', '--width', '10', 'a.dcm'], /--width is not an option of "decode"/],
    [['decode', '--nope', 'a.dcm'], /nope/],
    [['render', 'a.dcm'], /--out/],
    [['render', 'a.dcm', 'b.dcm', '--out', 'x.png'], /exactly one FILE/],
    [['render', 'a.dcm', '--out', 'x.png', '--window', '40'], /--window/],
    [['render', 'a.dcm', '--out', 'x.png', '--format', 'gif'], /--format/],
    [['render', 'a.dcm', '--out', 'x.png', '--width', '0'], /--width must be an integer ≥ 1/],
  ])('rejects %j as a usage error', (argv, message) => {
    expect(usageMessage(argv)).toMatch(message);
  });
});
