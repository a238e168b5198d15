import { describe, expect, it } from 'vitest';
import {
  birthDateAlternatives,
  identifierMatchers,
  type PatientIdentifier,
  patientIdAlternatives,
  personNameAlternatives,
} from './identifier-matchers.test-util.js';

const matcherOf = (identifier: PatientIdentifier) => {
  const [matcher] = identifierMatchers([identifier]);
  if (matcher === undefined) throw new Error('identifier skipped');
  return matcher;
};
const name = (value: string) => matcherOf({ kind: 'patientName', value, source: 'test' }).pattern;

describe('patient identifier matchers', () => {
  it('match a name in its DICOM form and its human forms, whatever the case', () => {
    const pattern = name('Doe^Johnny');
    for (const text of ['DOE^JOHNNY', 'doe^johnny', 'Doe Johnny', 'DOE, JOHNNY', 'Johnny Doe', '"q":"doe^johnny*"'])
      expect(pattern.test(text), text).toBe(true);
    for (const text of ['Doe', 'Johnny', 'Doe^Joan', 'JohnnyDoe', 'xDoe^Johnny'])
      expect(pattern.test(text), text).toBe(false);
  });

  it('match the family and given names without the middle name or suffix, and a long family name alone', () => {
    const pattern = name('PHANTOM^DEMO^^^SYNTHETIC');
    for (const text of ['PHANTOM^DEMO', 'Demo Phantom', 'phantom demo synthetic'])
      expect(pattern.test(text), text).toBe(true);
    expect(pattern.test('phantom')).toBe(false); // 7 letters: not alone
    const corpus = name('CompressedSamples^CT1');
    expect(corpus.test('{"patientName":"CompressedSamples*"}')).toBe(true);
    expect(corpus.test('CT1 CompressedSamples')).toBe(true);
  });

  it('match each group of a name with ideographic and phonetic parts', () => {
    const pattern = name('Yamada^Tarou=山田^太郎');
    expect(pattern.test('Tarou Yamada')).toBe(true);
    expect(pattern.test('山田^太郎')).toBe(false); // 4 characters: under the minimum
    expect(name('Hong^Gildong=洪^吉洞=홍^길동').test('gildong hong')).toBe(true);
  });

  it('skip names too short or generic to mean anyone, and placeholder family names alone', () => {
    for (const value of ['OB^^^^', 'PLA', '^^^^', 'Anonymized', 'SC^TES'])
      expect(personNameAlternatives(value), value).toEqual([]);
    expect(personNameAlternatives('SC^TEST')).not.toEqual([]);
    const pattern = name('Lastname^Firstname');
    expect(pattern.test('Firstname Lastname')).toBe(true);
    expect(pattern.test('"field":"lastName"')).toBe(false);
  });

  it('match patient IDs that mix letters and digits or are long, not inside longer tokens', () => {
    expect(patientIdAlternatives('0010')).toEqual([]);
    expect(patientIdAlternatives('99000')).toEqual([]);
    expect(patientIdAlternatives('ID1')).toEqual([]);
    const id = matcherOf({ kind: 'patientId', value: '1CT1', source: 'test' }).pattern;
    expect(id.test('"PatientID":"1ct1"')).toBe(true);
    expect(id.test('11CT12')).toBe(false);
    const long = matcherOf({ kind: 'patientId', value: '021234567', source: 'test' }).pattern;
    expect(long.test('id 021234567.')).toBe(true);
  });

  it('match DICOM birth dates as written and in ISO form, never inside a longer number', () => {
    expect(birthDateAlternatives('1950')).toEqual([]);
    const date = matcherOf({ kind: 'birthDate', value: '19500704', source: 'test' }).pattern;
    expect(date.test('"birthDate":"19500704"')).toBe(true);
    expect(date.test('born 1950-07-04')).toBe(true);
    expect(date.test('"time":1719500704123')).toBe(false);
  });

  it('label an identifier by its source, kind and a hash, never by its value', () => {
    const [matcher] = identifierMatchers([{ kind: 'patientName', value: 'Doe^Johnny', source: 'corpus X.dcm' }]);
    expect(matcher?.label).toMatch(/^patientName of corpus X\.dcm \(sha256 [0-9a-f]{12}\)$/);
    expect(matcher?.label.toLowerCase()).not.toContain('doe');
  });
});
