import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ClipboardGuard } from '../../../src/main/services/keys/clipboard-guard';
import { UndoBuffer } from '../../../src/main/services/keys/undo-buffer';
import { MemoryClipboard } from './support/memory-secret-store';

describe('clearing a copied secret', () => {
  it('clears the clipboard after the delay when it still holds our text', async () => {
    const clipboard = new MemoryClipboard();
    const clearsAt = await new ClipboardGuard(clipboard).copy('secret-1', 80);
    expect(clipboard.text).toBe('secret-1');
    expect(clearsAt.getTime()).toBeGreaterThan(Date.now());
    await sleep(150);
    expect(clipboard.text).toBe('');
  });

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const clipboard = new MemoryClipboard();
    await new ClipboardGuard(clipboard).copy('secret-1', 80);
    clipboard.writeText('a recipe');
    await sleep(150);
    expect(clipboard.text).toBe('a recipe');
    expect(clipboard.clears).toBe(0);
  });

  it('lets a newer copy supersede the older timer', async () => {
    const clipboard = new MemoryClipboard();
    const guard = new ClipboardGuard(clipboard);
    await guard.copy('secret-1', 60);
    await guard.copy('secret-2', 250);
    await sleep(120);
    expect(clipboard.text).toBe('secret-2');
    await sleep(220);
    expect(clipboard.text).toBe('');
    expect(clipboard.clears).toBe(1);
  });

  it('clears at once on dispose (app quit)', async () => {
    const clipboard = new MemoryClipboard();
    const guard = new ClipboardGuard(clipboard);
    await guard.copy('secret-1', 60_000);
    guard.dispose();
    expect(clipboard.text).toBe('');
  });
});

describe('holding a forgotten key for undo', () => {
  it('returns the value once, then never again', () => {
    const buffer = new UndoBuffer<string>();
    const { token } = buffer.stash('v', 1_000);
    expect(buffer.take(token)).toBe('v');
    expect(buffer.take(token)).toBeUndefined();
  });

  it('drops the value from memory after the window', async () => {
    const buffer = new UndoBuffer<string>();
    const { token, expiresAt } = buffer.stash('v', 50);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(50);
    await sleep(100);
    expect(buffer.size).toBe(0);
    expect(buffer.take(token)).toBeUndefined();
  });
});

describe('an asynchronous clipboard (as Electron may provide)', () => {
  it('is written, checked and cleared the same way', async () => {
    const inner = new MemoryClipboard();
    const asyncClipboard = {
      readText: async () => inner.readText(),
      writeText: async (text: string) => inner.writeText(text),
      clear: () => inner.clear(),
    };
    await new ClipboardGuard(asyncClipboard).copy('secret-1', 50);
    expect(inner.text).toBe('secret-1');
    await sleep(120);
    expect(inner.text).toBe('');
    await new ClipboardGuard(asyncClipboard).copy('secret-2', 50);
    inner.writeText('mine');
    await sleep(120);
    expect(inner.text).toBe('mine');
  });
});
