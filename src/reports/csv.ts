/**
 * CSV as RFC 4180 writes it (https://www.rfc-editor.org/rfc/rfc4180): records end in CRLF, fields
 * holding a comma, a double quote, CR or LF are wrapped in double quotes, and a quote inside is doubled.
 *
 * Reading is more forgiving than writing, because files come back from spreadsheets: a UTF-8 byte
 * order mark (Excel's "CSV UTF-8") is dropped, LF and lone CR end records as well as CRLF, and blank
 * lines are skipped. Quoting mistakes are not guessed at: they are reported with line and column.
 */

export type CsvCell = string | number | boolean | Date | null | undefined;

export interface CsvWriteOptions {
  /**
   * Guard against formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts
   * with = + - or @ as a formula, so text from chat such as `=HYPERLINK(...)` could act when an
   * export is opened. Such text cells get a leading `'`, which spreadsheets treat as "this is text".
   * Tab and CR are included too, as OWASP advises, since some spreadsheets strip them and read on.
   * Cells that are numbers are left alone, whether typed as numbers or as numeric text like "-12.5",
   * so negative values still read as numbers. Default true; turn off only for machine-to-machine files.
   */
  neutralizeFormulas?: boolean;
}

export interface CsvRecord {
  /** The 1-based physical line the record starts on (a quoted newline makes a record span lines). */
  line: number;
  fields: string[];
}

export interface CsvSyntaxError {
  line: number;
  /** 1-based character position within the line. */
  column: number;
  message: string;
}

export type CsvParseResult = { ok: true; records: CsvRecord[] } | { ok: false; error: CsvSyntaxError };

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

export function toCsv(headers: string[], rows: CsvCell[][], options: CsvWriteOptions = {}): string {
  const neutralize = options.neutralizeFormulas ?? true;
  const lines = [headers, ...rows].map((row) => {
    // A record of one empty field would otherwise be a blank line, which readers skip.
    if (row.length === 1 && cellText(row[0], neutralize) === '') return '""';
    return row.map((cell) => quote(cellText(cell, neutralize))).join(',');
  });
  return `${lines.join('\r\n')}\r\n`;
}

export function parseCsv(text: string): CsvParseResult {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let lineStart = 0;
  let recordLine = 1;
  let at = 0;
  // True once the current record has any content, so a blank line is not mistaken for a record.
  let recordStarted = false;

  const endRecord = () => {
    if (recordStarted) records.push({ line: recordLine, fields: [...fields, field] });
    fields = [];
    field = '';
    recordStarted = false;
  };
  const newline = (length: number) => {
    at += length;
    line++;
    lineStart = at;
  };
  const fail = (failLine: number, column: number, message: string): CsvParseResult => ({
    ok: false,
    error: { line: failLine, column, message },
  });

  while (at < input.length) {
    const char = input[at]!;
    if (!recordStarted) recordLine = line;
    // `field` collects everything since the last separator and a quoted field must be followed by
    // one, so an empty `field` means this quote opens the field.
    if (char === '"' && field === '') {
      // A quoted field: read to the closing quote, keeping newlines and turning "" into ".
      const openLine = line;
      const openColumn = at - lineStart + 1;
      recordStarted = true;
      at++;
      let closed = false;
      while (at < input.length) {
        const inner = input[at]!;
        if (inner === '"') {
          if (input[at + 1] === '"') {
            field += '"';
            at += 2;
            continue;
          }
          at++;
          closed = true;
          break;
        }
        if (inner === '\r' || inner === '\n') {
          const length = inner === '\r' && input[at + 1] === '\n' ? 2 : 1;
          field += input.slice(at, at + length);
          newline(length);
          continue;
        }
        field += inner;
        at++;
      }
      if (!closed) {
        return fail(openLine, openColumn, 'This quoted field is never closed; end it with a double quote (").');
      }
      const next = input[at];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        return fail(
          line,
          at - lineStart + 1,
          'Text follows a closing quote; put the whole field inside the quotes and write a quote inside as "".',
        );
      }
      continue;
    }
    if (char === '"') {
      return fail(
        line,
        at - lineStart + 1,
        'A quote appears inside a field that does not start with one; wrap the field in quotes and double the quote ("").',
      );
    }
    if (char === ',') {
      recordStarted = true;
      fields.push(field);
      field = '';
      at++;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRecord();
      newline(char === '\r' && input[at + 1] === '\n' ? 2 : 1);
      continue;
    }
    recordStarted = true;
    field += char;
    at++;
  }
  endRecord();
  return { ok: true, records };
}

function cellText(cell: CsvCell, neutralize: boolean): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (neutralize && FORMULA_START.test(formulaView(cell)) && !PLAIN_NUMBER.test(cell)) return `'${cell}`;
  return cell;
}

/**
 * The cell as a spreadsheet may read its first character: compatibility forms folded (a fullwidth ＝ U+FF1D
 * becomes =, as some spreadsheets and import wizards do) and invisible characters in front dropped (zero-width
 * spaces and joiners, word joiner, byte order mark, direction marks and controls).
 */
function formulaView(cell: string): string {
  return cell.normalize('NFKC').replace(/^[\u200B-\u200F\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]+/, '');
}

function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
