// Draws the app's icons (a porthole: a brass ring around a teal window) into public/ as PNGs, with
// no dependency: node packages/web/scripts/makeIcons.mjs. The manifest and index.html name them.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGBA PNG of size x size; `paint(x, y)` gives [r, g, b, a] for the pixel centre in 0..1 units. */
function png(size, paint) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(paint((x + 0.5) / size, (y + 0.5) / size), 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header), chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
}

const background = [13, 17, 23, 255];
const brass = [201, 162, 39, 255];
const glass = [31, 111, 139, 255];
const glint = [120, 200, 220, 255];

/** The porthole drawn at `scale` of the icon (maskable icons keep it inside the safe zone). */
function porthole(scale) {
  return (x, y) => {
    const dx = (x - 0.5) / scale;
    const dy = (y - 0.5) / scale;
    const r = Math.hypot(dx, dy);
    if (r > 0.46) return background;
    if (r > 0.34) {
      // Eight bolts on the ring.
      const angle = Math.atan2(dy, dx);
      const bolt = Math.abs(((angle / (Math.PI / 4)) % 1 + 1) % 1 - 0.5) > 0.42 && Math.abs(r - 0.4) < 0.025;
      return bolt ? background : brass;
    }
    if (r > 0.3) return background;
    return Math.hypot(dx + 0.1, dy + 0.1) < 0.08 ? glint : glass;
  };
}

const out = new URL("../public/", import.meta.url);
writeFileSync(new URL("icon-192.png", out), png(192, porthole(1)));
writeFileSync(new URL("icon-512.png", out), png(512, porthole(1)));
writeFileSync(new URL("icon-maskable-512.png", out), png(512, porthole(0.8)));
writeFileSync(new URL("apple-touch-icon.png", out), png(180, porthole(0.9)));
