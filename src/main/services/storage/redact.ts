/**
 * Keeps a key out of anything stored or logged, in every form a hub or a tool
 * might echo it: raw, base64, base64url, URL-encoded. Known secrets are matched
 * in each encoding; anything else that decodes to key-shaped text is masked too.
 */

const KEY_LIKE = /blocklet-[1-9A-HJ-NP-Za-km-z]{4,}/g;
const KEY_TEST = /blocklet-[1-9A-HJ-NP-Za-km-z]{4,}/;
/** Runs of base64 / base64url long enough to hide `blocklet-` plus a few characters. */
const B64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const PERCENT_RUN = /(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})*%[0-9A-Fa-f]{2}(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})*/g;
export const REDACTED = '[redacted]';

/** Every text form `secret` can take inside a larger string (all three base64 alignments). */
export function secretEncodings(secret: string): string[] {
  const out = new Set<string>([secret, encodeURIComponent(secret)]);
  const bytes = Buffer.from(secret, 'utf8');
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    const b64 = padded.toString('base64').replace(/=+$/, '');
    // Drop the characters that mix in the bytes before and after the secret.
    const start = Math.ceil((shift * 8) / 6);
    const end = Math.floor(((shift + bytes.length) * 8) / 6);
    const core = b64.slice(start, end);
    if (core.length >= 8) {
      out.add(core);
      out.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...out].filter((s) => s.length > 0);
}

function decodesToKey(run: string, secrets: readonly string[]): boolean {
  const std = run.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  for (let skip = 0; skip < 4; skip++) {
    const text = Buffer.from(std.slice(skip), 'base64').toString('latin1');
    if (KEY_TEST.test(text) || secrets.some((s) => text.includes(s))) return true;
  }
  return false;
}

/** Masks every encoding of `secrets` and anything that decodes to a hub key. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 8) continue;
    for (const form of secretEncodings(secret)) out = out.split(form).join(REDACTED);
  }
  out = out.replace(KEY_LIKE, REDACTED);
  out = out.replace(PERCENT_RUN, (run) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(run);
    } catch {
      return run;
    }
    return KEY_TEST.test(decoded) || secrets.some((s) => decoded.includes(s)) ? REDACTED : run;
  });
  out = out.replace(B64_RUN, (run) => (decodesToKey(run, secrets) ? REDACTED : run));
  return out;
}

/** A copy of `value` with every string passed through redactText (object keys too). */
export function redactDeep<T>(value: T, secrets: readonly string[] = []): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) out[redactText(k, secrets)] = walk(inner);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/** Only the cheap check: whether the text may hold a key in any form (used before the full pass). */
export function mayHoldKey(text: string): boolean {
  return KEY_TEST.test(text) || /%[0-9A-Fa-f]{2}/.test(text) || /[A-Za-z0-9+/_-]{16,}/.test(text);
}
