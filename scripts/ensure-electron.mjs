// Runs before `npm start` / `npm run dev`. Since Electron 42 the `electron` package has no postinstall: it
// fetches its binary lazily, while electron-vite only reads node_modules/electron/path.txt and stops with
// "Electron uninstall" when it is missing. So fetch the binary here, once, through Electron's own
// `install-electron` bin (which honours ELECTRON_MIRROR, the download cache and the checksums).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(join(process.cwd(), 'package.json'));
const pkgFile = require.resolve('electron/package.json');
const dir = dirname(pkgFile);

function installedBinary() {
  try {
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), relative);
    return relative && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

if (installedBinary()) process.exit(0);

const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
const bin = typeof pkg.bin === 'object' ? pkg.bin['install-electron'] : undefined;
if (!bin) {
  console.error(`electron ${pkg.version} has no install-electron bin; reinstall it with "npm install".`);
  process.exit(1);
}
console.log(`Fetching the Electron ${pkg.version} binary (once)...`);
const result = spawnSync(process.execPath, [resolve(dir, bin)], { stdio: 'inherit' });
if (result.status !== 0 || !installedBinary()) {
  console.error(
    'Could not fetch the Electron binary. Check your internet connection (or set ELECTRON_MIRROR), then run the command again.',
  );
  process.exit(result.status || 1);
}
