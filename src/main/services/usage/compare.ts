import type { ClientCall } from '../../../shared/call-log';
import type { ClientVsHubFlag, ClientVsHubRow, UsageRecord } from '../../../shared/usage';
import { creditUnits, fromCreditUnits } from './aggregate';

/**
 * Sets the app's own record of its calls beside the hub's, per model, and
 * says where they disagree. Pure: the caller passes both logs and the clock.
 *
 * Matching: a hub record whose `requestId` is the client call's id (the
 * playground sends `x-request-id: <ClientCall.id>`) is a sure match, but
 * behind Blocklet Server's gateway the hub records the gateway's own id
 * (docs/hub-protocol.md §7), so on a real hub that rarely happens. Otherwise
 * candidates are hub records of the same model (and key, when the app knows
 * its access key id) whose start lies within `MATCH_WINDOW_MS` of the client
 * call's; each candidate is scored on tokens, status and time, and pairs are
 * chosen best score first. Every match carries its confidence.
 */

export const MATCH_WINDOW_MS = 10_000;

export type MatchConfidence = 'exact' | 'high' | 'medium' | 'low';

export interface CompareOptions {
  nowMs: number;
  /** App calls younger than this may simply not be on the hub yet. */
  recordDelayMs: number;
  /** Relative credit difference that raises a flag (0.05 = 5 %). */
  creditThreshold: number;
  /** Only hub records of these appDids count (the app's keys); all when empty. */
  appDids?: ReadonlySet<string>;
}

/** `aignehub/openai/gpt-4o` and `aignehub:openai/gpt-4o` are `openai/gpt-4o` on the wire (docs/hub-protocol.md §4). */
export function wireModelId(model: string): string {
  return model.replace(/^aignehub[/:]/, '');
}

interface Side {
  calls: number;
  successCalls: number;
  inputTokens: number;
  outputTokens: number;
}

interface Row {
  client: Side & { estimateUnits: number; estimated: number };
  hub: Side & { creditUnits: number };
  matched: number;
  unmatchedClient: number;
  pending: number;
  unmatchedHub: number;
  /** Over matched pairs where the app had an estimate. */
  pairHubUnits: number;
  pairEstimateUnits: number;
  pairs: number;
  tokenMismatch: boolean;
  confidence: Record<MatchConfidence, number>;
}

/** How well a hub record fits a client call of the same model inside the window. */
function scorePair(call: ClientCall, record: UsageRecord, startedAt: number): { confidence: MatchConfidence; score: number } {
  const statusAgrees = (call.status === 'success') === (record.status === 'success');
  const tokensKnown = call.promptTokens !== undefined && call.completionTokens !== undefined;
  const tokensAgree = tokensKnown && call.promptTokens === record.inputTokens && call.completionTokens === record.outputTokens;
  // The hub stores whole seconds: a call started at 12.900 s is recorded at 12 s.
  const closeness = 1 - Math.min(1, Math.abs(Math.floor(startedAt / 1000) * 1000 - record.time) / MATCH_WINDOW_MS);
  const confidence: MatchConfidence = statusAgrees ? (tokensAgree ? 'high' : 'medium') : 'low';
  const rank = { high: 3, medium: 2, low: 1, exact: 4 }[confidence];
  return { confidence, score: rank + closeness };
}

const side = (): Side => ({ calls: 0, successCalls: 0, inputTokens: 0, outputTokens: 0 });

export function compareClientAndHub(
  clientCalls: readonly ClientCall[],
  hubRecords: readonly UsageRecord[],
  options: CompareOptions,
): ClientVsHubRow[] {
  const rows = new Map<string, Row>();
  const rowOf = (modelId: string): Row => {
    let row = rows.get(modelId);
    if (!row) {
      row = {
        client: { ...side(), estimateUnits: 0, estimated: 0 },
        hub: { ...side(), creditUnits: 0 },
        matched: 0,
        unmatchedClient: 0,
        pending: 0,
        unmatchedHub: 0,
        pairHubUnits: 0,
        pairEstimateUnits: 0,
        pairs: 0,
        tokenMismatch: false,
        confidence: { exact: 0, high: 0, medium: 0, low: 0 },
      };
      rows.set(modelId, row);
    }
    return row;
  };

  const filter = options.appDids && options.appDids.size > 0 ? options.appDids : undefined;
  const hub = hubRecords.filter((r) => !filter || filter.has(r.appDid));
  const byRequestId = new Map<string, UsageRecord>();
  const byModel = new Map<string, UsageRecord[]>();
  for (const r of hub) {
    if (r.requestId) byRequestId.set(r.requestId, r);
    const list = byModel.get(r.modelId);
    if (list) list.push(r);
    else byModel.set(r.modelId, [r]);
    const row = rowOf(r.modelId);
    row.hub.calls++;
    if (r.status === 'success') row.hub.successCalls++;
    row.hub.inputTokens += r.inputTokens;
    row.hub.outputTokens += r.outputTokens;
    row.hub.creditUnits += creditUnits(r.credits);
  }
  for (const list of byModel.values()) list.sort((a, b) => a.time - b.time);

  // Pairing: sure matches by request id first, then every candidate pair by score, best first.
  const used = new Set<string>();
  const matchOf = new Map<string, { record: UsageRecord; confidence: MatchConfidence }>();
  for (const call of clientCalls) {
    const sure = byRequestId.get(call.id);
    if (sure && !used.has(sure.id) && !matchOf.has(call.id)) {
      used.add(sure.id);
      matchOf.set(call.id, { record: sure, confidence: 'exact' });
    }
  }
  const candidates: { call: ClientCall; record: UsageRecord; confidence: MatchConfidence; score: number }[] = [];
  for (const call of clientCalls) {
    if (matchOf.has(call.id)) continue;
    const list = byModel.get(wireModelId(call.model));
    if (!list) continue;
    const t = Date.parse(call.startedAt);
    for (const r of list) {
      if (r.time < t - MATCH_WINDOW_MS) continue;
      if (r.time > t + MATCH_WINDOW_MS) break;
      if (used.has(r.id) || (call.accessKeyId && r.appDid !== call.accessKeyId)) continue;
      candidates.push({ call, record: r, ...scorePair(call, r, t) });
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.call.startedAt.localeCompare(b.call.startedAt));
  for (const c of candidates) {
    if (used.has(c.record.id) || matchOf.has(c.call.id)) continue;
    used.add(c.record.id);
    matchOf.set(c.call.id, { record: c.record, confidence: c.confidence });
  }

  for (const call of clientCalls) {
    const row = rowOf(wireModelId(call.model));
    row.client.calls++;
    if (call.status === 'success') row.client.successCalls++;
    row.client.inputTokens += call.promptTokens ?? 0;
    row.client.outputTokens += call.completionTokens ?? 0;
    if (call.estimatedCredits !== undefined) {
      row.client.estimateUnits += creditUnits(call.estimatedCredits);
      row.client.estimated++;
    }
    const found = matchOf.get(call.id);
    if (!found) {
      row.unmatchedClient++;
      if (Date.parse(call.startedAt) >= options.nowMs - options.recordDelayMs) row.pending++;
      continue;
    }
    const match = found.record;
    row.matched++;
    row.confidence[found.confidence]++;
    if (call.estimatedCredits !== undefined) {
      row.pairs++;
      row.pairHubUnits += creditUnits(match.credits);
      row.pairEstimateUnits += creditUnits(call.estimatedCredits);
    }
    const tokensKnown = call.promptTokens !== undefined && call.completionTokens !== undefined;
    if (
      tokensKnown &&
      match.status === 'success' &&
      (call.promptTokens !== match.inputTokens || call.completionTokens !== match.outputTokens)
    ) {
      row.tokenMismatch = true;
    }
  }
  for (const r of hub) if (!used.has(r.id)) rowOf(r.modelId).unmatchedHub++;

  const out: ClientVsHubRow[] = [];
  for (const [modelId, row] of rows) {
    const flags: ClientVsHubFlag[] = [];
    if (row.pending > 0) flags.push('pending-on-hub');
    if (row.unmatchedClient > row.pending) flags.push('missing-on-hub');
    if (row.unmatchedHub > 0) flags.push('hub-only-calls');
    let creditDifference: number | null = null;
    if (row.pairs > 0) {
      const diffUnits = row.pairHubUnits - row.pairEstimateUnits;
      creditDifference = fromCreditUnits(diffUnits);
      const scale = Math.max(Math.abs(row.pairHubUnits), Math.abs(row.pairEstimateUnits));
      if (Math.abs(diffUnits) > options.creditThreshold * scale && Math.abs(diffUnits) > 0) flags.push('credit-difference');
    }
    if (row.tokenMismatch) flags.push('token-difference');
    const { estimateUnits, estimated, ...client } = row.client;
    const { creditUnits: hubUnits, ...hubSide } = row.hub;
    out.push({
      modelId,
      client: { ...client, estimatedCredits: estimated > 0 ? fromCreditUnits(estimateUnits) : null },
      hub: { ...hubSide, credits: fromCreditUnits(hubUnits) },
      matched: row.matched,
      confidence: row.confidence,
      unmatchedClient: row.unmatchedClient,
      pending: row.pending,
      unmatchedHub: row.unmatchedHub,
      creditDifference,
      flags,
    });
  }
  return out.sort((a, b) => a.modelId.localeCompare(b.modelId));
}
