import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeStartupFailure } from '../main/services/storage/startup';
import { startWebHost, type WebHost } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run web -- [--port N] [--data-dir DIR]

Runs the app's services in Node and serves the renderer on 127.0.0.1, for
development and tests on machines without Electron. Not a way to ship the app.`);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
  process.exit(2);
}

const dataDir = values['data-dir'] ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'aigne-hub-desktop-browser-host');
let host: WebHost;
try {
  host = await startWebHost({ port, dataDir, scheduleHygiene: true });
} catch (error) {
  // Never a silent exit: say what stopped the host and how to fix it.
  const { title, message } = describeStartupFailure(error);
  console.error(`${title}:\n${message}`);
  process.exit(1);
}
console.log(`AIGNE Hub Desktop (browser host) is running. Open:\n\n    ${host.url}\n\nSettings: ${dataDir}\nPress Ctrl+C to stop.`);

const stop = () => void host.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
