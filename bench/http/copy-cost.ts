/**
 * What the reduced copies cost (the issue asks for work done at ingest to be measured in storage
 * and ingest time): for one instance of each HTTP-bench dataset, the stored file's size, its reduced
 * copy's size, and the time to make the copy (decode + box-reduce, or a JPEG 2000 resolution level)
 * against a full decode of the frame, in this thread. `pnpm bench:copies [--repeat N]`; prints a table.
 */
import { parseArgs } from 'node:util';
import { decodeFrameParts, encodeDecodedCopy, frameBytes, parseDicom, renderSource } from '@lucent/engine';
import { datasetIds, oneInstanceOf } from './workload-data.js';

const BOX = { width: 128, height: 128 };

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '15' } } });
const repeat = Math.max(3, Number(values.repeat) || 15);

async function medianMs(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

console.log('dataset    file KiB  copy KiB  copy/file  make copy ms  full decode ms');
for (const id of datasetIds) {
  const bytes = await oneInstanceOf(id);
  const parsed = parseDicom(bytes);
  const first = parsed.frames[0];
  if (first === undefined) continue;
  // The frame's bytes as a server reads them: the native span, or the fragments' values concatenated.
  const frame = frameBytes(parsed, 0);
  const parts = () => ({ prefix: bytes.slice(0, first.offset), frame: frame.slice(), index: 0 });
  // What the engine's decode-parts task does with `reduceWithin` (the copy written after ingest).
  const makeCopy = async () => {
    const decoded = await decodeFrameParts(parts(), { fitWithin: BOX });
    return { ...decoded, frame: renderSource(decoded.frame, decoded.attributes, BOX.width, BOX.height) };
  };
  const reduced = await makeCopy();
  const copy = encodeDecodedCopy(reduced, { sha256: '0'.repeat(64), within: BOX });
  const make = await medianMs(makeCopy);
  const full = await medianMs(() => decodeFrameParts(parts()));
  console.log(
    [
      id.padEnd(9),
      (bytes.length / 1024).toFixed(0).padStart(9),
      (copy.length / 1024).toFixed(1).padStart(9),
      `${((100 * copy.length) / bytes.length).toFixed(1)}%`.padStart(10),
      make.toFixed(2).padStart(13),
      full.toFixed(2).padStart(15),
    ].join(' '),
  );
}
