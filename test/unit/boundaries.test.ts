import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering is enforced by lint; these prove the rule bites where it should.
const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['src/renderer/pages/Leak.tsx', "import { readFileSync } from 'node:fs';\nvoid readFileSync;"],
    ['src/renderer/pages/Leak.tsx', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;"],
    ['src/renderer/pages/Leak.tsx', "import { createServices } from '../../main/services';\nvoid createServices;"],
    ['src/shared/leak.ts', "import { useState } from 'react';\nvoid useState;"],
    ['src/shared/leak.ts', "import { join } from 'node:path';\nvoid join;"],
    ['src/main/services/leak.ts', "import { clipboard } from 'electron';\nvoid clipboard;"],
    ['src/main/services/leak.ts', "import Store from 'electron-store';\nvoid Store;"],
  ])('forbid %s from importing across the line', async (file, code) => {
    expect(await boundaryErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['src/renderer/pages/Fine.tsx', "import { DEFAULT_SETTINGS } from '../../shared/settings';\nvoid DEFAULT_SETTINGS;"],
    ['src/main/services/fine.ts', "import { join } from 'node:path';\nvoid join;"],
    ['src/main/window.ts', "import { BrowserWindow } from 'electron';\nvoid BrowserWindow;"],
  ])('allow %s its own layer', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
