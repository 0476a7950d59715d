// Static assets of the sandbox's two pages (approval and admin), served from
// `/__sandbox/assets/` so the pages need no inline script or style and can
// run under a strict Content-Security-Policy.

export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: http: https:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --line: #e3e6ee; --accent: #3b5bdb; --danger: #c92a2a; --bg: #f5f6fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
main.card { max-width: 440px; margin: 10vh auto; background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 28px 32px; box-shadow: 0 8px 24px rgba(29, 36, 51, .06); }
main.wide { max-width: 1040px; margin: 32px auto; }
.badge { display: inline-block; margin: 0 0 16px; padding: 2px 10px; border-radius: 999px; background: #fff4e6; color: #a15c07; font-size: 12px; font-weight: 600; }
.app { display: flex; align-items: center; gap: 12px; }
.app img { width: 40px; height: 40px; border-radius: 8px; object-fit: cover; }
h1 { font-size: 20px; margin: 0; }
h2 { font-size: 16px; margin: 28px 0 8px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 20px 0; }
dt { color: var(--muted); }
dd { margin: 0; font-weight: 600; word-break: break-word; }
.actions { display: flex; justify-content: flex-end; gap: 10px; margin-top: 20px; }
button { font: inherit; border-radius: 8px; padding: 8px 18px; cursor: pointer; border: 1px solid var(--line); background: #fff; color: var(--ink); }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.danger { color: var(--danger); border-color: #f1c0c0; }
button:disabled { opacity: .55; cursor: default; }
#status { min-height: 1.5em; margin: 16px 0 0; color: var(--muted); }
main[data-state="approved"] #status { color: #2b8a3e; font-weight: 600; }
main[data-state="denied"] #status, main[data-state="missing"] #status { color: var(--danger); font-weight: 600; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td code { font-size: 12px; }
tr.revoked td { color: var(--muted); text-decoration: line-through; }
tr.revoked td:last-child { text-decoration: none; }
.muted { color: var(--muted); }
input { font: inherit; padding: 6px 10px; border: 1px solid var(--line); border-radius: 8px; }
form.inline { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.spaced { margin-top: 12px; }
tr.focus td { background: #fff9db; }
`;

const APPROVAL_SCRIPT = `
(() => {
  const root = document.getElementById('approval');
  const status = document.getElementById('status');
  if (!root || root.dataset.state !== 'pending') return;
  const buttons = [...root.querySelectorAll('button')];
  const finish = (state, text) => {
    root.dataset.state = state;
    status.textContent = text;
    buttons.forEach((b) => b.remove());
  };
  const send = async (path, state, text) => {
    buttons.forEach((b) => (b.disabled = true));
    status.textContent = 'Working…';
    try {
      const response = await fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sid: root.dataset.sid, source: root.dataset.source }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(typeof body.error === 'string' ? body.error : 'Request failed (' + response.status + ')');
      finish(state, text);
      if (state === 'approved' && root.dataset.closeOnSuccess === 'true') setTimeout(() => window.close(), 1500);
    } catch (error) {
      status.textContent = error.message;
      buttons.forEach((b) => (b.disabled = false));
    }
  };
  document.getElementById('approve').addEventListener('click', () =>
    send('/.well-known/service/api/access-key/authorize', 'approved', 'Approved. You can close this window and return to ' + root.dataset.appName + '.'));
  const deny = document.getElementById('deny');
  if (deny) deny.addEventListener('click', () =>
    send('/.well-known/service/api/access-key/deny', 'denied', 'Denied. No key was created.'));
  // As on a real hub, Cancel only closes the window: the request stays pending.
  const cancel = document.getElementById('cancel');
  if (cancel) cancel.addEventListener('click', () => window.close());
})();
`;

const ADMIN_SCRIPT = `
(() => {
  const post = async (path, body) => {
    const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}) });
    const result = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(result.error || 'Request failed (' + response.status + ')');
    return result;
  };
  const run = (promise, after) => promise.then((result) => { if (after) after(result); location.reload(); }, (error) => alert(error.message));
  document.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const { action, id, name } = button.dataset;
    if (action === 'revoke' && confirm('Revoke key "' + name + '"? Apps using it get 401 from now on.')) {
      run(post('/__sandbox/keys/' + encodeURIComponent(id) + '/revoke'));
    }
    if (action === 'approve' || action === 'deny') run(post('/__sandbox/sessions/' + encodeURIComponent(id) + '/' + action));
  });
  document.addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    const data = Object.fromEntries(new FormData(form));
    if (form.dataset.form === 'create-key') {
      run(post('/__sandbox/keys', { name: data.name }), (key) => prompt('Key created. Copy it now; it is not shown again.', key.secret));
    }
    if (form.dataset.form === 'credits') run(post('/__sandbox/credits', { userDid: data.userDid, credits: Number(data.credits) }));
  });
})();
`;

export const ASSETS: Record<string, { type: string; body: string }> = {
  '/__sandbox/assets/style.css': { type: 'text/css; charset=utf-8', body: STYLE },
  '/__sandbox/assets/approval.js': { type: 'text/javascript; charset=utf-8', body: APPROVAL_SCRIPT },
  '/__sandbox/assets/admin.js': { type: 'text/javascript; charset=utf-8', body: ADMIN_SCRIPT },
  '/__sandbox/avatar.svg': {
    type: 'image/svg+xml',
    body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#3b5bdb"/><text x="32" y="42" font-size="28" text-anchor="middle" fill="#fff" font-family="sans-serif">S</text></svg>',
  },
};
