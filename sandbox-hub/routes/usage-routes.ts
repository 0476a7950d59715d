// `/api/usage/projects*` (docs/hub-protocol.md §7): per-project (= per-key) usage.
// Without `x-aigne-hub-client-did` a call's appDid is its key's id, and the
// key's remark is the project's appName.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UNAUTHORIZED, resolveCaller } from './auth';
import { roundCredits } from '../engine/billing';
import type { HubContext } from '../state/context';
import { queryInt, queryString, sendJson } from './http';
import { providerInfo } from '../engine/models';
import type { CallRecord } from '../state/types';
import {
  callsBetween,
  filterCalls,
  granularityOf,
  lastCallTimes,
  pageOf,
  statsByProject,
  timeWindow,
  timezoneOffsetOf,
  trendsByProject,
} from '../engine/usage';
import type { TimeWindow } from '../engine/usage';

export function projectInfo(ctx: HubContext, appDid: string) {
  const key = ctx.store.keys.get(appDid);
  return { appDid, appName: key?.remark || appDid, appLogo: '', appUrl: '' };
}

function pageParams(url: URL, defaultSize: number) {
  return { page: Math.max(1, queryInt(url, 'page') ?? 1), pageSize: Math.min(Math.max(1, queryInt(url, 'pageSize') ?? defaultSize), 100) };
}

function userCallsIn(ctx: HubContext, userDid: string, window: TimeWindow): CallRecord[] {
  return callsBetween(ctx.store.calls, window.startTime, window.endTime).filter((c) => c.userDid === userDid);
}

function handleProjects(ctx: HubContext, url: URL, userDid: string, res: ServerResponse): void {
  const window = timeWindow(url.searchParams, Math.floor(ctx.now() / 1000));
  const { page, pageSize } = pageParams(url, 20);
  const sortBy = queryString(url, 'sortBy') === 'totalCredits' ? 'totalCredits' : 'totalCalls';
  const ascending = (queryString(url, 'sortOrder') ?? '').toLowerCase() === 'asc';
  const last = lastCallTimes(ctx.store.calls, userDid);
  const projects = [...statsByProject(userCallsIn(ctx, userDid, window))].map(([appDid, stats]) => ({
    ...projectInfo(ctx, appDid),
    totalCalls: stats.totalCalls,
    totalCredits: roundCredits(stats.totalCredits),
    avgDuration: stats.avgDuration,
    successRate: stats.successRate,
    lastCallTime: last.get(appDid) ?? 0,
  }));
  projects.sort((a, b) => (ascending ? a[sortBy] - b[sortBy] : b[sortBy] - a[sortBy]));
  sendJson(res, 200, { projects: projects.slice((page - 1) * pageSize, page * pageSize), total: projects.length, page, pageSize });
}

function handleGroupTrends(ctx: HubContext, url: URL, userDid: string, res: ServerResponse): void {
  const window = timeWindow(url.searchParams, Math.floor(ctx.now() / 1000));
  const granularity = granularityOf(window);
  const calls = userCallsIn(ctx, userDid, window);
  const last = lastCallTimes(ctx.store.calls, userDid);
  const appDids = [...new Set(calls.map((c) => c.appDid))].sort((a, b) => (last.get(b) ?? 0) - (last.get(a) ?? 0));
  if (appDids.length === 0) return sendJson(res, 200, { projects: [], trends: [], granularity });
  const empty = { totalUsage: 0, totalCredits: 0, totalCalls: 0, successCalls: 0, avgDuration: 0, avgTtfb: 0 };
  const trends = trendsByProject(calls, window, granularity, timezoneOffsetOf(url.searchParams)).map((row) => ({
    timestamp: row.timestamp,
    byProject: Object.fromEntries(appDids.map((appDid) => [appDid, row.byProject.get(appDid)?.snapshot() ?? empty])),
  }));
  const projects = appDids.map((appDid) => ({ ...projectInfo(ctx, appDid), lastCallTime: last.get(appDid) ?? 0 }));
  sendJson(res, 200, { projects, trends, granularity });
}

function handleProjectTrends(ctx: HubContext, url: URL, userDid: string, appDid: string, res: ServerResponse): void {
  const window = timeWindow(url.searchParams, Math.floor(ctx.now() / 1000));
  const granularity = granularityOf(window);
  const calls = userCallsIn(ctx, userDid, window).filter((c) => c.appDid === appDid);
  const trends = trendsByProject(calls, window, granularity, timezoneOffsetOf(url.searchParams)).map((row) => {
    const stats = row.byProject.get(appDid)?.snapshot();
    return {
      timestamp: row.timestamp,
      calls: stats?.totalCalls ?? 0,
      successCalls: stats?.successCalls ?? 0,
      avgDuration: stats?.avgDuration ?? 0,
      avgTtfb: stats?.avgTtfb ?? 0,
      totalCredits: stats?.totalCredits ?? 0,
      totalUsage: stats?.totalUsage ?? 0,
    };
  });
  sendJson(res, 200, { project: projectInfo(ctx, appDid), trends, granularity });
}

function handleProjectCalls(ctx: HubContext, url: URL, userDid: string, appDid: string | undefined, res: ServerResponse): void {
  const window = timeWindow(url.searchParams, Math.floor(ctx.now() / 1000));
  const { page, pageSize } = pageParams(url, 20);
  const matching = filterCalls(ctx.store.calls, {
    userDid,
    appDid,
    startTime: window.startTime,
    endTime: window.endTime,
    model: queryString(url, 'model'),
    status: queryString(url, 'status'),
    type: queryString(url, 'type'),
    search: queryString(url, 'search')?.trim(),
  });
  // With the provider joined, as on the call log (which fields a real hub joins here is unverified).
  const list = pageOf(matching, page, pageSize).map((call) => ({ ...call, provider: providerInfo(call.providerId) }));
  sendJson(res, 200, { list, count: matching.length, page, pageSize });
}

/**
 * Routes `/api/usage/projects…`. Both spellings of the per-project routes are
 * served: `?appDid=` (docs/hub-protocol.md) and `/projects/:appDid/trends|calls`
 * (some hub versions). `/projects/trends` without appDid is the grouped form.
 */
export function handleUsageProjects(ctx: HubContext, req: IncomingMessage, res: ServerResponse, url: URL, rest: string): boolean {
  const match = rest.match(/^\/projects(?:\/(group-trends|trends|calls)|\/(.+)\/(trends|calls))?\/?$/);
  if (!match) return false;
  const caller = resolveCaller(ctx, req, false);
  if (!caller) {
    sendJson(res, 401, { error: UNAUTHORIZED });
    return true;
  }
  const userDid = caller.user.did;
  const view = match[1] ?? match[3];
  const appDid = match[2] !== undefined ? decodeURIComponent(match[2]) : queryString(url, 'appDid');
  if (view === undefined) handleProjects(ctx, url, userDid, res);
  else if (view === 'group-trends' || (view === 'trends' && !appDid)) handleGroupTrends(ctx, url, userDid, res);
  else if (view === 'trends' && appDid) handleProjectTrends(ctx, url, userDid, appDid, res);
  else handleProjectCalls(ctx, url, userDid, appDid, res); // no appDid: all of the user's calls
  return true;
}
