import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ClientCall } from '../../../shared/call-log';
import type { AppError } from '../../../shared/errors';
import type { CallLogSink, ResolvedKey } from './ports';

/**
 * Times one non-streaming hub call (image, embedding) and writes its
 * ClientCall once it settles. Never records content or the key.
 */
export class CallRecorder {
  readonly id = randomUUID();
  private readonly startedIso = new Date().toISOString();
  private readonly startedAt = performance.now();
  private ttfbMs: number | undefined;
  private settled = false;

  constructor(
    private readonly sink: CallLogSink | undefined,
    private readonly key: ResolvedKey,
    private readonly keyId: string,
    private readonly model: string,
    private readonly kind: ClientCall['kind'],
  ) {}

  /** The answer's headers arrived after `ms` (measured by the HTTP helper). */
  firstByte(ms: number): void {
    this.ttfbMs ??= Math.round(ms * 10) / 10;
  }

  elapsedMs(): number {
    return Math.round((performance.now() - this.startedAt) * 10) / 10;
  }

  succeed(extra: CallFigures = {}): void {
    this.settle('success', extra);
  }

  fail(error: AppError): void {
    this.settle(error.code === 'CANCELLED' ? 'stopped' : 'failed', { errorCode: error.code });
  }

  /** Writes the entry once; later calls are ignored. Measured figures may be passed in (chat measures its own). */
  settle(status: ClientCall['status'], figures: CallFigures = {}): void {
    if (this.settled) return;
    this.settled = true;
    const call: ClientCall = {
      id: this.id,
      hubId: this.key.hubId,
      keyId: this.keyId,
      model: this.model,
      kind: this.kind,
      startedAt: this.startedIso,
      durationMs: figures.durationMs ?? this.elapsedMs(),
      status,
    };
    const ttfbMs = figures.ttfbMs === undefined ? this.ttfbMs : (figures.ttfbMs ?? undefined);
    if (this.key.accessKeyId) call.accessKeyId = this.key.accessKeyId;
    if (ttfbMs !== undefined) call.ttfbMs = ttfbMs;
    if (figures.errorCode) call.errorCode = figures.errorCode;
    if (figures.promptTokens != null) call.promptTokens = figures.promptTokens;
    if (figures.completionTokens != null) call.completionTokens = figures.completionTokens;
    if (figures.estimatedCredits != null) call.estimatedCredits = figures.estimatedCredits;
    try {
      const r = this.sink?.append(call);
      if (r instanceof Promise) r.catch(() => {});
    } catch {
      // The call log failing must not fail the call.
    }
  }
}

/** What a settled call may report; null/undefined figures are left out of the entry. */
export interface CallFigures {
  errorCode?: string | undefined;
  /** Overrides the recorder's own timing. null = unknown. */
  ttfbMs?: number | null | undefined;
  durationMs?: number | undefined;
  promptTokens?: number | null | undefined;
  completionTokens?: number | null | undefined;
  estimatedCredits?: number | null | undefined;
}
