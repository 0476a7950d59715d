import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIcons, ICNS_TYPES, ICO_SIZES, PNG_SIZES, type IconFiles } from '../../../scripts/icons';

const root = resolve(import.meta.dirname, '../../..');
let dir: string;
let icons: IconFiles;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hub-icons-'));
  icons = generateIcons(join(root, 'build/icon.svg'), dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(buf.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('icons drawn from build/icon.svg', () => {
  it('writes one PNG per size, each exactly that size, for Linux', () => {
    expect(icons.pngs).toHaveLength(PNG_SIZES.length);
    for (const size of PNG_SIZES) {
      const buf = readFileSync(join(icons.pngDir, `${size}x${size}.png`));
      expect(pngSize(buf)).toEqual({ width: size, height: size });
    }
  });

  it('the icon is not blank: the centre is opaque and the corner transparent', () => {
    // 16x16 is a bitmap inside the .ico; read pixels from it (bottom-up BGRA after a 40-byte header).
    const ico = readFileSync(icons.ico);
    const offset = ico.readUInt32LE(6 + 12);
    const size = 16;
    const pixel = (x: number, y: number) => offset + 40 + ((size - 1 - y) * size + x) * 4;
    expect(ico[pixel(8, 8) + 3]).toBe(255);
    expect(ico[pixel(0, 0) + 3]).toBe(0);
  });

  it('writes a Windows .ico whose directory matches its entries', () => {
    const ico = readFileSync(icons.ico);
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBe(ICO_SIZES.length);
    ICO_SIZES.forEach((size, i) => {
      const at = 6 + 16 * i;
      expect(ico.readUInt8(at) || 256).toBe(size);
      expect(ico.readUInt8(at + 1) || 256).toBe(size);
      expect(ico.readUInt16LE(at + 6)).toBe(32);
      const length = ico.readUInt32LE(at + 8);
      const offset = ico.readUInt32LE(at + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      const body = ico.subarray(offset, offset + length);
      if (size >= 256) {
        expect(pngSize(body)).toEqual({ width: size, height: size });
      } else {
        expect(body.readUInt32LE(0)).toBe(40);
        expect(body.readInt32LE(4)).toBe(size);
        expect(body.readInt32LE(8)).toBe(size * 2);
        expect(length).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size);
      }
    });
    const last = 6 + 16 * (ICO_SIZES.length - 1);
    expect(ico.readUInt32LE(last + 12) + ico.readUInt32LE(last + 8)).toBe(ico.length);
  });

  it('writes a macOS .icns whose blocks add up and hold PNGs of the right sizes', () => {
    const icns = readFileSync(icons.icns);
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const seen: string[] = [];
    let at = 8;
    while (at < icns.length) {
      const type = icns.toString('ascii', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      const expected = ICNS_TYPES.find(([t]) => t === type)?.[1];
      expect(expected, type).toBeDefined();
      expect(pngSize(icns.subarray(at + 8, at + length))).toEqual({ width: expected, height: expected });
      seen.push(type);
      at += length;
    }
    expect(at).toBe(icns.length);
    expect(seen).toEqual(ICNS_TYPES.map(([t]) => t));
  });
});
