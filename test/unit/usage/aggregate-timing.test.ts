import { expect, it } from 'vitest';
import { timeAggregation } from './aggregate.bench';

// Logs how long aggregation takes over 90 days × 40 models × 12 keys; asserts no time limit (machines differ).
it('aggregates 50 000 records over 90 days (timing logged, not asserted)', () => {
  const timings = timeAggregation(50_000, 3);
  console.log('usage aggregation timings', timings);
  expect(timings.records).toBe(50_000);
});
