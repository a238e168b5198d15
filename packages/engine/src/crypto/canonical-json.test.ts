import { describe, expect, it } from 'vitest';
import { errorCodeOfSync } from '../errors/error-code-of.test-util.js';
import { canonicalJson, canonicalJsonBytes } from './canonical-json.js';

function fromBits(bits: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${bits}`));
  return view.getFloat64(0);
}

describe('canonicalJson: RFC 8785 examples', () => {
  it('§3.2.2 sample: numbers, string escapes and literals', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('§3.2.3 sample: member names sorted by UTF-16 code units', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('canonicalJsonBytes encodes the canonical text as UTF-8 (§3.2.4)', () => {
    const bytes = canonicalJsonBytes({ '\r': 'x', '€': 'y' });
    expect(Buffer.from(bytes).toString('hex')).toBe('7b225c72223a2278222c22e282ac223a2279227d');
  });

  const numbers: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];

  it.each(numbers)('Appendix B: IEEE 754 %s serializes as %s', (bits, expected) => {
    expect(canonicalJson(fromBits(bits))).toBe(expected);
  });

  it.each(['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000'])(
    'Appendix B: %s (NaN/Infinity) is refused',
    (bits) => {
      expect(errorCodeOfSync(() => canonicalJson([fromBits(bits)]))).toBe('VALIDATION_FAILED');
    },
  );
});

describe('canonicalJson: inputs that are not JSON data', () => {
  const sparse: unknown[] = [];
  sparse[2] = 3;
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const cases: [string, unknown][] = [
    ['undefined at the top level', undefined],
    ['an undefined member', { a: undefined }],
    ['undefined in an array', [1, undefined]],
    ['a function', { f: () => 1 }],
    ['a symbol', [Symbol('x')]],
    ['a bigint', { n: 1n }],
    ['a cycle', cyclic],
    ['a sparse array', sparse],
    ['a Map', new Map([['a', 1]])],
    ['a typed array', new Uint8Array(2)],
    ['a lone surrogate in a value', { a: '\ud800' }],
    ['a lone surrogate in a name', { '\udc00': 1 }],
    [
      'a throwing toJSON',
      {
        toJSON: () => {
          throw new Error('boom');
        },
      },
    ],
  ];
  it.each(cases)('refuses %s with VALIDATION_FAILED', (_name, value) => {
    expect(errorCodeOfSync(() => canonicalJson(value))).toBe('VALIDATION_FAILED');
  });

  it('refuses absurd nesting with a typed error instead of overflowing the stack', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(errorCodeOfSync(() => canonicalJson(deep))).toBe('VALIDATION_FAILED');
  });

  it('accepts shared (non-cyclic) references and toJSON values such as dates', () => {
    const shared = { b: [1, 2] };
    expect(canonicalJson({ y: shared, x: shared })).toBe('{"x":{"b":[1,2]},"y":{"b":[1,2]}}');
    expect(canonicalJson({ at: new Date(Date.UTC(2024, 0, 2)) })).toBe('{"at":"2024-01-02T00:00:00.000Z"}');
    expect(canonicalJson(Object.assign(Object.create(null), { b: 1, a: 2 }))).toBe('{"a":2,"b":1}');
  });

  it('does not put data-like member names into error messages', () => {
    try {
      canonicalJson({ 'Doe^Jane': { x: Number.NaN } });
      expect.fail('should throw');
    } catch (error) {
      expect(String(error)).not.toContain('Doe');
      expect(String(error)).toContain('$.*.x');
    }
  });
});
