import { readFileSync } from 'node:fs';
import type { RuntimeInfo } from '../main/platform/ports';

export function browserRuntime(): RuntimeInfo {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { productName: string; version: string };
  return {
    host: 'browser',
    name: pkg.productName,
    version: pkg.version,
    platform: `${process.platform} ${process.arch}`,
    versions: { node: process.versions.node },
  };
}
