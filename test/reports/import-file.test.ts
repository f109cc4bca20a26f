import ExcelJS from 'exceljs';
import {
  IMPORT_READ_OPTIONS,
  type ImportOptions,
  type ImportPlan,
  planImport,
} from '../../src/reports/contract-import';
import { decode, readImportFile } from '../../src/reports/import-file';

/**
 * Files as people's spreadsheets save them, made here byte by byte: Excel's "CSV" in German, French
 * and Swiss locales (semicolons, decimal commas, Windows-1252), "CSV UTF-8" (with a byte order mark),
 * cells copied from a sheet (tabs), and the workbook itself (.xlsx, written with exceljs).
 */

const HEADER = [
  'contract_ref',
  'title',
  'vendor',
  'value',
  'currency',
  'start_date',
  'end_date',
  'owner_email',
  'kpi_key',
  'kpi_name',
  'unit',
  'kind',
  'direction',
  'baseline',
  'target',
  'warning',
  'breach',
  'weight',
  'cadence',
  'respondent',
];

/** Rows as values: numbers as numbers, so each file writes them its own way. */
const ROWS: Array<Array<string | number>> = [
  [
    'CT-2026-014',
    'Reinigung Büro Zürich — Los 2',
    'Café Crème Sàrl',
    1250000,
    'CHF',
    '2026-01-01',
    '2027-12-31',
    'ana@example.com',
    'satisfaction',
    'Kundenzufriedenheit (Ø)',
    '%',
    'percent',
    'higher-is-better',
    88.5,
    95,
    92.25,
    90,
    2.5,
    'monthly',
    'owner',
  ],
  [
    'CT-2026-014',
    'Reinigung Büro Zürich — Los 2',
    'Café Crème Sàrl',
    1250000,
    'CHF',
    '2026-01-01',
    '2027-12-31',
    'ana@example.com',
    'response',
    'Réactivité — Genève',
    'h',
    'duration',
    'lower-is-better',
    12,
    4,
    8,
    24,
    1,
    'quarterly',
    'vendor',
  ],
  [
    'CT-2026-015',
    'Sécurité Genève',
    'Garde €uro SA',
    80000.5,
    'EUR',
    '2026-04-01',
    '2026-12-31',
    'luc@example.com',
    'uptime',
    'Availability — HQ campus',
    '%',
    'percent',
    'higher-is-better',
    98,
    99.9,
    99.5,
    99,
    1,
    'monthly',
    'vendor',
  ],
];
const NUMERIC = new Set(['value', 'baseline', 'target', 'warning', 'breach', 'weight']);

const OPTIONS: ImportOptions = { existingRefs: new Set(), defaultTimezone: 'Europe/Zurich' };

/** Numbers as Excel writes them with a decimal comma: 1.250.000 and 88,5. */
function germanNumber(value: number): string {
  const [whole, fraction] = String(value).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return fraction ? `${grouped},${fraction}` : grouped;
}

function table(separator: string, number: (value: number) => string = String): string {
  const quote = (text: string) =>
    text.includes(separator) || text.includes('"') ? `"${text.replaceAll('"', '""')}"` : text;
  return [HEADER, ...ROWS]
    .map((row) => row.map((cell) => (typeof cell === 'number' ? number(cell) : quote(cell))).join(separator))
    .join('\r\n')
    .concat('\r\n');
}

/** The bytes 0x80–0x9F of Windows-1252 that differ from Latin-1 (from the WHATWG encoding index). */
const CP1252_HIGH: Record<string, number> = { '€': 0x80, '’': 0x92, '–': 0x96, '—': 0x97, '„': 0x84, '…': 0x85 };

/** Windows-1252 bytes, encoded here by table, so the test does not trust the code under test. */
function windows1252(text: string): Buffer {
  const byChar = new Map<string, number>(Object.entries(CP1252_HIGH));
  for (let byte = 0xa0; byte < 256; byte++) byChar.set(String.fromCharCode(byte), byte);
  for (let byte = 0; byte < 0x80; byte++) byChar.set(String.fromCharCode(byte), byte);
  return Buffer.from(
    [...text].map((char) => {
      const byte = byChar.get(char);
      if (byte === undefined) throw new Error(`${char} is not in Windows-1252`);
      return byte;
    }),
  );
}

async function xlsx(
  rows: Array<Array<string | number | Date>>,
  options: { sheet?: string; before?: string[] } = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const name of options.before ?? []) workbook.addWorksheet(name).addRow(['notes']);
  const sheet = workbook.addWorksheet(options.sheet ?? 'Contracts');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The rows as a person keeps them in a workbook: dates as dates, numbers as numbers. */
function workbookRows(): Array<Array<string | number | Date>> {
  return [
    HEADER,
    ...ROWS.map((row) =>
      row.map((cell, index) => (/_date$/.test(HEADER[index]!) ? new Date(`${cell}T00:00:00Z`) : cell)),
    ),
  ];
}

async function plan(file: string | Buffer, options: ImportOptions = OPTIONS, sheet?: string): Promise<ImportPlan> {
  const read = await readImportFile(file, { ...IMPORT_READ_OPTIONS, sheet });
  if (!read.ok) return { ok: false, errors: read.problems.map((problem) => ({ ...problem, column: null })) };
  return planImport(read.table, options);
}

async function contractsOf(file: string | Buffer, sheet?: string) {
  const result = await plan(file, OPTIONS, sheet);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.contracts.map((contract) => ({
    ...contract,
    line: 0,
    kpis: contract.kpis.map((kpi) => ({ ...kpi, line: 0 })),
  }));
}

describe('the same contracts from every kind of file', () => {
  let expected: Awaited<ReturnType<typeof contractsOf>>;
  beforeAll(async () => {
    expected = await contractsOf(Buffer.from(table(','), 'utf8'));
  });

  it('reads the plain CSV, with the names and numbers as written', () => {
    expect(expected.map((entry) => entry.contract.reference)).toEqual(['CT-2026-014', 'CT-2026-015']);
    expect(expected[0]!.contract).toMatchObject({
      title: 'Reinigung Büro Zürich — Los 2',
      vendor: { name: 'Café Crème Sàrl' },
      value: { amount: 1250000, currency: 'CHF' },
    });
    expect(expected[0]!.kpis[0]).toMatchObject({
      name: 'Kundenzufriedenheit (Ø)',
      baseline: 88.5,
      warningThreshold: 92.25,
      weight: 2.5,
    });
    expect(expected[1]!.contract.value.amount).toBe(80000.5);
  });

  it('reads Excel’s German CSV: semicolons, decimal commas, thousands dots, Windows-1252', async () => {
    const bytes = windows1252(table(';', germanNumber));
    expect(bytes.includes(Buffer.from('1.250.000;'))).toBe(true);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(await contractsOf(bytes)).toEqual(expected);
    const read = await readImportFile(bytes, IMPORT_READ_OPTIONS);
    expect(read.ok && read.table.description).toBe('CSV, semicolon-separated, Windows-1252');
  });

  it('reads Excel’s French CSV: decimal commas and no-break spaces between thousands', async () => {
    const french = (value: number) => germanNumber(value).replaceAll('.', '\u00a0');
    expect(await contractsOf(windows1252(table(';', french)))).toEqual(expected);
  });

  it('reads Swiss apostrophes between thousands with a decimal point', async () => {
    const swiss = (value: number) => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, "'");
    expect(await contractsOf(Buffer.from(table(';', swiss), 'utf8'))).toEqual(expected);
  });

  it('reads “CSV UTF-8”, which starts with a byte order mark', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(table(','), 'utf8')]);
    expect(await contractsOf(bytes)).toEqual(expected);
    expect(decode(bytes).encoding).toBe('UTF-8 with BOM');
  });

  it('reads tab-separated cells copied from a spreadsheet, and Excel’s UTF-16 “Unicode text”', async () => {
    expect(await contractsOf(table('\t'))).toEqual(expected);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(table('\t'), 'utf16le')]);
    expect(await contractsOf(utf16)).toEqual(expected);
  });

  it('honours Excel’s sep= line and keeps line numbers as the file has them', async () => {
    const text = `sep=;\r\n${table(';', germanNumber)}`;
    expect(await contractsOf(text)).toEqual(expected);
    const result = await plan(text);
    expect(result.ok && result.contracts.map((contract) => contract.line)).toEqual([3, 5]);
  });

  it('reads the first sheet of a workbook, numbers and dates as typed', async () => {
    expect(await contractsOf(await xlsx(workbookRows()))).toEqual(expected);
  });

  it('reads the sheet named in the dry run, whatever its case', async () => {
    const bytes = await xlsx(workbookRows(), { sheet: 'Verträge 2026', before: ['Notes'] });
    expect(await contractsOf(bytes, 'verträge 2026')).toEqual(expected);
  });

  it('reads a workbook whose numbers were typed as text with decimal commas', async () => {
    const rows = workbookRows().map((row, index) =>
      index === 0
        ? row
        : row.map((cell, column) => (NUMERIC.has(HEADER[column]!) ? germanNumber(cell as number) : cell)),
    );
    expect(await contractsOf(await xlsx(rows))).toEqual(expected);
  });
});

describe('a malformed file of each kind says where', () => {
  const errorsOf = async (file: string | Buffer, sheet?: string) => {
    const result = await plan(file, OPTIONS, sheet);
    if (result.ok) throw new Error('expected the import to be refused');
    return result.errors;
  };

  it('semicolon CSV in Windows-1252: an unclosed quote, by line and field', async () => {
    const text = `${table(';', germanNumber)}CT-9;"Büro ohne Ende;x\r\n`;
    expect(await errorsOf(windows1252(text))).toEqual([
      { line: 5, column: null, message: expect.stringMatching(/^Field 2: a quoted field opened here is never closed/) },
    ]);
  });

  it('CSV with a byte order mark: a day that does not exist, by line and column', async () => {
    const text = table(',').replace('2026-04-01', '2026-02-30');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    expect(await errorsOf(bytes)).toEqual([
      { line: 4, column: 'start_date', message: expect.stringContaining('that day does not exist') },
    ]);
  });

  it('tab-separated: a row with too few cells, by line', async () => {
    const text = `${table('\t')}CT-9\tshort\r\n`;
    expect(await errorsOf(text)).toEqual([
      { line: 5, column: null, message: expect.stringMatching(/2 fields but the header has 20/) },
    ]);
  });

  it('.xlsx: a word in a number cell and a formula error, by sheet and cell', async () => {
    const rows = workbookRows();
    rows[2]![HEADER.indexOf('target')] = 'viel';
    const result = await plan(await xlsx(rows));
    expect(!result.ok && result.errors).toEqual([
      {
        line: 3,
        column: 'target',
        sheet: 'Contracts',
        cell: 'O3',
        message: expect.stringContaining('"viel" is not a number'),
      },
    ]);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Contracts');
    for (const row of workbookRows()) sheet.addRow(row);
    sheet.getCell('D2').value = { formula: '1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue;
    const broken = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await errorsOf(broken)).toEqual([
      { line: 2, column: null, sheet: 'Contracts', cell: 'D2', message: expect.stringContaining('#DIV/0!') },
    ]);
  });

  it('.xlsx: a sheet that is not there is named with the sheets that are', async () => {
    const bytes = await xlsx(workbookRows(), { before: ['Notes'] });
    expect(await errorsOf(bytes, 'Contratti')).toEqual([
      {
        line: 1,
        column: null,
        message: 'The workbook has no sheet named "Contratti"; its sheets are "Notes", "Contracts".',
      },
    ]);
  });

  it('an old .xls workbook and a broken .xlsx are refused with what to do', async () => {
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await errorsOf(xls))[0]!.message).toMatch(/save it as Excel Workbook \(\.xlsx\) or as CSV/);
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]);
    expect((await errorsOf(broken))[0]!.message).toMatch(/cannot be opened; save it again as \.xlsx or as CSV/);
  });
});

describe('a decimal comma that could be a thousands separator', () => {
  /** One contract whose only fractional-looking number is 1.250: 1.25 or 1250? */
  const ambiguous = () => {
    const overrides: Record<string, string> = {
      value: '1.250',
      baseline: '98',
      target: '100',
      warning: '99',
      breach: '98',
    };
    const row = ROWS[2]!.map((cell, index) => overrides[HEADER[index]!] ?? String(cell));
    return `${HEADER.join(';')}\r\n${row.join(';')}\r\n`;
  };

  it('is asked about, not guessed', async () => {
    const result = await plan(ambiguous());
    expect(result).toEqual({
      ok: false,
      question: {
        kind: 'decimal-mark',
        examples: [{ line: 2, column: 'value', text: '1.250', asPoint: 1.25, asComma: 1250 }],
      },
      errors: [
        {
          line: 2,
          column: 'value',
          message: expect.stringMatching(
            /^"1\.250" could be 1\.25 \(a decimal point \(99\.5\)\) or 1250 \(a decimal comma/,
          ),
        },
      ],
    });
  });

  it('reads as the person answers', async () => {
    const comma = await plan(ambiguous(), { ...OPTIONS, decimalMark: 'comma' });
    expect(comma.ok && comma.contracts[0]!.contract.value.amount).toBe(1250);
    const point = await plan(ambiguous(), { ...OPTIONS, decimalMark: 'point' });
    expect(point.ok && point.contracts[0]!.contract.value.amount).toBe(1.25);
  });

  it('is settled by another number in the file that reads one way only', async () => {
    const settled = ambiguous().replace(';1;monthly', ';1,5;monthly');
    const result = await plan(settled);
    expect(result.ok && result.contracts[0]!.contract.value.amount).toBe(1250);
    expect(result.ok && result.decimalMark).toBe('comma');
  });

  it('refuses a file that mixes decimal points and commas, naming both', async () => {
    const mixed = table(';', germanNumber).replace('88,5', '88.5');
    const result = await plan(mixed);
    expect(!result.ok && result.errors).toEqual([
      {
        line: 2,
        column: 'value',
        message: expect.stringMatching(/decimal comma, but "88\.5" on line 2 \(baseline\) with a decimal point/),
      },
    ]);
  });
});
