import { describe, expect, it } from 'vitest';
import { parseArguments, UsageError } from './parse-arguments.js';

const usage = (argv: string[]) => expect(() => parseArguments(argv)).toThrow(UsageError);

describe('lucent argument parsing', () => {
  it('reads upload paths and options', () => {
    expect(
      parseArguments([
        'upload',
        'a',
        'b/c',
        '--overwrite',
        '--concurrency',
        '8',
        '--batch-files',
        '20',
        '--batch-mb',
        '16',
        '--url',
        'http://x:1',
      ]),
    ).toEqual({
      kind: 'upload',
      url: 'http://x:1',
      paths: ['a', 'b/c'],
      overwrite: true,
      concurrency: 8,
      batchFiles: 20,
      batchMiB: 16,
      json: false,
    });
    expect(parseArguments(['upload', 'dir'])).toMatchObject({
      url: undefined,
      concurrency: 2,
      batchFiles: undefined,
      batchMiB: undefined,
      overwrite: false,
    });
    usage(['upload']);
    usage(['upload', 'dir', '--concurrency', '0']);
    usage(['upload', 'dir', '--batch-files', '0']);
    usage(['upload', 'dir', '--batch-mb', '1.5']);
    usage(['upload', 'dir', '--width', '3']);
  });

  it('turns studies filters into a search input and checks them', () => {
    expect(
      parseArguments([
        'studies',
        '--patient-name',
        'DOE*',
        '--patient-id',
        'P1',
        '--date',
        '20200101-20201231',
        '--modality',
        'CT',
        '--limit',
        '5',
        '--offset',
        '10',
        '--json',
      ]),
    ).toEqual({
      kind: 'studies',
      url: undefined,
      json: true,
      search: {
        patientName: 'DOE*',
        patientId: 'P1',
        studyDate: '20200101-20201231',
        modality: 'CT',
        limit: 5,
        offset: 10,
      },
    });
    usage(['studies', '--date', '2020-01-01']);
    usage(['studies', '--limit', '5000']);
    usage(['studies', 'extra']);
  });

  it('reads render options, numbering frames from 1 and taking the format from --out', () => {
    expect(
      parseArguments([
        'render',
        '1.2.3',
        '--out',
        'x.JPG',
        '--frame',
        '2',
        '--width',
        '64',
        '--window',
        '40,400,sigmoid',
      ]),
    ).toEqual({
      kind: 'render',
      url: undefined,
      sopInstanceUid: '1.2.3',
      out: 'x.JPG',
      options: { frame: 2, width: 64, window: { center: 40, width: 400, function: 'SIGMOID' }, format: 'jpeg' },
    });
    expect(parseArguments(['render', '1.2.3', '-o', 'x.png', '--format', 'webp', '--quality', '70'])).toMatchObject({
      options: { format: 'webp', quality: 70 },
    });
    expect(parseArguments(['render', '1.2.3', '--out', 'image'])).toMatchObject({ options: {} });
    usage(['render', '1.2.3', '--out', 'x.jpg', '--frame', '0']);
    usage(['render', '1.2.3', '--out', 'x.jpg', '--window', '40']);
    usage(['render', '1.2.3', '--out', 'x.jpg', '--format', 'gif']);
    usage(['render', '1.2.3', '4.5.6', '--out', 'x.jpg']);
    usage(['render', '1.2.3']);
  });

  it('shows help, and refuses unknown commands and options', () => {
    expect(parseArguments(['--help'])).toEqual({ kind: 'help' });
    expect(parseArguments(['studies', '-h'])).toEqual({ kind: 'help' });
    usage([]);
    usage(['delete']);
    usage(['studies', '--colour']);
  });
  it('reads keys rotate and keys status, refusing other actions', () => {
    expect(parseArguments(['keys', 'rotate'])).toEqual({ kind: 'keys', url: undefined, action: 'rotate', json: false });
    expect(parseArguments(['keys', 'status', '--json'])).toMatchObject({ action: 'status', json: true });
    expect(() => parseArguments(['keys', 'retire'])).toThrow(UsageError);
    expect(() => parseArguments(['keys'])).toThrow(UsageError);
  });
});
