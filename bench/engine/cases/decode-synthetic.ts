import { type BenchCase, type BenchRow, describeError, emptyOutcome, type PeerComparison } from '../bench-case.js';
import { type VariantId, variantIds } from '../codestream-variants.js';
import { measure, megapixelsPerSecond, summarize } from '../measure.js';
import { type OpjPeer, timeOpjDecompress } from '../opj-peer.js';
import type { EncodedFrame } from '../synthetic-set.js';

const group = 'decode synthetic';

function samePixels(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Native OpenJPEG on the same codestream, single-threaded: median per-image time of `runs`
 * opj_decompress runs, each over enough copies to outweigh process start-up.
 */
async function comparePeer(
  peer: OpjPeer,
  encoded: EncodedFrame,
  lucentMs: number,
  quick: boolean,
): Promise<PeerComparison> {
  const copies = quick ? 2 : Math.min(32, Math.max(4, Math.round(32e6 / encoded.frame.pixels.length)));
  const runs = quick ? 1 : 3;
  const times: number[] = [];
  let source = '';
  for (let run = 0; run < runs; run++) {
    const timing = await timeOpjDecompress(peer, encoded.codestream, copies);
    times.push(timing.msPerImage);
    source = timing.source;
  }
  const native = summarize(times).medianMs;
  if (!(native > 0)) throw new Error('native decode too fast to time at this size');
  return {
    name: `opj_decompress ${peer.version}`,
    msPerOperation: native,
    ratio: lucentMs / native,
    note: `single-threaded; ${source} time; median of ${runs} run(s) of ${copies} copies`,
  };
}

/**
 * Decode throughput of the engine codecs (in-thread, `codec.decode`) on synthetic 16-bit phantoms
 * encoded with the engine's own encoders (RLE with the bench's encoder). J2K and HTJ2K codestreams
 * are also decoded by native OpenJPEG when installed; Lucent ÷ native time is the peer ratio.
 */
export const decodeSyntheticCase: BenchCase = {
  id: 'decode-synthetic',
  title: 'Decode synthetic 16-bit frames per codec (vs native OpenJPEG)',
  async run(context) {
    const outcome = emptyOutcome();
    const sizes = context.quick ? [256] : [1024, 2048];
    let worstJ2k: { ratio: number; name: string } | undefined;
    for (const size of sizes) {
      for (const id of variantIds) {
        const name = `${id} ${size}²`;
        let encoded: EncodedFrame;
        try {
          encoded = await context.synthetic.encoded(size, id);
        } catch (error) {
          outcome.skipped.push({ group, name, reason: `encoding failed: ${describeError(error)}` });
          continue;
        }
        const { codec } = encoded.variant;
        const first = await codec.decode(encoded.codestream, encoded.frameInfo).catch((error: unknown) => {
          outcome.skipped.push({ group, name, reason: `decoding failed: ${describeError(error)}` });
          return undefined;
        });
        if (first === undefined) continue;
        if (id !== 'j2k-lossy' && !samePixels(first.pixels, encoded.frame.pixels)) {
          outcome.skipped.push({ group, name, reason: 'lossless decode differs from the source pixels' });
          continue;
        }
        const measurement = await measure(() => codec.decode(encoded.codestream, encoded.frameInfo), context.profile);
        const ratio = (encoded.frame.pixels.byteLength / encoded.codestream.length).toFixed(2);
        const row: BenchRow = {
          group,
          name: `${encoded.variant.label} ${size}²`,
          unit: 'MP/s',
          value: megapixelsPerSecond(size * size, measurement),
          measurement,
          note: `${encoded.codestream.length} bytes (${ratio}:1)`,
        };
        if (context.peer !== undefined && encoded.variant.openjpegPeer) {
          try {
            const peer = await comparePeer(context.peer, encoded, measurement.medianMs, context.quick);
            row.peer = peer;
            if (isJ2k(id) && (worstJ2k === undefined || peer.ratio > worstJ2k.ratio)) {
              worstJ2k = { ratio: peer.ratio, name: row.name };
            }
          } catch (error) {
            outcome.skipped.push({ group, name: `${name} (opj_decompress)`, reason: describeError(error) });
          }
        }
        outcome.rows.push(row);
      }
    }
    outcome.observations['j2k-vs-native'] =
      worstJ2k === undefined
        ? {
            value: Number.NaN,
            note: context.peer === undefined ? 'opj_decompress not installed' : 'no J2K codestream decoded by both',
          }
        : { value: worstJ2k.ratio, note: `worst J2K ratio: ${worstJ2k.name}, one thread each` };
    return outcome;
  },
};

function isJ2k(id: VariantId): boolean {
  return id === 'j2k-lossless' || id === 'j2k-lossy';
}
