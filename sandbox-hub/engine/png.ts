// A minimal PNG encoder (8-bit RGB, one IDAT) for the sandbox image model.
import { deflateSync } from 'node:zlib';
import { createRandom, hashString } from './prng';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const rowStart = y * (width * 3 + 1);
    rows[rowStart] = 0; // filter: none
    rows.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), rowStart + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** A deterministic picture for a prompt: a two-colour gradient under a grid of tiles. */
export function promptPicture(prompt: string, index: number, width: number, height: number): Buffer {
  const random = createRandom(hashString(`${prompt}#${index}`));
  const from = [random.int(0, 255), random.int(0, 255), random.int(0, 255)] as const;
  const to = [random.int(0, 255), random.int(0, 255), random.int(0, 255)] as const;
  const tile = random.int(4, 16);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x + y) / Math.max(1, width + height - 2);
      const shade = (Math.floor(x / tile) + Math.floor(y / tile)) % 2 === 0 ? 1 : 0.85;
      const offset = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) rgb[offset + c] = Math.round(((from[c] ?? 0) * (1 - t) + (to[c] ?? 0) * t) * shade);
    }
  }
  return encodePng(width, height, rgb);
}
