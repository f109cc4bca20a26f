/**
 * Numbers as spreadsheets in different locales write them. Excel in English writes `1,250,000.00`;
 * in German `1.250.000,00`, in French `1 250 000,00` (with a no-break space), in Swiss German
 * `1'250'000.00`. A file uses one decimal mark throughout; which one is decided for the whole file
 * (see `decideDecimalMark`), because a single `1,250` cannot say whether it is 1.25 or 1250.
 */

export type DecimalMark = 'point' | 'comma';

/** Thousands separators besides the other mark: spaces (plain, no-break, narrow no-break) and apostrophes. */
const GROUP = "[ \\u00a0\\u202f'’]";
const PATTERNS: Record<DecimalMark, RegExp[]> = {
  point: [/^[+-]?(\d+(\.\d*)?|\.\d+)$/, new RegExp(`^[+-]?\\d{1,3}((,\\d{3})+|(${GROUP}\\d{3})+)(\\.\\d+)?$`)],
  comma: [/^[+-]?(\d+(,\d*)?|,\d+)$/, new RegExp(`^[+-]?\\d{1,3}((\\.\\d{3})+|(${GROUP}\\d{3})+)(,\\d+)?$`)],
};

/** The number `text` means with `mark` as its decimal mark, or undefined when it is not one. */
export function parseLocaleNumber(text: string, mark: DecimalMark): number | undefined {
  const trimmed = text.trim();
  if (!PATTERNS[mark].some((pattern) => pattern.test(trimmed))) return undefined;
  const decimal = mark === 'point' ? '.' : ',';
  const [whole = '', fraction] = trimmed.split(decimal);
  const digits = whole.replace(/[^\d+-]/g, '');
  return Number(fraction === undefined ? digits : `${digits}.${fraction}`);
}

/** The decimal mark written in the file, as it appears in a sentence. */
export function decimalMarkName(mark: DecimalMark): string {
  return mark === 'point' ? 'a decimal point (99.5)' : 'a decimal comma (99,5)';
}

export interface NumberSample {
  line: number;
  column: string;
  text: string;
}

export type DecimalDecision =
  | { mark: DecimalMark }
  /** Some numbers mean different things with either mark and none settles it: the person is asked. */
  | { ambiguous: Array<NumberSample & { asPoint: number; asComma: number }> }
  /** Some numbers only read with a point and others only with a comma. */
  | { mixed: { point: NumberSample; comma: NumberSample } };

/**
 * Which decimal mark the file's numbers use. A number readable only one way decides it (`99,5`,
 * `1.250.000,00`, `1,250.50`); one that reads the same either way (`120`) says nothing; one that
 * reads differently (`1,250`: 1.25 or 1250) is never guessed at: when nothing else in the file
 * settles it, the answer is to ask.
 */
export function decideDecimalMark(samples: readonly NumberSample[]): DecimalDecision {
  let point: NumberSample | undefined;
  let comma: NumberSample | undefined;
  const ambiguous: Array<NumberSample & { asPoint: number; asComma: number }> = [];
  for (const sample of samples) {
    const asPoint = parseLocaleNumber(sample.text, 'point');
    const asComma = parseLocaleNumber(sample.text, 'comma');
    if (asPoint !== undefined && asComma === undefined) point ??= sample;
    else if (asComma !== undefined && asPoint === undefined) comma ??= sample;
    else if (asPoint !== undefined && asComma !== undefined && asPoint !== asComma) {
      ambiguous.push({ ...sample, asPoint, asComma });
    }
  }
  if (point && comma) return { mixed: { point, comma } };
  if (comma) return { mark: 'comma' };
  if (point) return { mark: 'point' };
  if (ambiguous.length > 0) return { ambiguous };
  return { mark: 'point' };
}
