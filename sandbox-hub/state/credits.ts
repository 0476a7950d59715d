// Credit balances: checked before a call (as checkUserCreditBalance does),
// spent after it. At zero the hub answers 402 with a CreditError.
import { roundCredits } from '../engine/billing';
import type { HubContext } from './context';
import type { UserRecord } from './types';

const NOT_ENOUGH_MESSAGE = 'Hello, in order to continue chatting, please first buy some credits in the link below.';

export interface CreditErrorBody {
  message: string;
  type: 'NOT_ENOUGH';
  link: string;
  timestamp: string;
}

/** Whether a call may start: always with billing off (no payment kit), else while the balance is above 0. */
export function hasCredits(ctx: HubContext, user: UserRecord): boolean {
  return ctx.options.billing === 'off' || user.balance > 0;
}

/** What a call is billed: nothing with billing off. */
export function billed(ctx: HubContext, credits: number): number {
  return ctx.options.billing === 'off' ? 0 : credits;
}

/** The sandbox's "top-up page": the admin page, focused on this user. */
export function topUpLink(ctx: HubContext, userDid: string): string {
  return `${ctx.origin()}/__sandbox/?topUp=${encodeURIComponent(userDid)}`;
}

/** The `error` value of the hub's 402 (message ends with the link, as CreditError does). */
export function creditError(ctx: HubContext, userDid: string): CreditErrorBody {
  const link = topUpLink(ctx, userDid);
  return { message: `${NOT_ENOUGH_MESSAGE}\n${link}`, type: 'NOT_ENOUGH', link, timestamp: new Date(ctx.now()).toISOString() };
}

/** Spends credits; what the balance cannot cover becomes `pending`, as on the hub. */
export function spend(ctx: HubContext, user: UserRecord, credits: number): void {
  if (credits <= 0) return;
  const left = roundCredits(user.balance - credits);
  if (left >= 0) {
    user.balance = left;
  } else {
    user.balance = 0;
    user.pending = roundCredits(user.pending - left);
  }
  ctx.store.changed();
}

/** Sets a balance outright (admin): the grant total moves with it, pending is cleared. */
export function setBalance(ctx: HubContext, user: UserRecord, credits: number): void {
  const spent = roundCredits(user.granted - user.balance);
  user.balance = roundCredits(Math.max(0, credits));
  user.granted = roundCredits(user.balance + Math.max(0, spent));
  user.pending = 0;
  ctx.store.changed();
}
