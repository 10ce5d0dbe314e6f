// Draws the extension's icon (docs/images/icon.png, 256x256) without an image library: a green rounded
// square (nginx's green) with a white "N" whose diagonal ends in arrowheads both ways, for a
// connection that talks in both directions. Run `node scripts/make-icon.mjs` after changing it; the
// PNG is committed. Anti-aliased by sampling each pixel 4x4 times.

import { Buffer } from "node:buffer";
import * as fs from "node:fs";
import * as zlib from "node:zlib";

const SIZE = 256;
const GREEN = [0, 150, 57];
const WHITE = [255, 255, 255];

/** Distance from point p to segment a-b. */
function segment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function insideRoundedSquare(x, y) {
  const r = 44;
  const cx = Math.min(Math.max(x, r + 8), SIZE - r - 8);
  const cy = Math.min(Math.max(y, r + 8), SIZE - r - 8);
  return Math.hypot(x - cx, y - cy) <= r;
}

function insideGlyph(x, y) {
  const w = 13;
  const strokes = [
    [78, 196, 78, 60],
    [178, 196, 178, 60],
    [84, 66, 172, 190],
    // Arrowheads at both ends of the diagonal.
    [84, 66, 84, 104],
    [84, 66, 120, 66],
    [172, 190, 172, 152],
    [172, 190, 136, 190],
  ];
  return strokes.some(([ax, ay, bx, by]) => segment(x, y, ax, ay, bx, by) <= w);
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0;
  for (let x = 0; x < SIZE; x++) {
    let square = 0;
    let glyph = 0;
    for (let sy = 0; sy < 4; sy++)
      for (let sx = 0; sx < 4; sx++) {
        const px = x + (sx + 0.5) / 4;
        const py = y + (sy + 0.5) / 4;
        if (insideRoundedSquare(px, py)) {
          square++;
          if (insideGlyph(px, py)) glyph++;
        }
      }
    const g = square === 0 ? 0 : glyph / square;
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    for (let c = 0; c < 3; c++) raw[o + c] = Math.round(GREEN[c] * (1 - g) + WHITE[c] * g);
    raw[o + 3] = Math.round((square / 16) * 255);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", header),
  chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
fs.mkdirSync("docs/images", { recursive: true });
fs.writeFileSync("docs/images/icon.png", png);
console.log(`docs/images/icon.png: ${png.length} bytes`);
