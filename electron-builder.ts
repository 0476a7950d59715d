/**
 * Installers: `npm run dist` (see README "Packaging"). Signing and notarisation
 * credentials come only from the environment, never from this file.
 */
import type { Configuration } from 'electron-builder';

// On GitHub Actions the release goes to the repository being built; elsewhere
// electron-builder reads the git remote.
const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');

const config: Configuration = {
  appId: 'io.aigne.hub.desktop',
  productName: 'AIGNE Hub Desktop',
  executableName: 'aigne-hub-desktop',
  copyright: 'Copyright © AIGNE Hub Desktop contributors',
  directories: { output: 'dist', buildResources: 'build' },

  // Only what main and preload run, plus the built renderer. The renderer's
  // libraries are bundled by electron-vite, so they are devDependencies and
  // never copied; the browser host (out/web, src/host) is a development tool.
  files: [
    'package.json',
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    '!out/**/*.map',
    '!**/node_modules/*/{test,tests,__tests__,example,examples,docs,doc}/**',
    '!**/node_modules/*/{README,CHANGELOG,HISTORY}*',
    '!**/node_modules/*/*.{md,markdown,ts,map}',
    '!**/node_modules/keytar/{src,binding.gyp}',
    '!**/node_modules/keytar/build/{Makefile,config.gypi,*.mk}',
    '!**/node_modules/keytar/build/Release/{obj.target,.deps}/**',
  ],
  asar: true,
  // Native addons cannot be loaded from inside an archive.
  asarUnpack: ['**/node_modules/keytar/**/*.node', '**/*.node'],
  npmRebuild: true,

  // Electron's fuses, flipped in the binary at packaging time (Electron security checklist).
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true,
    // The renderer is served from app://, so file:// needs no extra rights.
    grantFileProtocolExtraPrivileges: false,
  },

  publish: [{ provider: 'github', releaseType: 'draft', ...(owner && repo ? { owner, repo } : {}) }],

  mac: {
    target: [
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ],
    category: 'public.app-category.developer-tools',
    icon: 'build/generated/icon.icns',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    // Runs only when APPLE_API_KEY/APPLE_API_KEY_ID/APPLE_API_ISSUER (or APPLE_ID/
    // APPLE_APP_SPECIFIC_PASSWORD/APPLE_TEAM_ID) are set; skipped otherwise.
    notarize: true,
  },
  dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },

  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'build/generated/icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    artifactName: '${productName}-Setup-${version}.${ext}',
    deleteAppDataOnUninstall: false,
  },

  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/generated/png',
    category: 'Development',
    synopsis: 'Keys in the OS keychain, a model playground and usage analytics for AIGNE Hub',
    maintainer: 'AIGNE Hub Desktop contributors',
  },
  // electron-builder's default deb dependencies already include libsecret-1-0 (keytar).
  deb: { artifactName: '${name}_${version}_${arch}.${ext}' },
  appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },
};

export default config;
