import { readFileSync } from 'node:fs';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

/** The 8 bytes every PNG starts with (PNG specification, 3rd edition, section 5.2). */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface Pixels {
  width: number;
  height: number;
  /** Red, green, blue, alpha; each 0–255. */
  pixel(x: number, y: number): [number, number, number, number];
}

/**
 * The pixels of a PNG, decoded by resvg drawing it as an SVG <image> of its own size on a transparent
 * canvas: whatever the PNG leaves transparent stays transparent.
 */
export async function pngPixels(png: Buffer): Promise<Pixels> {
  // Charts have loaded the module already; initWasm refuses a second load, so only load it when needed.
  await initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm'))).catch(() => undefined);
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}"><image width="${width}" height="${height}" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  const resvg = new Resvg(svg, { font: { loadSystemFonts: false } });
  const rendered = resvg.render();
  const data = Buffer.from(rendered.pixels);
  rendered.free();
  resvg.free();
  return {
    width,
    height,
    pixel(x, y) {
      const at = (y * width + x) * 4;
      return [data[at]!, data[at + 1]!, data[at + 2]!, data[at + 3]!];
    },
  };
}

/** The PNG scaled to `width` pixels wide, as a chat client shows it inline (Slack and Teams: about 400). */
export async function scaledPng(png: Buffer, width: number): Promise<Buffer> {
  await initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm'))).catch(() => undefined);
  const original = { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${original.width}" height="${original.height}"><image width="${original.width}" height="${original.height}" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false } });
  const rendered = resvg.render();
  const scaled = Buffer.from(rendered.asPng());
  rendered.free();
  resvg.free();
  return scaled;
}
