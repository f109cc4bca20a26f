import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { crc32, encodePng, fitText, hexColor, Raster, textWidth } from '../../src/reports/png';
import { decodePng } from './decode-png';

const RED = hexColor('#ff0000');
const BLUE = hexColor('#0000ff');
const WHITE = hexColor('#ffffff');

describe('encodePng', () => {
  it('writes the signature, then IHDR, IDAT and IEND with valid CRCs', () => {
    const png = encodePng(3, 2, new Uint8Array(3 * 2 * 4).fill(255));
    const decoded = decodePng(png);
    expect(decoded.chunkTypes).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([decoded.width, decoded.height]).toEqual([3, 2]);
  });

  it('stores width × height × 4 bytes plus one filter byte per row', () => {
    const decoded = decodePng(encodePng(17, 5, new Uint8Array(17 * 5 * 4)));
    expect(decoded.raw.length).toBe(17 * 5 * 4 + 5);
  });

  it('keeps every pixel as given', () => {
    const rgba = Uint8Array.from({ length: 4 * 3 * 4 }, (_, index) => (index * 37) % 256);
    const decoded = decodePng(encodePng(4, 3, rgba));
    expect(decoded.pixel(2, 1)).toEqual([...rgba.subarray((1 * 4 + 2) * 4, (1 * 4 + 2) * 4 + 4)]);
  });

  it('refuses pixel data of the wrong size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(/Expected 16 bytes/);
  });

  it('computes the same CRC-32 as zlib', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => expect(crc32(bytes)).toBe(zlibCrc32(bytes))));
  });
});

describe('Raster', () => {
  it('fills rectangles, clipped at the edges', () => {
    const image = new Raster(10, 10, WHITE);
    image.fillRect(8, 8, 5, 5, RED);
    expect(image.getPixel(9, 9)).toEqual(RED);
    expect(image.getPixel(7, 7)).toEqual(WHITE);
  });

  it('draws a line from end to end with the pen thickness', () => {
    const image = new Raster(20, 20, WHITE);
    image.drawLine(2, 10, 17, 10, BLUE, { thickness: 3 });
    for (const x of [2, 10, 17]) {
      expect([9, 10, 11].map((y) => image.getPixel(x, y))).toEqual([BLUE, BLUE, BLUE]);
    }
    expect(image.getPixel(10, 12)).toEqual(WHITE);
  });

  it('leaves gaps in a dashed line', () => {
    const image = new Raster(20, 3, WHITE);
    image.drawLine(0, 1, 19, 1, RED, { dash: [4, 4] });
    const drawn = Array.from({ length: 20 }, (_, x) => (image.getPixel(x, 1)[1] === 0 ? '#' : '.')).join('');
    expect(drawn).toBe('####....####....####');
  });

  it('draws a glyph from the 5×7 font', () => {
    const image = new Raster(5, 7, WHITE);
    image.drawText('1', 0, 0, RED);
    const rows = Array.from({ length: 7 }, (_, y) =>
      Array.from({ length: 5 }, (_, x) => (image.getPixel(x, y)[1] === 0 ? '#' : '.')).join(''),
    );
    expect(rows).toEqual(['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.']);
  });

  it('measures and shortens text to a width', () => {
    expect(textWidth('abc', 2)).toBe((3 * 6 - 1) * 2);
    expect(fitText('Incident resolution time', textWidth('Incident..'))).toBe('Incident..');
  });
});
