import { crc32, inflateSync } from 'node:zlib';

/**
 * A strict reader for the PNGs Steward writes (8-bit RGBA, filter type 0, no interlace), written
 * from the specification rather than from the encoder, and checking CRCs with zlib's own CRC-32.
 */
export interface DecodedPng {
  width: number;
  height: number;
  chunkTypes: string[];
  /** The inflated IDAT stream: one filter byte then width × 4 bytes, per row. */
  raw: Buffer;
  pixel(x: number, y: number): [number, number, number, number];
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function decodePng(png: Buffer): DecodedPng {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG signature');
  const chunkTypes: string[] = [];
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    const stored = png.readUInt32BE(at + 8 + length);
    const computed = crc32(png.subarray(at + 4, at + 8 + length));
    if (stored !== computed) throw new Error(`bad CRC on ${type}: ${stored} != ${computed}`);
    chunkTypes.push(type);
    if (type === 'IHDR') header = Buffer.from(data);
    if (type === 'IDAT') idat.push(Buffer.from(data));
    at += 12 + length;
  }
  if (header?.length !== 13) throw new Error('missing or malformed IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const [bitDepth, colorType, compression, filter, interlace] = header.subarray(8);
  if (bitDepth !== 8 || colorType !== 6 || compression !== 0 || filter !== 0 || interlace !== 0) {
    throw new Error(`unexpected IHDR fields ${[bitDepth, colorType, compression, filter, interlace]}`);
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  return {
    width,
    height,
    chunkTypes,
    raw,
    pixel(x, y) {
      if (raw[y * stride] !== 0) throw new Error(`row ${y} uses filter ${raw[y * stride]}, not 0`);
      const at = y * stride + 1 + x * 4;
      return [raw[at]!, raw[at + 1]!, raw[at + 2]!, raw[at + 3]!];
    },
  };
}
