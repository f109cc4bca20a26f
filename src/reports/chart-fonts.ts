/**
 * The fonts charts are drawn with, and what they can draw.
 *
 * Charts use DejaVu Sans from the `dejavu-fonts-ttf` npm package, so every deployment draws with the
 * same font whatever the machine has installed (resvg is started with `loadSystemFonts: false`).
 * DejaVu was chosen over Noto because one TTF covers everything a contract team types in Europe and
 * around it: Latin with every diacritic (Vietnamese included), Greek, Cyrillic, Turkish, and the
 * symbols ≥ ≤ — · € Ø; Noto splits those over many files and ships its CJK fonts as OTF collections
 * of 16+ MB. resvg reads TTF and OTF, not WOFF.
 *
 * DejaVu has no Chinese, Japanese or Korean. A deployment that needs them names a font that has them
 * in CHART_FONT_FILES (for example Noto Sans CJK's .otf or .ttc): it is used for any character the
 * bundled font lacks. A character no configured font has is reported by `missingCharacters`, so the
 * chart's message can say so instead of showing a box.
 */
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';

/** The family name every chart asks for; resvg falls back through the other loaded fonts per character. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

export const BUNDLED_FONT_FILES: readonly string[] = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
];

export interface ChartFonts {
  /** Every font file resvg loads: the bundled ones first, then the configured fallbacks. */
  files: readonly string[];
  /** Their contents, read once: resvg's WebAssembly build takes fonts as bytes. */
  buffers: readonly Uint8Array[];
  /** Whether some loaded font has a glyph for the code point. */
  covers(codePoint: number): boolean;
  /** Width in pixels of `text` at `fontSize`, from the font's own advance widths. */
  measure(text: string, fontSize: number, bold: boolean): number;
}

const cache = new Map<string, ChartFonts>();

/** The bundled fonts plus `fallbackFiles`; loaded once per set of files. */
export function chartFonts(fallbackFiles: readonly string[] = []): ChartFonts {
  const key = fallbackFiles.join('\n');
  let fonts = cache.get(key);
  if (!fonts) {
    fonts = loadFonts([...BUNDLED_FONT_FILES, ...fallbackFiles]);
    cache.set(key, fonts);
  }
  return fonts;
}

function loadFonts(files: string[]): ChartFonts {
  const buffers: Buffer[] = [];
  const faces = files.flatMap((file) => {
    let opened: fontkit.Font | fontkit.FontCollection;
    try {
      const buffer = readFileSync(file);
      buffers.push(buffer);
      opened = fontkit.create(buffer);
    } catch (error) {
      throw new Error(`The chart font ${file} cannot be read: ${(error as Error).message}`);
    }
    return 'fonts' in opened ? opened.fonts : [opened];
  });
  const regular = faces[0]!;
  const bold = faces[1] ?? regular;
  const covered = new Set<number>();
  for (const face of faces) for (const codePoint of face.characterSet) covered.add(codePoint);
  const advance = new Map<string, number>();
  // Width of one character in em, from the first face that has it (as resvg falls back).
  const em = (codePoint: number, isBold: boolean): number => {
    const key = `${isBold ? 'b' : 'r'}${codePoint}`;
    let width = advance.get(key);
    if (width === undefined) {
      const first = isBold ? bold : regular;
      const face = first.hasGlyphForCodePoint(codePoint)
        ? first
        : (faces.find((candidate) => candidate.hasGlyphForCodePoint(codePoint)) ?? first);
      width = face.glyphForCodePoint(codePoint).advanceWidth / face.unitsPerEm;
      advance.set(key, width);
    }
    return width;
  };
  return {
    files,
    buffers,
    covers: (codePoint) => covered.has(codePoint),
    measure: (text, fontSize, isBold) => {
      let total = 0;
      for (const char of text) total += em(char.codePointAt(0)!, isBold);
      return total * fontSize;
    },
  };
}

/** The characters of `texts` no chart font can draw, once each, in order of appearance. */
export function missingCharacters(fonts: ChartFonts, texts: readonly string[]): string[] {
  const missing = new Set<string>();
  for (const text of texts) {
    for (const char of text) {
      const codePoint = char.codePointAt(0)!;
      // Controls and spaces draw nothing in any font; they are not missing.
      if (codePoint < 0x21 || /\s/u.test(char)) continue;
      if (!fonts.covers(codePoint)) missing.add(char);
    }
  }
  return [...missing];
}
