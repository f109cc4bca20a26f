/**
 * Importing contracts and their KPIs from a CSV file or a spreadsheet, one row per KPI (import-file.ts
 * reads the file: encoding, separator, sheet).
 *
 * Planning is separate from writing: `planImport` reads and checks the whole file and either returns
 * every contract ready to create, or every problem found, each with its line, column and a sentence
 * on how to write it. The caller creates nothing unless the plan is ok, so a file never half-imports,
 * and a dry run is just `planImport`.
 */
import { type ThresholdField, validateThresholds } from '../domain/evaluation';
import { isValidIsoDate, isValidTimezone } from '../domain/local-time';
import { currencyExponent } from '../domain/service-credits';
import {
  type Cadence,
  type Contract,
  DIRECTIONS,
  type Direction,
  KPI_KINDS,
  type KpiDefinition,
  type KpiKind,
  type Person,
  RESPONDENTS,
  type Respondent,
} from '../domain/types';
import { type ImportTable, readCsvText, type TableRecord } from './import-file';
import {
  type DecimalMark,
  decideDecimalMark,
  decimalMarkName,
  type NumberSample,
  parseLocaleNumber,
} from './locale-number';

export interface ImportColumn {
  name: string;
  /** Contract columns repeat on every row of a contract and must agree; KPI columns describe the row's KPI. */
  level: 'contract' | 'kpi';
  required: boolean;
  /** How to write it, quoted in error messages. */
  help: string;
}

export const CONTRACT_IMPORT_COLUMNS: readonly ImportColumn[] = [
  { name: 'contract_ref', level: 'contract', required: true, help: 'a reference such as CT-2026-014' },
  { name: 'title', level: 'contract', required: true, help: 'the contract title' },
  { name: 'vendor', level: 'contract', required: true, help: 'the vendor name' },
  { name: 'value', level: 'contract', required: true, help: 'the contract value, e.g. 1250000.00' },
  { name: 'currency', level: 'contract', required: true, help: 'an ISO 4217 code such as EUR' },
  { name: 'start_date', level: 'contract', required: true, help: 'YYYY-MM-DD, e.g. 2026-01-01' },
  { name: 'end_date', level: 'contract', required: true, help: 'YYYY-MM-DD, e.g. 2027-12-31' },
  { name: 'timezone', level: 'contract', required: false, help: 'an IANA name such as Europe/Berlin' },
  { name: 'category', level: 'contract', required: false, help: 'a category such as IT services' },
  { name: 'owner_email', level: 'contract', required: false, help: 'the owner’s email address' },
  { name: 'owner_slack_id', level: 'contract', required: false, help: 'the owner’s Slack user id, e.g. U024BE7LH' },
  { name: 'kpi_key', level: 'kpi', required: true, help: 'a short key such as uptime or first-response' },
  { name: 'kpi_name', level: 'kpi', required: true, help: 'the KPI name people see' },
  { name: 'unit', level: 'kpi', required: false, help: 'the unit, e.g. % or h' },
  { name: 'kind', level: 'kpi', required: true, help: KPI_KINDS.join(', ') },
  { name: 'direction', level: 'kpi', required: true, help: DIRECTIONS.join(' or ') },
  { name: 'baseline', level: 'kpi', required: true, help: 'the value when the contract started' },
  { name: 'target', level: 'kpi', required: true, help: 'the value the vendor aims for' },
  { name: 'warning', level: 'kpi', required: true, help: 'the value at which the KPI turns amber' },
  { name: 'breach', level: 'kpi', required: true, help: 'the value at which the KPI turns red' },
  { name: 'weight', level: 'kpi', required: false, help: 'a weight above 0 (default 1)' },
  {
    name: 'cadence',
    level: 'kpi',
    required: true,
    help: 'weekly, monthly, quarterly, or milestones:2026-03-31;2026-06-30',
  },
  { name: 'respondent', level: 'kpi', required: true, help: RESPONDENTS.join(' or ') },
  { name: 'evidence_required', level: 'kpi', required: false, help: 'yes or no (default no)' },
  // Default no: a KPI shown to the vendor by mistake cannot be unshown, one hidden by mistake can be shared later.
  { name: 'vendor_visible', level: 'kpi', required: false, help: 'yes or no (default no)' },
];

/** The owner may be named by either identity; at least one of these columns must be in the header. */
const OWNER_COLUMNS = ['owner_email', 'owner_slack_id'] as const;

export interface ImportError {
  /** 1-based line in the file; the row number in a spreadsheet. */
  line: number;
  /** The column's name in the header; null for a problem with the whole row or file. */
  column: string | null;
  message: string;
  /** In a spreadsheet: the sheet and the cell, such as D7. */
  sheet?: string;
  cell?: string;
}

export interface ImportedKpi extends KpiDefinition {
  key: string;
  /** The line the KPI was read from. */
  line: number;
}

export interface ImportedContract {
  /** The first line of the contract's rows. */
  line: number;
  /** Imported contracts start as drafts: governance, escalation path and channels are set in Steward. */
  contract: Contract;
  kpis: ImportedKpi[];
}

/** A question the file raises that only the person can answer; the import waits for the answer. */
export interface DecimalMarkQuestion {
  kind: 'decimal-mark';
  /** Numbers that read differently with a decimal point and a decimal comma. */
  examples: Array<{ line: number; column: string; text: string; asPoint: number; asComma: number }>;
}

export type ImportPlan =
  | { ok: true; contracts: ImportedContract[]; decimalMark: DecimalMark }
  | { ok: false; errors: ImportError[]; question?: DecimalMarkQuestion };

export interface ImportOptions {
  /** References of contracts that already exist; importing one again is refused. */
  existingRefs: ReadonlySet<string>;
  /** For rows that leave timezone empty. */
  defaultTimezone: string;
  /** The decimal mark the person said the file uses; asked when the file leaves it open. */
  decimalMark?: DecimalMark;
}

const CONTRACT_REF = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const KPI_KEY = /^[a-z0-9][a-z0-9_-]{0,39}$/;
/** The columns that hold numbers, whose decimal mark the file decides. */
const NUMBER_COLUMNS = ['value', 'baseline', 'target', 'warning', 'breach', 'weight'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const COLUMN_ORDER = new Map(CONTRACT_IMPORT_COLUMNS.map((column, index) => [column.name, index]));
const THRESHOLD_COLUMNS: Record<ThresholdField, string> = {
  baseline: 'baseline',
  target: 'target',
  warningThreshold: 'warning',
  breachThreshold: 'breach',
};

interface ContractFields {
  reference: string;
  title: string;
  vendor: string;
  value?: number;
  currency?: string;
  startDate?: string;
  endDate?: string;
  timezone?: string;
  category?: string;
  owner: Person;
}

interface ParsedRow {
  line: number;
  /** Numbers as read with the file's decimal mark, by column. */
  numbers: Map<string, number>;
  raw: Map<string, string>;
  contract: ContractFields;
  kpi: Partial<ImportedKpi>;
}

export function planImport(input: string | ImportTable, options: ImportOptions): ImportPlan {
  let table: ImportTable;
  if (typeof input === 'string') {
    const read = readCsvText(input, 'text', IMPORT_READ_OPTIONS);
    if (!read.ok) return { ok: false, errors: read.problems.map((problem) => ({ ...problem, column: null })) };
    table = read.table;
  } else {
    table = input;
  }
  const [headerRecord, ...records] = table.records;
  if (!headerRecord) {
    return { ok: false, errors: [{ line: 1, column: null, message: 'The file is empty; start with a header row.' }] };
  }
  // A spreadsheet problem names its cell, such as D7, where the person will look for it.
  const at = (line: number, column: string | null): Pick<ImportError, 'sheet' | 'cell'> => {
    if (table.format !== 'xlsx') return {};
    const index = column === null ? -1 : header.indexOf(column);
    return { sheet: table.sheet, ...(index >= 0 ? { cell: `${columnLetter(index)}${line}` } : {}) };
  };

  const header = headerRecord.fields.map(normalizeHeader);
  const headerErrors = checkHeader(header, headerRecord.line);
  if (headerErrors.length > 0)
    return { ok: false, errors: headerErrors.map((error) => ({ ...error, ...at(error.line, error.column) })) };
  if (records.length === 0) {
    return {
      ok: false,
      errors: [
        { line: headerRecord.line, column: null, message: 'There are no rows below the header; add one row per KPI.' },
      ],
    };
  }

  const marked = decimalMarkOf(table, header, records, options.decimalMark);
  if ('errors' in marked) return marked;
  const mark = marked.mark;

  const errors: ImportError[] = [];
  const rows: ParsedRow[] = [];
  for (const record of records) {
    if (record.fields.length !== header.length) {
      errors.push({
        line: record.line,
        column: null,
        message: `This row has ${record.fields.length} fields but the header has ${header.length}; wrap text that contains the separator in double quotes.`,
        ...at(record.line, null),
      });
      continue;
    }
    const raw = new Map(header.map((name, index) => [name, record.fields[index]!.trim()]));
    const typed = new Map<string, number>();
    for (const [index, value] of record.numbers ?? []) typed.set(header[index]!, value);
    rows.push(
      parseRow(record.line, raw, typed, mark, options, (column, message) =>
        errors.push({ line: record.line, column, message, ...at(record.line, column) }),
      ),
    );
  }

  const contracts = new Map<string, ParsedRow[]>();
  for (const row of rows) {
    if (!row.contract.reference) continue;
    const group = contracts.get(row.contract.reference) ?? [];
    group.push(row);
    contracts.set(row.contract.reference, group);
  }

  for (const [reference, group] of contracts) {
    const first = group[0]!;
    if (options.existingRefs.has(reference)) {
      errors.push({
        line: first.line,
        column: 'contract_ref',
        message: `Contract ${reference} already exists; remove its rows, or change it in Steward rather than importing it again.`,
        ...at(first.line, 'contract_ref'),
      });
    }
    for (const row of group.slice(1)) {
      for (const column of CONTRACT_IMPORT_COLUMNS) {
        if (column.level !== 'contract' || !header.includes(column.name)) continue;
        const mine = comparable(column.name, row);
        const theirs = comparable(column.name, first);
        if (mine !== theirs) {
          errors.push({
            line: row.line,
            column: column.name,
            message: `Contract ${reference} has ${column.name} "${first.raw.get(column.name)}" on line ${first.line} but "${row.raw.get(column.name)}" here; repeat the same value on every row of a contract.`,
            ...at(row.line, column.name),
          });
        }
      }
    }
    const firstLineOfKey = new Map<string, number>();
    for (const row of group) {
      const key = row.kpi.key;
      if (!key) continue;
      const earlier = firstLineOfKey.get(key);
      if (earlier === undefined) firstLineOfKey.set(key, row.line);
      else {
        errors.push({
          line: row.line,
          column: 'kpi_key',
          message: `Contract ${reference} already has a KPI ${key} on line ${earlier}; give each KPI of a contract its own key.`,
          ...at(row.line, 'kpi_key'),
        });
      }
    }
  }

  if (errors.length > 0) {
    const order = (column: string | null) => (column === null ? -1 : (COLUMN_ORDER.get(column) ?? 99));
    errors.sort((a, b) => a.line - b.line || order(a.column) - order(b.column));
    return { ok: false, errors };
  }
  return { ok: true, contracts: [...contracts.values()].map((group) => assemble(group[0]!, group)), decimalMark: mark };
}

/** How import-file.ts reads a CSV of this import: knowing the columns tells which separator the header uses. */
export const IMPORT_READ_OPTIONS = {
  knownColumns: new Set(CONTRACT_IMPORT_COLUMNS.map((column) => column.name)),
  normalizeHeader: (name: string) => normalizeHeader(name),
};

/**
 * The file's decimal mark: the person's answer if given, else what the numbers say; a file whose
 * numbers leave it open is asked about, never guessed.
 */
function decimalMarkOf(
  table: ImportTable,
  header: string[],
  records: TableRecord[],
  answered: DecimalMark | undefined,
): { mark: DecimalMark } | { ok: false; errors: ImportError[]; question?: DecimalMarkQuestion } {
  if (answered) return { mark: answered };
  const samples: NumberSample[] = [];
  for (const record of records) {
    header.forEach((column, index) => {
      const text = record.fields[index]?.trim();
      if (!NUMBER_COLUMNS.includes(column) || !text || record.numbers?.has(index)) return;
      samples.push({ line: record.line, column, text });
    });
  }
  const decision = decideDecimalMark(samples);
  if ('mark' in decision) return decision;
  const cell = (sample: NumberSample) =>
    table.format === 'xlsx'
      ? { sheet: table.sheet, cell: `${columnLetter(header.indexOf(sample.column))}${sample.line}` }
      : {};
  if ('mixed' in decision) {
    const { point, comma } = decision.mixed;
    return {
      ok: false,
      errors: [
        {
          line: comma.line,
          column: comma.column,
          message: `"${comma.text}" is written with a decimal comma, but "${point.text}" on line ${point.line} (${point.column}) with a decimal point; write every number of the file the same way.`,
          ...cell(comma),
        },
      ],
    };
  }
  const examples = decision.ambiguous.slice(0, 5);
  return {
    ok: false,
    question: { kind: 'decimal-mark', examples },
    errors: examples.map((example) => ({
      line: example.line,
      column: example.column,
      message: `"${example.text}" could be ${formatPlain(example.asPoint)} (${decimalMarkName('point')}) or ${formatPlain(example.asComma)} (${decimalMarkName('comma')}); say which decimal mark this file uses and check it again.`,
      ...cell(example),
    })),
  };
}

/**
 * A workbook with several sheets, in words: which was read and which others there are (names as the person
 * typed them into Excel, quoted). The surfaces add how to choose one.
 */
export function sheetsReadText(sheets: { read: string; all: readonly string[] }): string {
  const others = sheets.all.filter((name) => name !== sheets.read);
  const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ');
  return `Read sheet "${sheets.read}", the ${ordinal(sheets.all.indexOf(sheets.read) + 1)} of ${sheets.all.length}; the others: ${quoted(others)}.`;
}

function ordinal(n: number): string {
  const words = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
  return words[n - 1] ?? `${n}th`;
}

/** Where a problem is, as a person finds it: "Line 3, value", or in a spreadsheet "Sheet Contracts, cell D3 (value)". */
export function problemPlace(problem: { line: number; column: string | null; sheet?: string; cell?: string }): string {
  if (problem.sheet) {
    const cell = problem.cell
      ? `cell ${problem.cell}${problem.column ? ` (${problem.column})` : ''}`
      : `row ${problem.line}`;
    return `Sheet ${problem.sheet}, ${cell}`;
  }
  return `Line ${problem.line}${problem.column ? `, ${problem.column}` : ''}`;
}

/**
 * The question a file whose numbers leave the decimal mark open asks, in words both surfaces show; each adds
 * how to answer it there.
 */
export function decimalMarkQuestionText(question: DecimalMarkQuestion): string {
  const [first, ...rest] = question.examples;
  if (!first) return 'Which decimal mark does this file use?';
  const more = rest.length > 0 ? ` (and ${rest.length} more number${rest.length === 1 ? '' : 's'} like it)` : '';
  return `Which decimal mark does this file use? "${first.text}" on line ${first.line} (${first.column}) is ${formatPlain(first.asPoint)} with a decimal point, or ${formatPlain(first.asComma)} with a decimal comma${more}.`;
}

function formatPlain(value: number): string {
  return Number(value.toPrecision(12)).toString();
}

/** A, B, …, Z, AA: the letters of a 0-based spreadsheet column. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

/** Spreadsheet users write "Contract Ref" or "contract-ref"; all mean contract_ref. */
function normalizeHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function checkHeader(header: string[], line: number): ImportError[] {
  const errors: ImportError[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    if (!COLUMN_ORDER.has(name)) {
      errors.push({
        line,
        column: name,
        message: `"${name}" is not a column I know; the columns are ${CONTRACT_IMPORT_COLUMNS.map((column) => column.name).join(', ')}.`,
      });
    } else if (seen.has(name)) {
      errors.push({ line, column: name, message: `The column ${name} appears twice; keep one.` });
    }
    seen.add(name);
  }
  for (const column of CONTRACT_IMPORT_COLUMNS) {
    if (column.required && !seen.has(column.name)) {
      errors.push({
        line,
        column: column.name,
        message: `The header has no ${column.name} column; add it and fill it with ${column.help}.`,
      });
    }
  }
  if (!OWNER_COLUMNS.some((name) => seen.has(name))) {
    errors.push({
      line,
      column: OWNER_COLUMNS[0],
      message: `The header needs an ${OWNER_COLUMNS.join(' or an ')} column to say who owns each contract.`,
    });
  }
  return errors;
}

function parseRow(
  line: number,
  raw: Map<string, string>,
  typed: Map<string, number>,
  mark: DecimalMark,
  options: ImportOptions,
  report: (column: string, message: string) => void,
): ParsedRow {
  const numbers = new Map<string, number>();
  const get = (name: string) => raw.get(name) ?? '';
  const required = (name: string): string | undefined => {
    const value = get(name);
    if (value === '') {
      const column = CONTRACT_IMPORT_COLUMNS.find((candidate) => candidate.name === name)!;
      report(name, `${name} is empty; write ${column.help}.`);
      return undefined;
    }
    return value;
  };
  const number = (name: string, what: string): number | undefined => {
    const value = required(name);
    if (value === undefined) return undefined;
    const parsed = typed.get(name) ?? parseLocaleNumber(value, mark);
    if (parsed === undefined || !Number.isFinite(parsed)) {
      report(
        name,
        mark === 'point'
          ? `"${value}" is not a number; write ${what} with a decimal point, e.g. 1250.5 or 1,250.5.`
          : `"${value}" is not a number; write ${what} with a decimal comma, as the rest of the file does, e.g. 1250,5 or 1.250,5.`,
      );
      return undefined;
    }
    numbers.set(name, parsed);
    return parsed;
  };
  const choice = <T extends string>(name: string, choices: readonly T[]): T | undefined => {
    const value = required(name)?.toLowerCase();
    if (value === undefined) return undefined;
    if (!(choices as readonly string[]).includes(value)) {
      report(name, `"${get(name)}" is not a ${name.replace('_', ' ')}; use ${choices.join(', ')}.`);
      return undefined;
    }
    return value as T;
  };
  const yesNo = (name: string): boolean => {
    const value = get(name).toLowerCase();
    if (value === '' || NO.has(value)) return false;
    if (YES.has(value)) return true;
    report(name, `"${get(name)}" is not yes or no; write yes or no.`);
    return false;
  };

  // Contract columns.
  const reference = required('contract_ref') ?? '';
  if (reference && !CONTRACT_REF.test(reference)) {
    report(
      'contract_ref',
      `"${reference}" is not a usable reference; use up to 64 letters, digits and . _ / - such as CT-2026-014.`,
    );
  }
  const currencyText = required('currency')?.toUpperCase();
  let currency: string | undefined;
  if (currencyText !== undefined) {
    if (KNOWN_CURRENCIES.has(currencyText)) currency = currencyText;
    else
      report(
        'currency',
        `"${get('currency')}" is not a currency code I know; use an ISO 4217 code such as EUR or USD.`,
      );
  }
  let value = number('value', 'the contract value');
  if (value !== undefined && value < 0) {
    report('value', `The contract value ${value} is negative; write the value as an amount of zero or more.`);
    value = undefined;
  } else if (value !== undefined && currency !== undefined && decimals(value) > currencyExponent(currency)) {
    report('value', `${get('value')} has more decimals than ${currency} uses (${currencyExponent(currency)}).`);
  }
  const startDate = date('start_date');
  const endDate = date('end_date');
  if (startDate && endDate && endDate <= startDate) {
    report(
      'end_date',
      `The end date ${endDate} is not after the start date ${startDate}; a contract must end after it starts.`,
    );
  }
  const timezone = get('timezone') || options.defaultTimezone;
  if (!isValidTimezone(timezone)) {
    report(
      'timezone',
      `"${timezone}" is not a timezone I know; use an IANA name such as Europe/Berlin or America/New_York.`,
    );
  }
  const owner: Person = {};
  const email = get('owner_email');
  if (email) {
    if (EMAIL.test(email)) owner.email = email.toLowerCase();
    else report('owner_email', `"${email}" is not an email address; write it as name@example.com.`);
  }
  const slackId = get('owner_slack_id');
  if (slackId) {
    if (SLACK_USER_ID.test(slackId)) owner.slackUserId = slackId;
    else
      report(
        'owner_slack_id',
        `"${slackId}" is not a Slack user id; copy it from the person's profile, e.g. U024BE7LH.`,
      );
  }
  if (!email && !slackId) {
    const column = raw.has('owner_email') ? 'owner_email' : 'owner_slack_id';
    report(column, 'The contract has no owner; fill owner_email or owner_slack_id.');
  }

  // KPI columns.
  const key = required('kpi_key');
  if (key !== undefined && !KPI_KEY.test(key)) {
    report(
      'kpi_key',
      `"${key}" is not a usable KPI key; use up to 40 lower-case letters, digits, - and _, e.g. first-response.`,
    );
  }
  const kind = choice<KpiKind>('kind', KPI_KINDS);
  const direction = choice<Direction>('direction', DIRECTIONS);
  const thresholds = {
    baseline: number('baseline', 'the baseline'),
    target: number('target', 'the target'),
    warningThreshold: number('warning', 'the warning threshold'),
    breachThreshold: number('breach', 'the breach threshold'),
  };
  if (
    kind &&
    direction &&
    thresholds.baseline !== undefined &&
    thresholds.target !== undefined &&
    thresholds.warningThreshold !== undefined &&
    thresholds.breachThreshold !== undefined
  ) {
    const numbers = thresholds as Record<ThresholdField, number>;
    for (const problem of validateThresholds({ kind, direction, ...numbers })) {
      report(THRESHOLD_COLUMNS[problem.field], problem.message);
    }
  }
  let weight = 1;
  if (get('weight') !== '') {
    const parsed = number('weight', 'the weight');
    if (parsed !== undefined && parsed <= 0) report('weight', `The weight ${parsed} must be above 0, e.g. 1.`);
    else if (parsed !== undefined) weight = parsed;
  }

  return {
    line,
    numbers,
    raw,
    contract: {
      reference,
      title: required('title') ?? '',
      vendor: required('vendor') ?? '',
      value,
      currency,
      startDate,
      endDate,
      timezone,
      category: get('category') || undefined,
      owner,
    },
    kpi: {
      key,
      line,
      name: required('kpi_name'),
      unit: get('unit'),
      kind,
      direction,
      ...thresholds,
      weight,
      cadence: cadence(),
      respondent: choice<Respondent>('respondent', RESPONDENTS),
      evidenceRequired: yesNo('evidence_required'),
      vendorVisible: yesNo('vendor_visible'),
    },
  };

  function date(name: string): string | undefined {
    const value = required(name);
    if (value === undefined) return undefined;
    if (!isValidIsoDate(value)) {
      const real = /^\d{4}-\d{2}-\d{2}$/.test(value) ? ', and that day does not exist in the calendar' : '';
      report(name, `"${value}" is not a date${real}; write YYYY-MM-DD with a real day, e.g. 2026-02-28.`);
      return undefined;
    }
    return value;
  }

  function cadence(): Cadence | undefined {
    const value = required('cadence')?.toLowerCase();
    if (value === undefined) return undefined;
    if (value === 'weekly' || value === 'monthly' || value === 'quarterly') return { type: value };
    const milestones = /^milestones?\s*:(.*)$/.exec(value);
    if (milestones) {
      const dates = milestones[1]!.split(/[;\s]+/).filter((part) => part !== '');
      const bad = dates.filter((day) => !isValidIsoDate(day));
      if (dates.length > 0 && bad.length === 0) return { type: 'milestones', dates: [...new Set(dates)].sort() };
      report(
        'cadence',
        bad.length > 0
          ? `The milestone date ${bad.join(', ')} is not a real day; write milestone dates as YYYY-MM-DD separated by ;.`
          : 'A milestone cadence needs dates, e.g. milestones:2026-03-31;2026-06-30.',
      );
      return undefined;
    }
    report(
      'cadence',
      `"${get('cadence')}" is not a cadence; use weekly, monthly, quarterly, or milestones:2026-03-31;2026-06-30.`,
    );
    return undefined;
  }
}

/** How contract columns are compared across rows: 1000 and 1000.00 agree, EUR and eur agree. */
function comparable(column: string, row: ParsedRow): string {
  const value = row.raw.get(column)!;
  const number = row.numbers.get(column);
  if (column === 'value' && number !== undefined) return String(number);
  if (column === 'currency' || column === 'owner_email') return value.toLowerCase();
  return value;
}

/** Decimals the amount needs: 1250.5 needs 1, 1250.555 needs 3 (read from the number, so any decimal mark). */
function decimals(value: number): number {
  const text = Number(value.toPrecision(15)).toString();
  if (text.includes('e-')) return Number(text.split('e-')[1]);
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/** Only called once the whole file is known to be free of errors, so every field is set. */
function assemble(first: ParsedRow, group: ParsedRow[]): ImportedContract {
  const fields = first.contract;
  const contract: Contract = {
    reference: fields.reference,
    title: fields.title,
    vendor: { name: fields.vendor, contacts: [] },
    value: { amount: fields.value!, currency: fields.currency! },
    startDate: fields.startDate!,
    endDate: fields.endDate!,
    status: 'draft',
    timezone: fields.timezone!,
    governance: { owner: [fields.owner] },
    escalationPath: [],
    channels: [],
    holidays: { buyer: [], vendor: [] },
  };
  if (fields.category) contract.category = fields.category;
  return { line: first.line, contract, kpis: group.map((row) => row.kpi as ImportedKpi) };
}
