/**
 * PNG images without native dependencies: an encoder for 8-bit RGBA and a small raster to draw
 * charts on (rectangles, thick and dashed lines, discs, and text in a 5×7 bitmap font).
 *
 * Chat surfaces show a PNG inline, and a canvas library would pull in a native build (cairo, skia)
 * that the embedded deployment cannot assume, so the few primitives charts need are drawn here.
 *
 * Format: PNG specification, 3rd edition (https://www.w3.org/TR/png-3/). A file is the signature
 * followed by chunks, each `length (4 bytes, big-endian) | type (4) | data | CRC-32 of type+data`.
 * IHDR describes the image, IDAT holds the zlib stream of the scanlines, IEND closes the file.
 */
import { deflateSync } from 'node:zlib';

/** Red, green, blue, alpha; each 0–255. */
export type Rgba = readonly [number, number, number, number];

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** `#2e9e4f` → [46, 158, 79, 255]. */
export function hexColor(hex: string): Rgba {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`"${hex}" is not a #rrggbb colour.`);
  return [Number.parseInt(match[1]!, 16), Number.parseInt(match[2]!, 16), Number.parseInt(match[3]!, 16), 255];
}

const CRC_TABLE = (() => {
  // CRC-32 as PNG (and zlib, gzip) use it: reflected polynomial 0xEDB88320.
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** `rgba` holds width × height pixels, 4 bytes each, row by row from the top left. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`A PNG needs a whole width and height of at least 1, not ${width}×${height}.`);
  }
  if (rgba.length !== width * height * 4) {
    throw new Error(`Expected ${width * height * 4} bytes of RGBA for ${width}×${height}, got ${rgba.length}.`);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth per channel
  header[9] = 6; // colour type 6: truecolour with alpha
  header[10] = 0; // compression method 0: zlib deflate, the only one defined
  header[11] = 0; // filter method 0: adaptive filtering with five filter types
  header[12] = 0; // no interlace

  // Every scanline starts with its filter type. Type 0 (None) keeps the encoder trivial; charts are
  // mostly flat colour, which deflate compresses well without filtering.
  const stride = width * 4;
  const scanlines = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    scanlines[y * (stride + 1)] = 0;
    scanlines.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  typeAndData.copy(out, 4);
  out.writeUInt32BE(crc32(typeAndData), 8 + data.length);
  return out;
}

/**
 * Glyphs of the bitmap font: 5 columns, 7 rows from the cap line to the baseline, plus an eighth
 * row for the descenders of g, j, p, q and y. `#` is ink. Lower case has its own glyphs because
 * KPI names in capitals are harder to read.
 */
const GLYPHS: Record<string, string> = {
  ' ': '..... ..... ..... ..... ..... ..... .....',
  '0': '.###. #...# #..## #.#.# ##..# #...# .###.',
  '1': '..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.',
  '2': '.###. #...# ....# ...#. ..#.. .#... #####',
  '3': '##### ...#. ..#.. ...#. ....# #...# .###.',
  '4': '...#. ..##. .#.#. #..#. ##### ...#. ...#.',
  '5': '##### #.... ####. ....# ....# #...# .###.',
  '6': '..##. .#... #.... ####. #...# #...# .###.',
  '7': '##### ....# ...#. ..#.. .#... .#... .#...',
  '8': '.###. #...# #...# .###. #...# #...# .###.',
  '9': '.###. #...# #...# .#### ....# ...#. .##..',
  A: '.###. #...# #...# ##### #...# #...# #...#',
  B: '####. #...# #...# ####. #...# #...# ####.',
  C: '.###. #...# #.... #.... #.... #...# .###.',
  D: '###.. #..#. #...# #...# #...# #..#. ###..',
  E: '##### #.... #.... ####. #.... #.... #####',
  F: '##### #.... #.... ####. #.... #.... #....',
  G: '.###. #...# #.... #.### #...# #...# .####',
  H: '#...# #...# #...# ##### #...# #...# #...#',
  I: '.###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  J: '..### ...#. ...#. ...#. ...#. #..#. .##..',
  K: '#...# #..#. #.#.. ##... #.#.. #..#. #...#',
  L: '#.... #.... #.... #.... #.... #.... #####',
  M: '#...# ##.## #.#.# #.#.# #...# #...# #...#',
  N: '#...# #...# ##..# #.#.# #..## #...# #...#',
  O: '.###. #...# #...# #...# #...# #...# .###.',
  P: '####. #...# #...# ####. #.... #.... #....',
  Q: '.###. #...# #...# #...# #.#.# #..#. .##.#',
  R: '####. #...# #...# ####. #.#.. #..#. #...#',
  S: '.#### #.... #.... .###. ....# ....# ####.',
  T: '##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..',
  U: '#...# #...# #...# #...# #...# #...# .###.',
  V: '#...# #...# #...# #...# #...# .#.#. ..#..',
  W: '#...# #...# #...# #.#.# #.#.# #.#.# .#.#.',
  X: '#...# #...# .#.#. ..#.. .#.#. #...# #...#',
  Y: '#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..',
  Z: '##### ....# ...#. ..#.. .#... #.... #####',
  a: '..... ..... .###. ....# .#### #...# .####',
  b: '#.... #.... #.##. ##..# #...# #...# ####.',
  c: '..... ..... .###. #.... #.... #...# .###.',
  d: '....# ....# .##.# #..## #...# #...# .####',
  e: '..... ..... .###. #...# ##### #.... .###.',
  f: '..##. .#..# .#... ###.. .#... .#... .#...',
  g: '..... ..... .#### #...# #...# .#### ....# .###.',
  h: '#.... #.... #.##. ##..# #...# #...# #...#',
  i: '..#.. ..... .##.. ..#.. ..#.. ..#.. .###.',
  j: '...#. ..... ..##. ...#. ...#. ...#. #..#. .##..',
  k: '#.... #.... #..#. #.#.. ##... #.#.. #..#.',
  l: '.##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  m: '..... ..... ##.#. #.#.# #.#.# #...# #...#',
  n: '..... ..... #.##. ##..# #...# #...# #...#',
  o: '..... ..... .###. #...# #...# #...# .###.',
  p: '..... ..... ####. #...# #...# ####. #.... #....',
  q: '..... ..... .#### #...# #...# .#### ....# ....#',
  r: '..... ..... #.##. ##..# #.... #.... #....',
  s: '..... ..... .###. #.... .###. ....# ####.',
  t: '.#... .#... ###.. .#... .#... .#..# ..##.',
  u: '..... ..... #...# #...# #...# #..## .##.#',
  v: '..... ..... #...# #...# #...# .#.#. ..#..',
  w: '..... ..... #...# #...# #.#.# #.#.# .#.#.',
  x: '..... ..... #...# .#.#. ..#.. .#.#. #...#',
  y: '..... ..... #...# #...# #...# .#### ....# .###.',
  z: '..... ..... ##### ...#. ..#.. .#... #####',
  '.': '..... ..... ..... ..... ..... .##.. .##..',
  ',': '..... ..... ..... ..... .##.. ..#.. .#...',
  ':': '..... .##.. .##.. ..... .##.. .##.. .....',
  ';': '..... .##.. .##.. ..... .##.. ..#.. .#...',
  '-': '..... ..... ..... .###. ..... ..... .....',
  '+': '..... ..#.. ..#.. ##### ..#.. ..#.. .....',
  '/': '..... ....# ...#. ..#.. .#... #.... .....',
  '%': '##... ##..# ...#. ..#.. .#... #..## ...##',
  '(': '...#. ..#.. .#... .#... .#... ..#.. ...#.',
  ')': '.#... ..#.. ...#. ...#. ...#. ..#.. .#...',
  "'": '..#.. ..#.. .#... ..... ..... ..... .....',
  '"': '.#.#. .#.#. ..... ..... ..... ..... .....',
  '!': '..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..',
  '?': '.###. #...# ....# ...#. ..#.. ..... ..#..',
  _: '..... ..... ..... ..... ..... ..... #####',
  '=': '..... ..... ##### ..... ##### ..... .....',
  '<': '...#. ..#.. .#... #.... .#... ..#.. ...#.',
  '>': '.#... ..#.. ...#. ....# ...#. ..#.. .#...',
  '#': '.#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.',
  '&': '.##.. #..#. #.#.. .#... #.#.# #..#. .##.#',
  '*': '..... ..#.. #.#.# .###. #.#.# ..#.. .....',
  '[': '.###. .#... .#... .#... .#... .#... .###.',
  ']': '.###. ...#. ...#. ...#. ...#. ...#. .###.',
  $: '..#.. .#### #.#.. .###. ..#.# ####. ..#..',
  '€': '..##. .#..# ####. .#... ####. .#..# ..##.',
  '£': '..##. .#..# .#... ###.. .#... .#... #####',
  '|': '..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#..',
};
/** Drawn for characters the font lacks, so a missing glyph shows instead of vanishing. */
const MISSING_GLYPH = '##### #...# #...# #...# #...# #...# #####';

const FONT: ReadonlyMap<string, boolean[][]> = new Map(
  [...Object.entries(GLYPHS), ['\u0000', MISSING_GLYPH] as const].map(([char, rows]) => [
    char,
    rows.split(' ').map((row) => [...row].map((cell) => cell === '#')),
  ]),
);

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;
/** One blank column between letters. */
export const GLYPH_ADVANCE = GLYPH_WIDTH + 1;

export function textWidth(text: string, scale = 1): number {
  const length = [...text].length;
  return length === 0 ? 0 : (length * GLYPH_ADVANCE - 1) * scale;
}

/** Shortens `text` to fit `maxWidth` pixels, marking the cut with "..". */
export function fitText(text: string, maxWidth: number, scale = 1): string {
  if (textWidth(text, scale) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 0 && textWidth(`${chars.join('')}..`, scale) > maxWidth) chars.pop();
  return `${chars.join('').trimEnd()}..`;
}

export interface LineStyle {
  /** Pen width in pixels. */
  thickness?: number;
  /** Pixels drawn, then pixels skipped, measured along the line's longer axis. */
  dash?: readonly [number, number];
}

/** An RGBA image in memory. Drawing clips at the edges; colours are opaque and replace what is below. */
export class Raster {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgba = [255, 255, 255, 255],
  ) {
    this.data = new Uint8Array(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  setPixel(x: number, y: number, color: Rgba): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    this.data.set(color, (Math.floor(y) * this.width + Math.floor(x)) * 4);
  }

  getPixel(x: number, y: number): Rgba {
    const at = (y * this.width + x) * 4;
    return [this.data[at]!, this.data[at + 1]!, this.data[at + 2]!, this.data[at + 3]!];
  }

  fillRect(x: number, y: number, width: number, height: number, color: Rgba): void {
    const left = Math.max(0, Math.round(x));
    const top = Math.max(0, Math.round(y));
    const right = Math.min(this.width, Math.round(x + width));
    const bottom = Math.min(this.height, Math.round(y + height));
    for (let row = top; row < bottom; row++) {
      for (let column = left; column < right; column++) this.data.set(color, (row * this.width + column) * 4);
    }
  }

  /** Bresenham's line, stamping a square pen of `thickness` pixels centred on each step. */
  drawLine(x0: number, y0: number, x1: number, y1: number, color: Rgba, style: LineStyle = {}): void {
    const thickness = Math.max(1, Math.round(style.thickness ?? 1));
    const offset = Math.floor((thickness - 1) / 2);
    let x = Math.round(x0);
    let y = Math.round(y0);
    const endX = Math.round(x1);
    const endY = Math.round(y1);
    const dx = Math.abs(endX - x);
    const dy = -Math.abs(endY - y);
    const stepX = x < endX ? 1 : -1;
    const stepY = y < endY ? 1 : -1;
    let error = dx + dy;
    for (let step = 0; ; step++) {
      const [on, off] = style.dash ?? [1, 0];
      if (step % (on + off) < on) this.fillRect(x - offset, y - offset, thickness, thickness, color);
      if (x === endX && y === endY) break;
      const doubled = 2 * error;
      if (doubled >= dy) {
        error += dy;
        x += stepX;
      }
      if (doubled <= dx) {
        error += dx;
        y += stepY;
      }
    }
  }

  fillCircle(centerX: number, centerY: number, radius: number, color: Rgba): void {
    for (let dy = -radius; dy <= radius; dy++) {
      for (let dx = -radius; dx <= radius; dx++) {
        if (dx * dx + dy * dy <= radius * radius + radius) this.setPixel(centerX + dx, centerY + dy, color);
      }
    }
  }

  /** Draws `text` with its top left corner at (x, y), each font pixel `scale` pixels square. Returns the width drawn. */
  drawText(text: string, x: number, y: number, color: Rgba, scale = 1): number {
    let left = Math.round(x);
    for (const char of text) {
      const glyph = FONT.get(char) ?? FONT.get('\u0000')!;
      glyph.forEach((row, rowIndex) => {
        row.forEach((ink, column) => {
          if (ink) this.fillRect(left + column * scale, Math.round(y) + rowIndex * scale, scale, scale, color);
        });
      });
      left += GLYPH_ADVANCE * scale;
    }
    return textWidth(text, scale);
  }

  toPng(): Buffer {
    return encodePng(this.width, this.height, this.data);
  }
}
