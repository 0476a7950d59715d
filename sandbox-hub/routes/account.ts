// The key-checking and balance endpoints: `/api/user/info`, `/api/v2/status`,
// `/api/usage/quota` (docs/hub-protocol.md §3, §7).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NOT_AUTHENTICATED, UNAUTHORIZED, resolveCaller } from './auth';
import { formatCredits, roundCredits } from '../engine/billing';
import type { HubContext } from '../state/context';
import { creditError, hasCredits, topUpLink } from '../state/credits';
import { sendJson } from './http';
import { SANDBOX_MODELS, SANDBOX_PROVIDER, splitModelId } from '../engine/models';
import { callsBetween, timeWindow } from '../engine/usage';

export const CURRENCY = { id: 'sandbox-credits', name: 'AIGNE Hub Credits', symbol: 'AHC', decimal: 10 } as const;

export function handleUserInfo(ctx: HubContext, req: IncomingMessage, res: ServerResponse): void {
  const caller = resolveCaller(ctx, req);
  if (!caller) return sendJson(res, 401, { error: NOT_AUTHENTICATED });
  const { user } = caller;
  const avatar = user.avatar.startsWith('/') ? `${ctx.origin()}${user.avatar}` : user.avatar;
  if (ctx.options.billing === 'off') {
    // No payment kit: no balance, no top-up link.
    return sendJson(res, 200, {
      user: { did: user.did, fullName: user.fullName, email: user.email, avatar },
      creditBalance: null,
      paymentLink: null,
      currency: null,
      enableCredit: false,
      profileLink: `${ctx.origin()}/__sandbox/`,
      creditPrefix: '',
    });
  }
  sendJson(res, 200, {
    user: { did: user.did, fullName: user.fullName, email: user.email, avatar },
    creditBalance: {
      balance: formatCredits(user.balance),
      total: formatCredits(user.granted),
      grantCount: 1,
      pendingCredit: formatCredits(user.pending),
    },
    paymentLink: topUpLink(ctx, user.did),
    currency: CURRENCY,
    enableCredit: true,
    profileLink: `${ctx.origin()}/__sandbox/`,
    creditPrefix: '',
  });
}

/** Like the hub: never 401; unavailable when the user is out of credits or the model is unknown. */
export function handleStatus(ctx: HubContext, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const caller = resolveCaller(ctx, req, false);
  if (caller && !hasCredits(ctx, caller.user)) {
    return sendJson(res, 200, { available: false, error: creditError(ctx, caller.user.did).message });
  }
  const model = url.searchParams.get('model');
  if (model) {
    const { provider, model: name } = splitModelId(model);
    if (provider !== undefined && provider !== SANDBOX_PROVIDER) return sendJson(res, 200, { available: false });
    if (!SANDBOX_MODELS.some((m) => m.model === name)) return sendJson(res, 200, { available: false, error: 'Model rate not available' });
  }
  sendJson(res, 200, { available: true });
}

export function handleQuota(ctx: HubContext, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const caller = resolveCaller(ctx, req, false);
  if (!caller) return sendJson(res, 401, { error: UNAUTHORIZED });
  const { user } = caller;
  if (ctx.options.billing === 'off') {
    return sendJson(res, 200, {
      total: 0,
      remaining: 0,
      used: 0,
      pendingCredit: 0,
      estimatedDaysRemaining: 0,
      dailyAvgCredits: 0,
      currency: null,
    });
  }
  const window = timeWindow(url.searchParams, Math.floor(ctx.now() / 1000), 30);
  let spent = 0;
  for (const call of callsBetween(ctx.store.calls, window.startTime, window.endTime)) {
    if (call.userDid === user.did) spent += call.credits;
  }
  // The hub divides by 30 whatever the window, and says 999 days when nothing is being spent.
  const dailyAvgCredits = roundCredits(spent / 30);
  let estimatedDaysRemaining = 0;
  if (dailyAvgCredits > 0 && user.balance > 0) estimatedDaysRemaining = Math.max(1, Math.floor(user.balance / dailyAvgCredits));
  else if (user.balance > 0) estimatedDaysRemaining = 999;
  sendJson(res, 200, {
    total: user.granted,
    remaining: user.balance,
    used: roundCredits(user.granted - user.balance),
    pendingCredit: user.pending,
    estimatedDaysRemaining,
    dailyAvgCredits,
    currency: CURRENCY,
  });
}
