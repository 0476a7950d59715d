/**
 * Runs the browser host in its own process for the crash probes: if a probe
 * takes the host down, the test sees the exit instead of losing its own runner.
 * Prints one JSON line `{origin, token}` once listening.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost } from '../../src/host/server';

const root = mkdtempSync(join(tmpdir(), 'host-probe-'));
const renderer = join(root, 'renderer');
mkdirSync(renderer, { recursive: true });
writeFileSync(join(renderer, 'index.html'), '<html><head></head><body><script type="module" src="./app.js"></script></body></html>');
writeFileSync(join(root, 'bridge.js'), '/* bridge */');
const host = await startWebHost({ dataDir: join(root, 'data'), rendererDir: renderer, bridgeFile: join(root, 'bridge.js') });
process.stdout.write(`${JSON.stringify({ origin: host.origin, token: host.token })}\n`);
process.on('SIGTERM', () => void host.close().then(() => process.exit(0)));
