import fc from 'fast-check';
import { parseCsv, toCsv } from '../../src/reports/csv';

function fieldsOf(text: string): string[][] {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(`unexpected syntax error: ${JSON.stringify(result.error)}`);
  return result.records.map((record) => record.fields);
}

describe('toCsv', () => {
  it('writes CRLF-terminated records and quotes only fields that need it', () => {
    expect(
      toCsv(
        ['name', 'note'],
        [
          ['Acme, Inc.', 'said "fine"'],
          ['Plain', 'two\nlines'],
        ],
      ),
    ).toBe('name,note\r\n"Acme, Inc.","said ""fine"""\r\nPlain,"two\nlines"\r\n');
  });

  it('writes dates as ISO instants, numbers as numbers and absent values as empty fields', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [[new Date('2026-11-30T09:00:00Z'), -12.5, null, true]])).toBe(
      'a,b,c,d\r\n2026-11-30T09:00:00.000Z,-12.5,,true\r\n',
    );
  });

  it.each([
    ['=HYPERLINK("http://evil","click")', `"'=HYPERLINK(""http://evil"",""click"")"`],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    // A fullwidth equals sign, which some spreadsheets fold to '=', and invisible characters in front.
    ['\uFF1DHYPERLINK(1)', "'\uFF1DHYPERLINK(1)"],
    ['\u200B=1+1', "'\u200B=1+1"],
    ['\uFEFF+cmd', "'\uFEFF+cmd"],
    ['\u2060@SUM(A1)', "'\u2060@SUM(A1)"],
  ])('neutralizes text that a spreadsheet would run as a formula: %s', (text, written) => {
    expect(toCsv(['x'], [[text]])).toBe(`x\r\n${written}\r\n`);
  });

  it('leaves negative numbers alone, typed or as numeric text', () => {
    expect(toCsv(['x', 'y'], [[-5, '-12.5']])).toBe('x,y\r\n-5,-12.5\r\n');
  });

  it('writes a record of one empty field as "" so it is not read as a blank line', () => {
    expect(fieldsOf(toCsv(['x'], [[''], ['a']]))).toEqual([['x'], [''], ['a']]);
  });
});

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes and newlines inside quotes, and numbers records by their first line', () => {
    const result = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",z\r\nlast,row');
    expect(result).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['x, y', 'say "hi"'] },
        { line: 3, fields: ['multi\nline', 'z'] },
        { line: 5, fields: ['last', 'row'] },
      ],
    });
  });

  it('drops a byte order mark, accepts LF and CR line ends and skips blank lines', () => {
    expect(fieldsOf('\uFEFFa,b\n1,2\r\n\r\n3,4\r5,6\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(fieldsOf('a,,c,\n')).toEqual([['a', '', 'c', '']]);
  });

  it('reports a quote in the middle of an unquoted field with its line and column', () => {
    expect(parseCsv('a,b\nok,ab"c\n')).toEqual({
      ok: false,
      error: { line: 2, column: 6, message: expect.stringMatching(/wrap the field in quotes and double the quote/) },
    });
  });

  it('reports text after a closing quote', () => {
    expect(parseCsv('"abc"def,x')).toMatchObject({ ok: false, error: { line: 1, column: 6 } });
  });

  it('reports a quoted field that never closes at the line and column where it opens', () => {
    expect(parseCsv('a,b\n1,"open\nstill open\n')).toMatchObject({
      ok: false,
      error: { line: 2, column: 3, message: expect.stringMatching(/never closed/) },
    });
  });

  it('reads back what toCsv wrote, for any text including quotes, commas and newlines', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '=', '-', 'é', '\u{1F600}') });
    fc.assert(
      fc.property(
        fc
          .array(text, { minLength: 1, maxLength: 4 })
          .chain((headers) =>
            fc.tuple(
              fc.constant(headers),
              fc.array(fc.array(text, { minLength: headers.length, maxLength: headers.length })),
            ),
          ),
        ([headers, rows]) => {
          const written = toCsv(headers, rows, { neutralizeFormulas: false });
          expect(fieldsOf(written)).toEqual([headers, ...rows]);
        },
      ),
    );
  });

  it('round-trips with formula neutralization too, changing only risky text by a leading quote', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (row) => {
        const [, read] = fieldsOf(
          toCsv(
            row.map((_, index) => `c${index}`),
            [row],
          ),
        );
        read!.forEach((field, index) => {
          const original = row[index]!;
          expect(field === original || field === `'${original}`).toBe(true);
          if (field !== original) expect(original).toMatch(/^[=+\-@\t\r]/);
        });
      }),
    );
  });
});
