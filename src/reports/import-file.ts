/**
 * Reading an import file as people have it: a CSV in whatever encoding and separator their
 * spreadsheet saved it with, or the spreadsheet itself (.xlsx), into rows of text with the place each
 * came from, so every problem can be reported where the person will look for it.
 *
 * - Encoding: UTF-8 with or without byte order mark, UTF-16 with one (Excel's "Unicode text"), and
 *   otherwise Windows-1252, which Excel in Western European locales writes for "CSV". Bytes that are
 *   valid UTF-8 are read as UTF-8; anything else cannot be UTF-8, and Windows-1252 decodes every byte
 *   (by iconv-lite: Node 20's TextDecoder gets 0x80–0x9F wrong, where € — ’ live).
 * - Separator: comma, semicolon (Excel where the decimal mark is a comma) or tab (cells copied from a
 *   spreadsheet), chosen by which one splits the header into the most known column names; Excel's
 *   `sep=;` first line is honoured.
 * - .xlsx: the first sheet, or the one named; cells typed as numbers and dates are taken as typed.
 *
 * Parsing is done by maintained libraries: csv-parse for CSV, exceljs for .xlsx.
 */
import { parse as parseCsvSync } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export interface TableRecord {
  /** CSV: the 1-based line the record starts on. Spreadsheet: the row number. */
  line: number;
  fields: string[];
  /** Spreadsheet cells typed as numbers, by field index: no decimal mark to interpret. */
  numbers?: Map<number, number>;
}

export interface ImportTable {
  format: 'csv' | 'xlsx';
  /** How the file was read, for the dry run: "CSV, semicolon-separated, Windows-1252". */
  description: string;
  /** The sheet read, for a spreadsheet. */
  sheet?: string;
  /** Every sheet of the workbook, in its order, so the person can choose another. */
  sheets?: string[];
  /** The header first. */
  records: TableRecord[];
}

export interface ReadProblem {
  line: number;
  message: string;
  sheet?: string;
  cell?: string;
}

export type ReadResult = { ok: true; table: ImportTable } | { ok: false; problems: ReadProblem[] };

const SEPARATORS = [
  { char: ',', name: 'comma' },
  { char: ';', name: 'semicolon' },
  { char: '\t', name: 'tab' },
] as const;

export interface ReadOptions {
  /** The spreadsheet's sheet to read; the first when not given. */
  sheet?: string;
  /** Header names the file may use, to tell which separator splits the header right. */
  knownColumns: ReadonlySet<string>;
  normalizeHeader(name: string): string;
}

/** Reads text (pasted into chat) or the bytes of an uploaded file. */
export async function readImportFile(input: string | Uint8Array, options: ReadOptions): Promise<ReadResult> {
  if (typeof input === 'string') return readCsvText(input, 'pasted text', options);
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return readXlsx(bytes, options);
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    return problem(
      1,
      'This is an old Excel workbook (.xls), which I cannot read; save it as Excel Workbook (.xlsx) or as CSV and import that.',
    );
  }
  const { text, encoding } = decode(bytes);
  return readCsvText(text, encoding, options);
}

/** The text of a CSV file and the encoding it was read in. */
export function decode(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8 with BOM' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    // Not TextDecoder: Node 20's decodes bytes 0x80–0x9F (€ — ’ „ …) as Latin-1 control characters.
    return { text: iconv.decode(bytes, 'windows-1252'), encoding: 'Windows-1252' };
  }
}

export function readCsvText(text: string, encoding: string, options: ReadOptions): ReadResult {
  let body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // Excel's own hint, written as the first line of some exported files: "sep=;".
  const hint = /^sep=(.)\r?\n/i.exec(body);
  let skippedLines = 0;
  if (hint) {
    body = body.slice(hint[0].length);
    skippedLines = 1;
  }
  const separator = hint
    ? (SEPARATORS.find((candidate) => candidate.char === hint[1]) ?? { char: hint[1]!, name: `"${hint[1]}"` })
    : chooseSeparator(body, options);

  // csv-parse counts bytes; line numbers are taken from the offsets, so quoted newlines count right.
  const buffer = Buffer.from(body, 'utf8');
  const lineStarts: number[] = [0];
  for (let at = buffer.indexOf(0x0a); at >= 0; at = buffer.indexOf(0x0a, at + 1)) lineStarts.push(at + 1);
  const lineAt = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1 + skippedLines;
  };

  // The first line of the record that starts after byte `offset`, past blank lines.
  const startLine = (offset: number) => {
    let start = offset;
    while (start < buffer.length && (buffer[start] === 0x0a || buffer[start] === 0x0d)) start++;
    return lineAt(start);
  };
  const records: TableRecord[] = [];
  let consumed = 0;
  try {
    parseCsvSync(buffer, {
      delimiter: separator.char,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], context) => {
        records.push({ line: startLine(consumed), fields: record });
        consumed = (context as unknown as { bytes: number }).bytes;
        return null;
      },
    });
  } catch (error) {
    // csv-parse counts the line where it gave up; the person needs the record where the problem starts.
    const coded = error as { code?: string; column?: number };
    return problem(startLine(consumed), csvErrorMessage(coded.code, coded.column, separator.name));
  }
  const description = `CSV, ${separator.name}-separated, ${encoding}`;
  return { ok: true, table: { format: 'csv', description, records } };
}

/** The separator that splits the header line into the most known columns; the most frequent on a tie. */
function chooseSeparator(text: string, options: ReadOptions): { char: string; name: string } {
  const header = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  let best: { char: string; name: string } = SEPARATORS[0];
  let bestScore = [-1, -1];
  for (const candidate of SEPARATORS) {
    const names = header.split(candidate.char).map((name) => options.normalizeHeader(name.replace(/^"|"$/g, '')));
    const score = [names.filter((name) => options.knownColumns.has(name)).length, names.length];
    if (score[0]! > bestScore[0]! || (score[0] === bestScore[0] && score[1]! > bestScore[1]!)) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function csvErrorMessage(code: string | undefined, field: number | undefined, separator: string): string {
  // csv-parse numbers fields from 0.
  const where = field !== undefined ? `Field ${field + 1}: ` : '';
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `${where}a quoted field opened here is never closed; end it with a double quote (").`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `${where}text follows a closing quote; put the whole field inside the quotes and write a quote inside as "".`;
    case 'INVALID_OPENING_QUOTE':
      return `${where}a quote appears inside a field that does not start with one; wrap the field in quotes and double the quote ("").`;
    default:
      return `${where}this line cannot be read as ${separator}-separated CSV; check its quotes.`;
  }
}

async function readXlsx(bytes: Buffer, options: ReadOptions): Promise<ReadResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return problem(1, 'This file looks like a spreadsheet but cannot be opened; save it again as .xlsx or as CSV.');
  }
  const sheets = workbook.worksheets;
  const wanted = options.sheet?.trim();
  const sheet = wanted
    ? sheets.find((candidate) => candidate.name.trim().toLowerCase() === wanted.toLowerCase())
    : sheets[0];
  if (!sheet) {
    const names = sheets.map((candidate) => `"${candidate.name}"`).join(', ');
    return problem(
      1,
      wanted ? `The workbook has no sheet named "${wanted}"; its sheets are ${names}.` : 'The workbook has no sheets.',
    );
  }
  const records: TableRecord[] = [];
  const problems: ReadProblem[] = [];
  let width = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (records.length === 0) width = row.cellCount;
    const fields: string[] = [];
    const numbers = new Map<number, number>();
    const count = Math.max(width, row.cellCount);
    for (let column = 1; column <= count; column++) {
      const cell = row.getCell(column);
      const read = cellText(cell.value);
      if ('error' in read) {
        problems.push({
          line: rowNumber,
          sheet: sheet.name,
          cell: cell.address,
          message: `Cell ${cell.address} shows the error ${read.error}; fix the formula or type the value.`,
        });
        fields.push('');
        continue;
      }
      fields.push(read.text);
      if (read.number !== undefined) numbers.set(column - 1, read.number);
    }
    // Trailing empty cells beyond the header are formatting, not data.
    while (fields.length > width && fields.at(-1) === '') fields.pop();
    if (fields.every((field) => field.trim() === '')) return;
    records.push({ line: rowNumber, fields, numbers });
  });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    table: {
      format: 'xlsx',
      description: `Excel workbook, sheet "${sheet.name}"`,
      sheet: sheet.name,
      sheets: sheets.map((candidate) => candidate.name),
      records,
    },
  };
}

type CellRead = { text: string; number?: number } | { error: string };

/** A cell's value as text: numbers typed as numbers are kept, dates become YYYY-MM-DD, formulas give their result. */
function cellText(value: ExcelJS.CellValue): CellRead {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'number') return { text: String(value), number: value };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { text: value ? 'yes' : 'no' };
  // Excel stores a date as a day count; exceljs gives it as a Date at UTC midnight of that day.
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) };
  if ('error' in value) return { error: String(value.error) };
  if ('richText' in value) return { text: value.richText.map((run) => run.text).join('') };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    return cellText(result ?? null);
  }
  if ('text' in value) return { text: String((value as { text: unknown }).text) };
  return { text: String(value) };
}

function problem(line: number, message: string): ReadResult {
  return { ok: false, problems: [{ line, message }] };
}
