import type { FrameInfo } from '@lucent/engine';
import type { CodestreamVariant, VariantId } from './codestream-variants.js';
import { phantomFrame, type SyntheticFrame } from './synthetic.js';

/** A synthetic frame compressed one way, ready to decode. */
export interface EncodedFrame {
  variant: CodestreamVariant;
  frame: SyntheticFrame;
  /** The frame info with the variant's transfer syntax. */
  frameInfo: FrameInfo;
  codestream: Uint8Array;
}

/** Phantoms and their encodings, each made once per run and shared between cases. */
export interface SyntheticSet {
  phantom(size: number): SyntheticFrame;
  encoded(size: number, variant: VariantId): Promise<EncodedFrame>;
}

type VariantTable = Record<VariantId, CodestreamVariant>;

/**
 * `loadVariants` is imported lazily so that a missing encoder only fails the cases that need
 * encoded frames, not the whole run.
 */
export function createSyntheticSet(
  loadVariants: () => Promise<VariantTable> = async () => (await import('./codestream-variants.js')).codestreamVariants,
): SyntheticSet {
  const phantoms = new Map<number, SyntheticFrame>();
  const encodings = new Map<string, Promise<EncodedFrame>>();
  const phantom = (size: number): SyntheticFrame => {
    let frame = phantoms.get(size);
    if (frame === undefined) {
      frame = phantomFrame(size);
      phantoms.set(size, frame);
    }
    return frame;
  };
  const encode = async (size: number, id: VariantId): Promise<EncodedFrame> => {
    const variant = (await loadVariants())[id];
    const frame = phantom(size);
    const frameInfo = { ...frame.frameInfo, transferSyntaxUid: variant.transferSyntaxUid };
    const codestream = await variant.encode(frame.pixels, frameInfo);
    return { variant, frame, frameInfo, codestream };
  };
  return {
    phantom,
    encoded(size, id) {
      const key = `${size}:${id}`;
      let pending = encodings.get(key);
      if (pending === undefined) {
        pending = encode(size, id);
        encodings.set(key, pending);
        pending.catch(() => encodings.delete(key));
      }
      return pending;
    },
  };
}
