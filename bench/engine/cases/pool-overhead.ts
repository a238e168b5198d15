import { availableParallelism } from 'node:os';
import { createEngine } from '../../../packages/engine/src/pool/create-engine.js';
import { type BenchCase, type BenchRow, emptyOutcome } from '../bench-case.js';
import { type Measurement, measure, perOperation } from '../measure.js';

const group = 'pool round trip';

/** Pings in flight at once in the concurrent variant (the engine's queue is sized to hold them). */
function batchSize(quick: boolean): number {
  return quick ? 32 : 256;
}

interface Variant {
  threads: number;
  sequential: Measurement;
  concurrent: Measurement;
}

async function measureThreads(
  threads: number,
  quick: boolean,
  profile: Parameters<typeof measure>[1],
): Promise<Variant> {
  const batch = batchSize(quick);
  const engine = createEngine({ threads, minThreads: threads, maxQueue: batch });
  try {
    await Promise.all(Array.from({ length: threads * 4 }, () => engine.ping()));
    const sequential = await measure(() => engine.ping(), {
      ...profile,
      minIterations: Math.max(profile.minIterations, 50),
    });
    const concurrentBatch = await measure(
      () => Promise.all(Array.from({ length: batch }, () => engine.ping())),
      profile,
    );
    return { threads, sequential, concurrent: perOperation(concurrentBatch, batch) };
  } finally {
    await engine.close();
  }
}

/**
 * What a task pays for going through the worker pool: `engine.ping()` (a no-op task) awaited one
 * at a time (full round trip) and in batches in flight together (amortized), with one thread and
 * with the default thread count.
 */
export const poolOverheadCase: BenchCase = {
  id: 'pool-overhead',
  title: 'Pool round-trip overhead (engine.ping)',
  async run(context) {
    const outcome = emptyOutcome();
    const defaultThreads = availableParallelism();
    const counts = defaultThreads === 1 ? [1] : [1, defaultThreads];
    const variants: Variant[] = [];
    for (const threads of counts) variants.push(await measureThreads(threads, context.quick, context.profile));
    const batch = batchSize(context.quick);
    for (const variant of variants) {
      const label = `${variant.threads} thread${variant.threads === 1 ? '' : 's'}`;
      const rows: BenchRow[] = [
        {
          group,
          name: `sequential, ${label}`,
          unit: 'ms/task',
          value: variant.sequential.medianMs,
          measurement: variant.sequential,
        },
        {
          group,
          name: `${batch} concurrent, ${label}`,
          unit: 'ms/task',
          value: variant.concurrent.medianMs,
          measurement: variant.concurrent,
          note: 'batch time ÷ batch size',
        },
      ];
      outcome.rows.push(...rows);
    }
    const worst = variants.reduce((a, b) => (b.sequential.medianMs > a.sequential.medianMs ? b : a));
    outcome.observations['pool-overhead'] = {
      value: worst.sequential.medianMs,
      note: `sequential round trip (worst of ${counts.join(' and ')} threads: ${worst.threads})`,
    };
    return outcome;
  },
};
