// The call log: `/api/user/model-calls`, its CSV export, and
// `/api/user/usage-stats` (top 5 models) — docs/hub-protocol.md §7.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NOT_AUTHENTICATED, resolveCaller } from './auth';
import type { HubContext } from '../state/context';
import { queryString, sendJson, sendText } from './http';
import { providerInfo as provider } from '../engine/models';
import type { CallRecord, UserRecord } from '../state/types';
import { filterCalls, pageOf } from '../engine/usage';
import { projectInfo } from './usage-routes';

const EXPORT_LIMIT = 10_000;

type Query = { page: number; pageSize: number; startTime?: number; endTime?: number };

/** The hub's Joi checks on the query; its failures surface as 500 `{error:{message}}`. */
function parseCallsQuery(url: URL): { ok: true; value: Query } | { ok: false; message: string } {
  const ints: Record<string, { min: number; max: number }> = { page: { min: 1, max: Infinity }, pageSize: { min: 1, max: 100 } };
  const value: Query = { page: 1, pageSize: 50 };
  for (const [name, range] of Object.entries(ints)) {
    const raw = queryString(url, name);
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isFinite(n)) return { ok: false, message: `"${name}" must be a number` };
    if (!Number.isInteger(n)) return { ok: false, message: `"${name}" must be an integer` };
    if (n < range.min) return { ok: false, message: `"${name}" must be greater than or equal to ${range.min}` };
    if (n > range.max) return { ok: false, message: `"${name}" must be less than or equal to ${range.max}` };
    value[name as 'page' | 'pageSize'] = n;
  }
  for (const name of ['startTime', 'endTime'] as const) {
    const raw = queryString(url, name);
    if (raw === undefined) continue;
    if (!/^\d+$/.test(raw)) return { ok: false, message: `"${name}" with value "${raw}" fails to match the required pattern: /^\\d+$/` };
    value[name] = Number(raw);
  }
  const status = queryString(url, 'status');
  if (status !== undefined && !['success', 'failed', 'all'].includes(status)) {
    return { ok: false, message: '"status" must be one of [success, failed, all]' };
  }
  return { ok: true, value };
}

function matchingCalls(ctx: HubContext, url: URL, userDid: string, query: Query): CallRecord[] {
  return filterCalls(ctx.store.calls, {
    userDid,
    startTime: query.startTime,
    endTime: query.endTime,
    appDid: queryString(url, 'appDid'),
    model: queryString(url, 'model'),
    status: queryString(url, 'status'),
    type: queryString(url, 'type'),
    providerId: queryString(url, 'providerId'),
    search: queryString(url, 'search'),
  });
}

function userInfo(ctx: HubContext, user: UserRecord) {
  const avatar = user.avatar.startsWith('/') ? `${ctx.origin()}${user.avatar}` : user.avatar;
  return { did: user.did, fullName: user.fullName, email: user.email, avatar };
}

function handleModelCalls(ctx: HubContext, url: URL, user: UserRecord, res: ServerResponse): void {
  const query = parseCallsQuery(url);
  if (!query.ok) return sendJson(res, 500, { error: { message: query.message } });
  const { page, pageSize } = query.value;
  const calls = matchingCalls(ctx, url, user.did, query.value);
  const list = pageOf(calls, page, pageSize).map((call) => ({
    ...call,
    provider: provider(call.providerId),
    appInfo: projectInfo(ctx, call.appDid),
    userInfo: userInfo(ctx, user),
  }));
  sendJson(res, 200, { count: calls.length, list, paging: { page, pageSize } });
}

function csvField(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Same columns as the hub's export; unlike the hub, fields are CSV-quoted when needed. */
function handleExport(ctx: HubContext, url: URL, user: UserRecord, res: ServerResponse): void {
  const query = parseCallsQuery(url);
  if (!query.ok) return sendJson(res, 500, { error: { message: query.message } });
  const calls = pageOf(matchingCalls(ctx, url, user.did, query.value), 1, EXPORT_LIMIT);
  const header =
    'Timestamp,Request ID,User DID,User Name,User Email,Model,Provider,Type,Status,Input Tokens,Output Tokens,Total Usage,Credits,Duration(s),App DID';
  const rows = calls.map((c) =>
    [
      c.createdAt,
      c.id,
      c.userDid,
      user.fullName,
      user.email,
      c.model,
      provider(c.providerId).displayName,
      c.type,
      c.status,
      c.usageMetrics.inputTokens,
      c.usageMetrics.outputTokens,
      c.totalUsage,
      c.credits,
      c.duration,
      c.appDid,
    ]
      .map(csvField)
      .join(','),
  );
  const day = new Date(ctx.now()).toISOString().slice(0, 10);
  sendText(res, 200, 'text/csv; charset=utf-8', [header, ...rows].join('\n'), {
    'Content-Disposition': `attachment; filename="model-calls-${day}.csv"`,
  });
}

function handleUsageStats(ctx: HubContext, url: URL, user: UserRecord, res: ServerResponse): void {
  for (const name of ['startTime', 'endTime']) {
    const raw = queryString(url, name);
    // The hub's Joi failure here lands in its catch: 500 {message}.
    if (raw === undefined) return sendJson(res, 500, { message: `"${name}" is required` });
    if (!/^\d+$/.test(raw))
      return sendJson(res, 500, { message: `"${name}" with value "${raw}" fails to match the required pattern: /^\\d+$/` });
  }
  const calls = filterCalls(ctx.store.calls, {
    userDid: user.did,
    startTime: Number(url.searchParams.get('startTime')),
    endTime: Number(url.searchParams.get('endTime')),
  });
  const byModel = new Map<string, { providerId: string; totalCalls: number }>();
  for (const call of calls) {
    const entry = byModel.get(call.model) ?? { providerId: call.providerId, totalCalls: 0 };
    entry.totalCalls++;
    byModel.set(call.model, entry);
  }
  const list = [...byModel]
    .sort((a, b) => b[1].totalCalls - a[1].totalCalls)
    .slice(0, 5)
    .map(([model, { providerId, totalCalls }]) => ({ providerId, provider: provider(providerId), model, totalCalls }));
  sendJson(res, 200, { modelStats: { list, totalModelCount: byModel.size } });
}

/** Routes `/api/user/model-calls[/export]` and `/api/user/usage-stats`; false when not one of them. */
export function handleCallLog(ctx: HubContext, req: IncomingMessage, res: ServerResponse, url: URL, rest: string): boolean {
  const routes: Record<string, typeof handleModelCalls> = {
    '/model-calls': handleModelCalls,
    '/model-calls/export': handleExport,
    '/usage-stats': handleUsageStats,
  };
  const route = routes[rest];
  if (!route) return false;
  const caller = resolveCaller(ctx, req, false);
  if (!caller) sendJson(res, 401, { error: NOT_AUTHENTICATED });
  else route(ctx, url, caller.user, res);
  return true;
}
