// `npm run sandbox -- [--port N] [--mount /ai-kit] [--auto-approve]
//   [--seed-usage DAYS] [--data FILE] [--prose-tps N] [--slow-headers-ms N]
//   [--credits N] [--no-gateway] [--allow-deny] [--billing on|off]`: starts the sandbox hub, prints its URL, runs until stopped.
import { parseArgs } from 'node:util';
import { startSandboxHub } from './index';
import type { SandboxHubOptions } from './index';

const USAGE = `Usage: npm run sandbox -- [options]

  --port N             port on 127.0.0.1 (0 = any free port; default 8090, where the app looks)
  --mount PATH         where the hub API lives (default /ai-kit; / for the root)
  --auto-approve       approve key requests without a click
  --seed-usage DAYS    add DAYS of realistic usage history
  --data FILE          keep state in FILE across restarts
  --prose-tps N        tokens per second of the prose models (default 40; 0 = no pauses)
  --slow-headers-ms N  delay of the slow-headers fault (default 30000)
  --credits N          starting balance of a new user (default 10)
  --no-gateway         keep the client's x-request-id (a real hub's gateway replaces it)
  --allow-deny         offer Deny on the approval page (a real hub has no decline)
  --billing on|off     off: a hub with credit billing turned off (default on)
  --help               show this help`;

function numberOption(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a non-negative number, got "${String(raw)}"`);
  return value;
}

export function parseCliArgs(argv: string[]): SandboxHubOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      mount: { type: 'string' },
      'auto-approve': { type: 'boolean' },
      'seed-usage': { type: 'string' },
      data: { type: 'string' },
      'prose-tps': { type: 'string' },
      'slow-headers-ms': { type: 'string' },
      credits: { type: 'string' },
      'no-gateway': { type: 'boolean' },
      'allow-deny': { type: 'boolean' },
      billing: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const options: SandboxHubOptions = { autoApprove: values['auto-approve'] ?? false, port: 8090 };
  const port = numberOption(values, 'port');
  if (port !== undefined) options.port = port;
  if (values.mount !== undefined) options.mount = values.mount;
  const seed = numberOption(values, 'seed-usage');
  if (seed !== undefined) options.seedUsageDays = seed;
  if (values.data !== undefined) options.dataFile = values.data;
  const tps = numberOption(values, 'prose-tps');
  if (tps !== undefined) options.proseTokensPerSecond = tps;
  const slow = numberOption(values, 'slow-headers-ms');
  if (slow !== undefined) options.slowHeadersMs = slow;
  const credits = numberOption(values, 'credits');
  if (credits !== undefined) options.initialCredits = credits;
  if (values['no-gateway']) options.gateway = false;
  if (values['allow-deny']) options.allowDeny = true;
  if (values.billing !== undefined) {
    if (values.billing !== 'on' && values.billing !== 'off') throw new Error(`--billing needs on or off, got "${values.billing}"`);
    options.billing = values.billing;
  }
  return options;
}

async function main(): Promise<void> {
  let options: SandboxHubOptions | 'help';
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const hub = await startSandboxHub(options);
  console.log(`AIGNE Hub sandbox listening on ${hub.url}`);
  console.log(`  hub (mount):  ${hub.mountUrl}`);
  console.log(`  admin:        ${hub.url}/__sandbox/`);
  if (options.seedUsageDays) console.log(`  usage:        ${options.seedUsageDays} days of seeded history`);
  if (options.autoApprove) console.log('  key requests are approved automatically');
  if (options.billing === 'off') console.log('  credit billing is off');
  console.log('Press Ctrl+C to stop.');

  const stop = (signal: string) => {
    console.log(`\n${signal}: stopping`);
    void hub.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
