import { StewardError } from '../domain/errors';
import type { Contract } from '../domain/types';
import {
  columnLetter,
  IMPORT_READ_OPTIONS,
  type ImportedContract,
  planImport,
  problemPlace,
} from '../reports/contract-import';
import { type ImportTable, readImportFile } from '../reports/import-file';
import { recordRefusal } from './authorization';
import type { ServiceDeps } from './deps';
import { contractCreateInput, kpiInput, parseInput } from './inputs';
import type { Actor, ImportOptions, ImportProblem, ImportReport, ImportsApi } from './service-api';

/** A file larger than this is not a contract list someone typed into a spreadsheet. */
const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
/** How many problems the refusal of a real import spells out; the dry run lists them all. */
const PROBLEMS_IN_MESSAGE = 10;

/** The columns of the file that hold what the chat forms call these fields. */
const CONTRACT_COLUMNS: Record<string, string> = {
  reference: 'contract_ref',
  title: 'title',
  category: 'category',
  vendorName: 'vendor',
  value: 'value',
  currency: 'currency',
  startDate: 'start_date',
  endDate: 'end_date',
  timezone: 'timezone',
  owners: 'owner_email',
};
const KPI_COLUMNS: Record<string, string> = {
  key: 'kpi_key',
  name: 'kpi_name',
  unit: 'unit',
  kind: 'kind',
  direction: 'direction',
  baseline: 'baseline',
  target: 'target',
  warningThreshold: 'warning',
  breachThreshold: 'breach',
  weight: 'weight',
  cadence: 'cadence',
  respondent: 'respondent',
  evidenceRequired: 'evidence_required',
  vendorVisible: 'vendor_visible',
};

/**
 * Importing contracts and their KPIs from CSV or a spreadsheet. Everything is checked before anything is written: the
 * file's own rules (reports/contract-import.ts) and then the rules the chat forms apply, so an
 * imported contract is one that could have been typed in. Imported contracts start as drafts.
 */
export class ImportsService implements ImportsApi {
  constructor(private readonly deps: ServiceDeps) {}

  async importContracts(actor: Actor, file: string | Uint8Array, options: ImportOptions): Promise<ImportReport> {
    const { store, settings } = this.deps;
    const dryRun = options.dryRun !== false;
    if (actor.external) {
      await recordRefusal(this.deps, actor, 'import-contracts');
      throw new StewardError('forbidden', 'Importing contracts is for the contract team.');
    }
    const size = typeof file === 'string' ? Buffer.byteLength(file, 'utf8') : file?.byteLength;
    const empty = typeof file === 'string' ? file.trim() === '' : !(file instanceof Uint8Array) || size === 0;
    if (empty) {
      throw new StewardError(
        'validation',
        'The file is empty: upload a CSV or .xlsx with a header row and one row per KPI.',
        { fieldErrors: { file: 'is empty' } },
      );
    }
    if (size > MAX_IMPORT_BYTES) {
      throw new StewardError('validation', 'The file is larger than 2 MB; split it into several imports.', {
        fieldErrors: { file: 'is larger than 2 MB' },
      });
    }
    if (options.decimalMark !== undefined && options.decimalMark !== 'point' && options.decimalMark !== 'comma') {
      throw new StewardError(
        'validation',
        'Say whether the file uses a decimal point (99.5) or a decimal comma (99,5).',
        {
          fieldErrors: { decimalMark: 'is point or comma' },
        },
      );
    }

    const read = await readImportFile(file, { ...IMPORT_READ_OPTIONS, sheet: options.sheet });
    if (!read.ok) {
      const errors = read.problems.map((problem) => ({ ...problem, column: null }));
      if (dryRun) return { dryRun: true, ok: false, contracts: [], errors };
      throw refusal(errors);
    }
    const existingRefs = new Set(await store.contracts.references());
    const plan = planImport(read.table, {
      existingRefs,
      defaultTimezone: settings.defaultTimezone,
      decimalMark: options.decimalMark,
    });
    const planned = plan.ok ? plan.contracts.map(withChatRules) : [];
    const errors: ImportProblem[] = plan.ok
      ? inSheet(
          read.table,
          planned.flatMap((entry) => entry.problems),
        )
      : plan.errors;
    errors.sort((a, b) => a.line - b.line);
    const contracts = planned.map(({ imported }) => ({
      reference: imported.contract.reference,
      title: imported.contract.title,
      line: imported.line,
      kpis: imported.kpis.length,
    }));
    const format = `${read.table.description}${plan.ok && read.table.format === 'csv' ? `, ${plan.decimalMark === 'comma' ? 'decimal comma' : 'decimal point'}` : ''}`;
    const question = !plan.ok && plan.question ? { question: plan.question } : {};
    const sheets =
      read.table.sheet && read.table.sheets && read.table.sheets.length > 1
        ? { sheets: { read: read.table.sheet, all: read.table.sheets } }
        : {};
    if (dryRun) return { dryRun: true, ok: errors.length === 0, contracts, errors, format, ...sheets, ...question };
    if (errors.length > 0) throw refusal(errors);

    // Written together (a few commands whatever the number of contracts: a portfolio of 300 took a minute one
    // contract at a time, past what a person waits for a button); a failure undoes all of it, so nothing is
    // half-imported.
    try {
      await store.contracts.createMany(
        planned.map(({ imported }) => ({
          contract: imported.contract,
          kpis: imported.kpis.map(({ key, line: _line, ...definition }) => ({ key, definition })),
        })),
        { by: actor.person },
      );
    } catch (error) {
      const reason = error instanceof StewardError ? error.userMessage : 'the database did not accept it.';
      throw new StewardError(
        error instanceof StewardError && error.code === 'conflict' ? 'conflict' : 'unavailable',
        `Importing stopped: ${reason} Nothing was imported; fix this and import the file again.`,
        { cause: error },
      );
    }
    await store.audit.appendMany(
      planned.map(({ imported }) => ({
        contractRef: imported.contract.reference,
        actor: actor.person,
        surface: 'import' as const,
        action: 'contract.created' as const,
        entityType: 'contract',
        entityId: imported.contract.reference,
        after: {
          ...imported.contract,
          kpis: imported.kpis.map(({ line: _line, ...kpi }) => kpi),
          importedFromLine: imported.line,
        },
      })),
    );
    return { dryRun: false, ok: true, contracts, errors: [], format, ...sheets };
  }
}

/**
 * The chat forms' rules on top of the file's: references in capitals (as chat commands read them),
 * lengths, KPI ranges per kind, and vendor-answered KPIs visible to the vendor.
 */
function withChatRules(imported: ImportedContract): { imported: ImportedContract; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const { contract } = imported;
  const report = (line: number, columns: Record<string, string>, error: unknown) => {
    if (!(error instanceof StewardError)) throw error;
    const seen = new Set<string>();
    for (const [path, message] of Object.entries(error.fieldErrors)) {
      const column = columns[path.split('.')[0]!] ?? null;
      if (seen.has(`${column}|${message}`)) continue;
      seen.add(`${column}|${message}`);
      problems.push({ line, column, message });
    }
  };

  let timezone = contract.timezone;
  try {
    const parsed = parseInput(contractCreateInput, {
      reference: contract.reference,
      title: contract.title,
      category: contract.category,
      vendorName: contract.vendor.name,
      value: contract.value.amount,
      currency: contract.value.currency,
      startDate: contract.startDate,
      endDate: contract.endDate,
      timezone: contract.timezone,
      owners: contract.governance.owner,
    });
    timezone = parsed.timezone ?? timezone;
    if (parsed.reference !== contract.reference) {
      problems.push({
        line: imported.line,
        column: 'contract_ref',
        message: `Write the reference "${contract.reference}" in capitals, as ${parsed.reference}: chat commands read references in capitals.`,
      });
    }
  } catch (error) {
    report(imported.line, CONTRACT_COLUMNS, error);
  }
  for (const kpi of imported.kpis) {
    const { line, ...definition } = kpi;
    try {
      parseInput(kpiInput, definition);
    } catch (error) {
      report(line, KPI_COLUMNS, error);
    }
  }
  const ready: Contract = {
    ...contract,
    timezone,
    // As a contract created in chat: the owners are told first when something escalates.
    escalationPath:
      contract.escalationPath.length > 0
        ? contract.escalationPath
        : [{ level: 1, role: 'owner', people: [], ackWithinHours: 24 }],
  };
  return { imported: { ...imported, contract: ready }, problems };
}

function refusal(errors: ImportProblem[]): StewardError {
  const shown = errors.slice(0, PROBLEMS_IN_MESSAGE).map((error) => `${problemPlace(error)}: ${error.message}`);
  const more = errors.length > PROBLEMS_IN_MESSAGE ? ` …and ${errors.length - PROBLEMS_IN_MESSAGE} more.` : '';
  const fieldErrors: Record<string, string> = {};
  for (const error of errors)
    fieldErrors[`line ${error.line}${error.column ? ` ${error.column}` : ''}`] ??= error.message;
  return new StewardError(
    'validation',
    `Nothing was imported: ${errors.length} problem${errors.length === 1 ? '' : 's'} in the file. ${shown.join(' ')}${more} Fix them and import again; a dry run checks the file without importing it.`,
    { fieldErrors },
  );
}

/** In a spreadsheet, the chat forms' problems are placed at their sheet and cell, as the file's own are. */
function inSheet(table: ImportTable, problems: ImportProblem[]): ImportProblem[] {
  if (table.format !== 'xlsx' || !table.sheet) return problems;
  const sheet = table.sheet;
  const header = (table.records[0]?.fields ?? []).map(IMPORT_READ_OPTIONS.normalizeHeader);
  return problems.map((problem) => {
    if (problem.sheet) return problem;
    const index = problem.column === null ? -1 : header.indexOf(problem.column);
    return { ...problem, sheet, ...(index >= 0 ? { cell: `${columnLetter(index)}${problem.line}` } : {}) };
  });
}
