import { describe, expect, it } from 'vitest';
import { readCorpusFile } from '../decode/corpus.test-util.js';
import { parseDicom } from '../dicom/parse-dicom.js';
import { decodeFrameParts, pixelDataStart } from './frame-parts.js';
import { parsedHeader } from './parsed-headers.js';

const bytes = readCorpusFile('CT1_UNC.explicit_little_endian.dcm');
const first = parseDicom(bytes).frames[0];
if (first === undefined) throw new Error('no frame');
const prefix = bytes.slice(0, first.offset);
const header = prefix.subarray(0, pixelDataStart(prefix));

describe('parsedHeader', () => {
  it('parses again without a key, and once per key with one', () => {
    expect(parsedHeader(header)).not.toBe(parsedHeader(header));
    const key = `test-${Math.random()}`;
    const cached = parsedHeader(header, key);
    expect(parsedHeader(header, key)).toBe(cached);
    expect(parsedHeader(header, `${key}-other`)).not.toBe(cached);
    expect(cached.metadata).toEqual(parseDicom(header).metadata);
  });

  it('gives decodeFrameParts the same frame and attributes with a content key as without', async () => {
    const frameBytes = () => bytes.slice(first.offset, first.offset + first.length);
    const key = `sha-${Math.random()}`;
    const plain = await decodeFrameParts({ prefix: prefix.slice(), frame: frameBytes(), index: 0 });
    for (let i = 0; i < 2; i++) {
      const keyed = await decodeFrameParts({ prefix: prefix.slice(), frame: frameBytes(), index: 0, contentKey: key });
      expect(keyed.frame.info).toEqual(plain.frame.info);
      expect(Array.from(keyed.frame.pixels)).toEqual(Array.from(plain.frame.pixels));
      expect(keyed.attributes).toEqual(plain.attributes);
    }
  });
});
