import type { ChatMetrics } from '../../../shared/playground';

export interface ModelRates {
  /** Credits per prompt token; null when the hub publishes none. */
  input: number | null;
  /** Credits per completion token. */
  output: number | null;
}

export interface MetricsInput {
  /** performance.now() when the request was sent. */
  startedAt: number;
  /** When the first content (or tool-call) delta arrived. */
  firstDeltaAt: number | undefined;
  endedAt: number;
  /** The last usage event, if any. */
  usage: { promptTokens: number; completionTokens: number; totalTokens: number } | undefined;
  rates: ModelRates | undefined;
  serverTiming?: { sessionMs?: number; totalMs?: number } | undefined;
}

/**
 * Below this generation window, "tokens per second" is dominated by timer noise
 * (a local hub can send a whole answer in one chunk): the whole duration is used
 * as the denominator instead.
 */
export const MIN_GENERATION_WINDOW_MS = 20;

/** The per-answer figures shown under every message. Pure, so the maths is unit tested. */
export function computeChatMetrics(input: MetricsInput): ChatMetrics {
  const durationMs = round(Math.max(0, input.endedAt - input.startedAt), 1);
  const ttftMs = input.firstDeltaAt === undefined ? null : round(Math.max(0, input.firstDeltaAt - input.startedAt), 1);
  const usage = input.usage;
  const metrics: ChatMetrics = {
    ttftMs,
    durationMs,
    promptTokens: usage?.promptTokens ?? null,
    completionTokens: usage?.completionTokens ?? null,
    totalTokens: usage?.totalTokens ?? null,
    tokensPerSecond: tokensPerSecond(usage?.completionTokens, durationMs, ttftMs),
    estimatedCredits: usage ? estimateCredits(input.rates, usage.promptTokens, usage.completionTokens) : null,
  };
  if (input.serverTiming && (input.serverTiming.sessionMs !== undefined || input.serverTiming.totalMs !== undefined)) {
    metrics.serverTiming = { ...input.serverTiming };
  }
  return metrics;
}

/** completion tokens / (duration − ttft) seconds, guarded against zero and noise; null when unknown. */
export function tokensPerSecond(completionTokens: number | undefined | null, durationMs: number, ttftMs: number | null): number | null {
  if (!completionTokens || completionTokens <= 0) return null;
  let windowMs = ttftMs === null ? durationMs : durationMs - ttftMs;
  if (windowMs < MIN_GENERATION_WINDOW_MS) windowMs = durationMs;
  if (!(windowMs > 0)) return null;
  return round((completionTokens * 1000) / windowMs, 1);
}

/** input rate × prompt + output rate × completion; an ESTIMATE. Null when a rate is unknown. */
export function estimateCredits(rates: ModelRates | undefined, promptTokens: number, completionTokens: number): number | null {
  if (!rates || rates.input === null || rates.output === null) return null;
  const value = rates.input * promptTokens + rates.output * completionTokens;
  return Number.isFinite(value) && value >= 0 ? roundCredits(value) : null;
}

/** Rounds away binary noise (0.1 + 0.2) so credit figures compare and display cleanly. */
export function roundCredits(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
