/// <reference path="./dcmjs-dictionary.d.ts" />
/**
 * Value representations from the PS3.6 data dictionary (dcmjs's copy), for data sets encoded in
 * Implicit VR where the element carries none. Loaded on first use (about 100 ms, once per thread).
 */

/** The dictionary's VR of a tag; `xs`, `ox`, `lt` are left ambiguous for the caller to settle. */
export type VrLookup = (tag: number) => string | undefined;

let loaded: Promise<VrLookup> | undefined;
let keywords: Map<string, string> | undefined;

function tagNumber(group: string, element: string): number {
  return ((Number.parseInt(group, 16) << 16) | Number.parseInt(element, 16)) >>> 0;
}

async function load(): Promise<VrLookup> {
  const { dictionary } = await import('dcmjs/dictionary');
  const exact = new Map<number, string>();
  /** Repeating groups (50xx curves, 60xx overlays) by element. */
  const curve = new Map<number, string>();
  const overlay = new Map<number, string>();
  const byKeyword = new Map<string, string>();
  for (const [key, entry] of Object.entries(dictionary)) {
    if (entry.vr === undefined || entry.vr === 'na') continue;
    const plain = /^\(([0-9A-F]{4}),([0-9A-F]{4})\)$/i.exec(key);
    if (plain?.[1] !== undefined && plain[2] !== undefined) {
      exact.set(tagNumber(plain[1], plain[2]), entry.vr);
      if (entry.name !== undefined) byKeyword.set(entry.name.toLowerCase(), `${plain[1]}${plain[2]}`.toUpperCase());
      continue;
    }
    const repeating = /^\((50|60)00-\1FF,([0-9A-F]{4})\)$/i.exec(key);
    if (repeating?.[1] !== undefined && repeating[2] !== undefined) {
      (repeating[1] === '50' ? curve : overlay).set(Number.parseInt(repeating[2], 16), entry.vr);
    }
  }
  keywords = byKeyword;
  return (tag) => {
    const found = exact.get(tag);
    if (found !== undefined) return found;
    const group = tag >>> 16;
    const element = tag & 0xffff;
    if (element === 0) return 'UL';
    if (group % 2 === 1) return element >= 0x10 && element <= 0xff ? 'LO' : undefined;
    if ((group & 0xff00) === 0x5000) return curve.get(element);
    if ((group & 0xff00) === 0x6000) return overlay.get(element);
    return undefined;
  };
}

/** The dictionary lookup, loaded once per thread. */
export function loadVrDictionary(): Promise<VrLookup> {
  loaded ??= load().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

/** The tag (8 upper-case hex digits) of a PS3.6 keyword such as `PatientName`, case-insensitive. */
export async function tagOfKeyword(keyword: string): Promise<string | undefined> {
  await loadVrDictionary();
  return keywords?.get(keyword.toLowerCase());
}
