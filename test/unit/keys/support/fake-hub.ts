import { randomBytes } from 'node:crypto';
import CryptoJS from 'crypto-js';
import { HUB_DID } from '../../../../src/main/services/hub/discover';
import { sendJson, startServer, type LocalServer } from './http-server';

/**
 * A tiny AIGNE-Hub-shaped server for service unit tests: discovery, the
 * approval session (encrypting with crypto-js, as the real hub's clients do),
 * user info and status. The sandbox hub is the full-fidelity one.
 */
export interface FakeHub extends LocalServer {
  mountUrl: string;
  /** What happens to new sessions. */
  mode: 'approve' | 'deny' | 'never';
  /** Pending answers before approval. */
  pollsBeforeApproval: number;
  issueKey(): string;
  revoke(secret: string): void;
  sessions: Map<string, { challenge: string; polls: number; accessKeyId?: string; encrypted?: string; source: string | null }>;
  deletedSessions: string[];
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function randomKey(): string {
  const bytes = randomBytes(40);
  return `blocklet-${[...bytes].map((b) => BASE58[b % 58]).join('')}`;
}

export function encryptLikeHub(secret: string, challenge: string, accessKeyId: string): string {
  const passphrase = CryptoJS.PBKDF2(challenge, accessKeyId, { keySize: 32 / 4, iterations: 256, hasher: CryptoJS.algo.SHA512 }).toString(
    CryptoJS.enc.Hex,
  );
  return CryptoJS.AES.encrypt(secret, passphrase).toString();
}

export async function startFakeHub(): Promise<FakeHub> {
  const valid = new Set<string>();
  const sessions: FakeHub['sessions'] = new Map();
  const deletedSessions: string[] = [];
  const hub = {} as FakeHub;
  const server = await startServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const sid = url.searchParams.get('sid') ?? '';
    if (url.pathname === '/__blocklet__.js')
      return sendJson(res, 200, { appName: 'Fake Hub', componentMountPoints: [{ did: HUB_DID, mountPoint: '/ai-kit' }] });
    if (url.pathname === '/.well-known/service/api/access-key/session') {
      if (req.method === 'POST') {
        const id = randomBytes(12).toString('hex');
        const challenge = randomBytes(24).toString('hex');
        sessions.set(id, { challenge, polls: 0, source: null });
        return sendJson(res, 200, { id, type: 'access-key-simple', challenge, createdAt: new Date().toISOString() });
      }
      const s = sessions.get(sid);
      if (!s) return sendJson(res, 404, { error: 'Session not found' });
      if (req.method === 'DELETE') {
        sessions.delete(sid);
        deletedSessions.push(sid);
        return sendJson(res, 200, { id: sid });
      }
      s.polls++;
      if (hub.mode === 'deny' && s.polls > hub.pollsBeforeApproval) {
        sessions.delete(sid);
        return sendJson(res, 404, { error: 'Session not found' });
      }
      if (hub.mode === 'approve' && s.polls > hub.pollsBeforeApproval && !s.accessKeyId) {
        const secret = hub.issueKey();
        s.accessKeyId = `z1Fake${randomBytes(8).toString('hex')}`;
        s.encrypted = encryptLikeHub(secret, s.challenge, s.accessKeyId);
      }
      return sendJson(res, 200, {
        id: sid,
        challenge: s.challenge,
        ...(s.accessKeyId ? { accessKeyId: s.accessKeyId, accessKeySecret: s.encrypted } : {}),
      });
    }
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (url.pathname === '/ai-kit/api/user/info') {
      if (!valid.has(key)) return sendJson(res, 401, { error: 'User not authenticated' });
      return sendJson(res, 200, {
        user: { did: 'z1FakeUser', fullName: 'Fake User', email: 'fake@localhost', avatar: '' },
        creditBalance: { balance: '1234.5', total: '2000', grantCount: 1, pendingCredit: '0' },
        paymentLink: 'http://127.0.0.1/pay',
        enableCredit: true,
        profileLink: null,
        creditPrefix: '',
      });
    }
    if (url.pathname === '/ai-kit/api/v2/status') return sendJson(res, 200, { available: true });
    return sendJson(res, 404, { error: 'Not found' });
  });
  return Object.assign(hub, server, {
    mountUrl: `${server.origin}/ai-kit`,
    mode: 'approve' as const,
    pollsBeforeApproval: 1,
    sessions,
    deletedSessions,
    issueKey() {
      const secret = randomKey();
      valid.add(secret);
      return secret;
    },
    revoke(secret: string) {
      valid.delete(secret);
    },
  });
}
