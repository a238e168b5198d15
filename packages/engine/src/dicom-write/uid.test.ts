import { describe, expect, it } from 'vitest';
import { seededRandom } from '../decode/seeded-noise.test-util.js';
import { dicomDate, dicomDateTime, dicomTime, parseDicomDate } from './dicom-date-time.js';
import { generateUid, isValidUid, LUCENT_IMPLEMENTATION_CLASS_UID, uidFromUuidBytes } from './uid.js';

describe('generateUid', () => {
  it('makes 2.25 UIDs from random UUIDs, valid and distinct', () => {
    const uids = Array.from({ length: 200 }, () => generateUid());
    expect(new Set(uids).size).toBe(200);
    for (const uid of uids) {
      expect(uid).toMatch(/^2\.25\.[1-9][0-9]*$/);
      expect(isValidUid(uid)).toBe(true);
    }
  });

  it('repeats UIDs for the same seed and differs across seeds', () => {
    expect(generateUid(seededRandom(9))).toBe(generateUid(seededRandom(9)));
    expect(generateUid(seededRandom(9))).not.toBe(generateUid(seededRandom(10)));
  });

  it('sets the UUID version and variant bits before converting to decimal', () => {
    const uid = uidFromUuidBytes(new Uint8Array(16));
    expect(uid).toBe(`2.25.${BigInt('0x00000000000040008000000000000000')}`);
    expect(isValidUid(LUCENT_IMPLEMENTATION_CLASS_UID)).toBe(true);
  });

  it('tells malformed UIDs apart', () => {
    for (const bad of ['', '1.', '.1', '1..2', '1.02', 'a.1', `1.${'2'.repeat(63)}`])
      expect(isValidUid(bad)).toBe(false);
    expect(isValidUid('1.2.0.840')).toBe(true);
  });
});

describe('DICOM dates and times', () => {
  const when = new Date(Date.UTC(2024, 1, 29, 7, 5, 9, 250));
  it('formats DA, TM and DT in UTC', () => {
    expect(dicomDate(when)).toBe('20240229');
    expect(dicomTime(when)).toBe('070509.250000');
    expect(dicomTime(new Date(Date.UTC(2024, 0, 1, 23, 59, 0)))).toBe('235900');
    expect(dicomDateTime(when)).toBe('20240229070509.250000+0000');
  });

  it('parses DA back, and nothing from a malformed date', () => {
    expect(parseDicomDate('20240229')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseDicomDate('20230229')).toBeUndefined();
    expect(parseDicomDate('2024-02-29')).toBeUndefined();
  });
});
