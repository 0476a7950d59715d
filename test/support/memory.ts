import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The JS heap plus Buffers (images and network chunks live outside the heap). */
function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/**
 * Runs `fn` while sampling heap and Buffer memory: returns its result, the peak heap growth
 * over the collected baseline, and what is still held after a collection.
 */
export async function measureHeap<T>(fn: () => Promise<T>): Promise<{ result: T; peakGrowth: number; retainedGrowth: number }> {
  gc();
  const base = used();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, used());
  }, 5);
  try {
    const result = await fn();
    peak = Math.max(peak, used());
    gc();
    return { result, peakGrowth: peak - base, retainedGrowth: used() - base };
  } finally {
    clearInterval(timer);
  }
}

export const MB = 1024 * 1024;
