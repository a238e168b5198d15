export interface BatchLimits {
  /** Most files in one batch. */
  files: number;
  /** Most bytes in one batch; a file larger than this is a batch of its own. */
  bytes: number;
}

/**
 * Cut files (their sizes, in order) into consecutive batches within the limits; returns each batch's
 * file indices. Order is kept, so results read back in the order given.
 */
export function planBatches(sizes: readonly number[], limits: BatchLimits): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  sizes.forEach((size, index) => {
    if (current.length > 0 && (current.length >= limits.files || bytes + size > limits.bytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}
