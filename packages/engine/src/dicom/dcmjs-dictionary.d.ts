/** Types for `dcmjs/dictionary` (PS3.6 data dictionary; the package ships no declarations for it). */
declare module 'dcmjs/dictionary' {
  export interface DictionaryEntry {
    tag: string;
    vr?: string;
    name?: string;
    vm?: string;
    version?: string;
  }
  /** Keyed by "(GGGG,EEEE)", upper-case hex. */
  export const dictionary: Record<string, DictionaryEntry>;
  export default dictionary;
}
