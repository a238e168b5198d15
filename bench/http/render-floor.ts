/**
 * The floor under a cold full-size render: for one instance of each HTTP-bench dataset, the CPU of
 * rendering its frame in this thread (window + JPEG, as the engine does) and of the JPEG encode
 * alone (the engine's encodeImage: sharp, libjpeg-turbo), in process CPU milliseconds per image (libvips threads
 * included), one image at a time. Compare with the CPU a whole request costs (`pnpm bench:cpu
 * --case full`): a server cannot answer faster than this per core. `pnpm bench:render-floor [--repeat N]`.
 */
import { parseArgs } from 'node:util';
import { decodeFrame, encodeImage, parseDicom, renderFrame, toDisplayPixels } from '@lucent/engine';
import { datasetIds, oneInstanceOf } from './workload-data.js';

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '100' } } });
const repeat = Math.max(10, Number(values.repeat) || 100);

/** Process CPU (all threads) and wall time per call, after a few unmeasured calls. */
async function cost(run: () => Promise<unknown>): Promise<{ cpuMs: number; wallMs: number }> {
  for (let i = 0; i < 5; i++) await run();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeat; i++) await run();
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000 / repeat, wallMs: wall / repeat };
}

console.log('dataset    output       render CPU ms  (wall)   JPEG encode CPU ms  (wall)');
for (const id of datasetIds) {
  const parsed = parseDicom(await oneInstanceOf(id));
  const frame = await decodeFrame(parsed, 0);
  const attributes = parsed.renderingAttributes(0);
  const options = { format: 'jpeg' as const, quality: 90 };
  const rendered = await renderFrame(frame, attributes, options);
  const display = toDisplayPixels(frame, attributes);
  const render = await cost(() => renderFrame(frame, attributes, options));
  const encode = await cost(() => encodeImage(display, options));
  console.log(
    [
      id.padEnd(9),
      `${rendered.width}×${rendered.height}×${display.channels}`.padEnd(12),
      render.cpuMs.toFixed(2).padStart(14),
      `(${render.wallMs.toFixed(2)})`.padStart(8),
      encode.cpuMs.toFixed(2).padStart(20),
      `(${encode.wallMs.toFixed(2)})`.padStart(8),
    ].join(' '),
  );
}
