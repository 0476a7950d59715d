import type { ClientVsHubRow } from '../../../shared/usage';

export type CvhFigure = 'calls' | 'tokens' | 'credits';

/**
 * Which of the compared figures differ between the app and the hub: calls and tokens must be
 * equal, credits within `creditThreshold` (relative, 0.05 = 5 %) of each other. Credits are
 * compared only where the app had a rate to estimate with.
 */
export function cvhDifferences(row: ClientVsHubRow, creditThreshold: number): CvhFigure[] {
  const out: CvhFigure[] = [];
  if (row.client.calls !== row.hub.calls) out.push('calls');
  if (row.client.inputTokens + row.client.outputTokens !== row.hub.inputTokens + row.hub.outputTokens) out.push('tokens');
  const estimate = row.client.estimatedCredits;
  if (estimate !== null && row.client.calls > 0) {
    const scale = Math.max(Math.abs(estimate), Math.abs(row.hub.credits));
    if (Math.abs(row.hub.credits - estimate) > creditThreshold * scale) out.push('credits');
  }
  return out;
}

/** The app and the hub agree only when nothing is flagged and every compared figure agrees. */
export function cvhAgrees(row: ClientVsHubRow, creditThreshold: number): boolean {
  return row.client.calls > 0 && row.flags.length === 0 && cvhDifferences(row, creditThreshold).length === 0;
}

/** Differences a flag does not already explain (missing or hub-only calls explain the call count). */
export function unexplainedDifferences(row: ClientVsHubRow, creditThreshold: number): CvhFigure[] {
  const has = (flag: ClientVsHubRow['flags'][number]) => row.flags.includes(flag);
  return cvhDifferences(row, creditThreshold).filter((figure) => {
    if (figure === 'calls') return !has('pending-on-hub') && !has('missing-on-hub') && !has('hub-only-calls');
    if (figure === 'tokens') return !has('token-difference');
    return !has('credit-difference');
  });
}
