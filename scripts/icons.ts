/**
 * Draws every app icon from the one SVG (build/icon.svg): PNGs for Linux, an
 * .ico for Windows and an .icns for macOS, into build/generated (not committed).
 * `npm run dist` runs it first; `npm run icons` runs it alone.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
/** Windows shows 16–48 in lists and the taskbar, 256 in large views. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** The PNG-based ICNS types and the pixel size each holds. */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
] as const;

interface Rendered {
  size: number;
  png: Buffer;
  /** Straight RGBA, top row first. */
  rgba: Buffer;
}

function render(svg: Buffer, size: number): Rendered {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render();
  if (image.width !== size || image.height !== size) throw new Error(`icon.svg must be square: rendered ${image.width}×${image.height}.`);
  return { size, png: Buffer.from(image.asPng()), rgba: Buffer.from(image.pixels) };
}

/**
 * An ICO with one entry per size: 256 as PNG (allowed since Vista), the small
 * ones as 32-bit bitmaps, which every Windows tool (NSIS included) reads.
 */
export function writeIco(images: readonly Rendered[]): Buffer {
  const bodies = images.map((img) => (img.size >= 256 ? img.png : icoBitmap(img)));
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach((img, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(img.size >= 256 ? 0 : img.size, at); // 0 means 256
    header.writeUInt8(img.size >= 256 ? 0 : img.size, at + 1);
    header.writeUInt8(0, at + 2); // no palette
    header.writeUInt8(0, at + 3);
    header.writeUInt16LE(1, at + 4); // planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(bodies[i]!.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += bodies[i]!.length;
  });
  return Buffer.concat([header, ...bodies]);
}

/** BITMAPINFOHEADER + bottom-up BGRA rows + an all-clear AND mask (alpha does the masking). */
function icoBitmap({ size, rgba }: Rendered): Buffer {
  const maskRow = Math.ceil(size / 32) * 4;
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0);
  info.writeInt32LE(size, 4);
  info.writeInt32LE(size * 2, 8); // colour + mask, by convention
  info.writeUInt16LE(1, 12);
  info.writeUInt16LE(32, 14);
  info.writeUInt32LE(0, 16); // BI_RGB
  info.writeUInt32LE(size * size * 4 + maskRow * size, 20);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    const src = (size - 1 - y) * size * 4;
    for (let x = 0; x < size; x++) {
      const s = src + x * 4;
      const d = (y * size + x) * 4;
      pixels[d] = rgba[s + 2]!;
      pixels[d + 1] = rgba[s + 1]!;
      pixels[d + 2] = rgba[s]!;
      pixels[d + 3] = rgba[s + 3]!;
    }
  }
  return Buffer.concat([info, pixels, Buffer.alloc(maskRow * size)]);
}

/** An ICNS of PNG entries: "icns", total length, then (type, length, data) blocks, big-endian. */
export function writeIcns(bySize: ReadonlyMap<number, Rendered>): Buffer {
  const blocks = ICNS_TYPES.map(([type, size]) => {
    const png = bySize.get(size)?.png;
    if (!png) throw new Error(`No ${size}px rendering for the ${type} icon.`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + blocks.reduce((n, b) => n + b.length, 0), 4);
  return Buffer.concat([head, ...blocks]);
}

export interface IconFiles {
  pngDir: string;
  pngs: string[];
  ico: string;
  icns: string;
}

/** Renders `svgPath` into `outDir`: png/NxN.png, icon.ico, icon.icns. */
export function generateIcons(svgPath: string, outDir: string): IconFiles {
  const svg = readFileSync(svgPath);
  const bySize = new Map<number, Rendered>(PNG_SIZES.map((s) => [s, render(svg, s)]));
  const pngDir = join(outDir, 'png');
  mkdirSync(pngDir, { recursive: true });
  const pngs = PNG_SIZES.map((s) => {
    const file = join(pngDir, `${s}x${s}.png`);
    writeFileSync(file, bySize.get(s)!.png);
    return file;
  });
  const ico = join(outDir, 'icon.ico');
  writeFileSync(ico, writeIco(ICO_SIZES.map((s) => bySize.get(s)!)));
  const icns = join(outDir, 'icon.icns');
  writeFileSync(icns, writeIcns(bySize));
  return { pngDir, pngs, ico, icns };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = resolve(import.meta.dirname, '..');
  const out = generateIcons(join(root, 'build/icon.svg'), join(root, 'build/generated'));
  console.log(`Icons written: ${out.pngs.length} PNGs, ${out.ico}, ${out.icns}`);
}
