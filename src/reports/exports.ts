/**
 * Exports of contracts, KPIs, scores and escalations, as CSV for spreadsheets and as JSON for other
 * systems. Columns come in a fixed order and instants are ISO 8601 in UTC, so two exports of the
 * same data are byte-identical and diff cleanly.
 *
 * The caller decides what the reader may see: pass only vendor-visible KPIs and their scores when
 * the export is for a vendor.
 */
import type { Cadence, Person } from '../domain/types';
import type { ContractRecord, EscalationRecord, KpiRecord, ScoreRecord } from '../store/records';
import { type CsvCell, toCsv } from './csv';
import { writeXlsx, type XlsxCellKind, type XlsxSheet } from './xlsx';

export interface ExportColumn<T> {
  header: string;
  value: (record: T) => CsvCell;
  /** How the workbook export types the cell; text by default. */
  kind?: XlsxCellKind;
}

export const CONTRACT_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ContractRecord>> = [
  { header: 'contract_ref', value: (contract) => contract.reference },
  { header: 'title', value: (contract) => contract.title },
  { header: 'vendor', value: (contract) => contract.vendor.name },
  { header: 'status', value: (contract) => contract.status },
  { header: 'value', value: (contract) => contract.value.amount, kind: 'money' },
  { header: 'currency', value: (contract) => contract.value.currency },
  { header: 'start_date', value: (contract) => contract.startDate, kind: 'date' },
  { header: 'end_date', value: (contract) => contract.endDate, kind: 'date' },
  { header: 'timezone', value: (contract) => contract.timezone },
  { header: 'category', value: (contract) => contract.category },
  { header: 'owners', value: (contract) => people(contract.governance.owner) },
  { header: 'period_fee', value: (contract) => contract.periodFee?.amount, kind: 'money' },
  { header: 'period_fee_currency', value: (contract) => contract.periodFee?.currency },
  { header: 'created_at', value: (contract) => contract.createdAt, kind: 'datetime' },
  { header: 'updated_at', value: (contract) => contract.updatedAt, kind: 'datetime' },
];

/** KPI columns use the import's names where they overlap, so a KPI export reads like an import file. */
export const KPI_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<KpiRecord>> = [
  { header: 'contract_ref', value: (kpi) => kpi.contractRef },
  { header: 'kpi_key', value: (kpi) => kpi.key },
  { header: 'version', value: (kpi) => kpi.version, kind: 'number' },
  { header: 'kpi_name', value: (kpi) => kpi.name },
  { header: 'unit', value: (kpi) => kpi.unit },
  { header: 'kind', value: (kpi) => kpi.kind },
  { header: 'direction', value: (kpi) => kpi.direction },
  { header: 'baseline', value: (kpi) => kpi.baseline, kind: 'number' },
  { header: 'target', value: (kpi) => kpi.target, kind: 'number' },
  { header: 'warning', value: (kpi) => kpi.warningThreshold, kind: 'number' },
  { header: 'breach', value: (kpi) => kpi.breachThreshold, kind: 'number' },
  { header: 'weight', value: (kpi) => kpi.weight, kind: 'number' },
  { header: 'cadence', value: (kpi) => cadenceText(kpi.cadence) },
  { header: 'respondent', value: (kpi) => kpi.respondent },
  { header: 'evidence_required', value: (kpi) => yesNo(kpi.evidenceRequired) },
  { header: 'vendor_visible', value: (kpi) => yesNo(kpi.vendorVisible) },
  { header: 'effective_from', value: (kpi) => kpi.effectiveFrom, kind: 'datetime' },
];

export const SCORE_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ScoreRecord>> = [
  { header: 'score_id', value: (score) => score.id },
  { header: 'contract_ref', value: (score) => score.contractRef },
  { header: 'kpi_key', value: (score) => score.kpiKey },
  { header: 'kpi_version', value: (score) => score.kpiVersion, kind: 'number' },
  { header: 'period_key', value: (score) => score.periodKey },
  { header: 'period_start', value: (score) => score.periodStart, kind: 'datetime' },
  { header: 'period_end', value: (score) => score.periodEnd, kind: 'datetime' },
  { header: 'value', value: (score) => score.value, kind: 'number' },
  { header: 'rag', value: (score) => score.rag, kind: 'rag' },
  { header: 'comment', value: (score) => score.comment },
  { header: 'evidence_url', value: (score) => score.evidenceUrl },
  { header: 'answered_by', value: (score) => person(score.answeredBy) },
  { header: 'answered_at', value: (score) => score.answeredAt, kind: 'datetime' },
  { header: 'surface', value: (score) => score.surface },
  { header: 'revision', value: (score) => score.revision, kind: 'number' },
];

export const ESCALATION_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<EscalationRecord>> = [
  { header: 'escalation_id', value: (escalation) => escalation.id },
  { header: 'contract_ref', value: (escalation) => escalation.contractRef },
  { header: 'trigger', value: (escalation) => escalation.trigger },
  { header: 'kpi_key', value: (escalation) => escalation.kpiKey },
  { header: 'summary', value: (escalation) => escalation.summary },
  { header: 'status', value: (escalation) => escalation.status },
  { header: 'level', value: (escalation) => escalation.level, kind: 'number' },
  { header: 'opened_at', value: (escalation) => escalation.createdAt, kind: 'datetime' },
  { header: 'ack_due_at', value: (escalation) => escalation.ackDueAt, kind: 'datetime' },
  { header: 'acknowledged_by', value: (escalation) => person(escalation.acknowledgedBy) },
  { header: 'acknowledged_at', value: (escalation) => escalation.acknowledgedAt, kind: 'datetime' },
  { header: 'resolved_by', value: (escalation) => person(escalation.resolvedBy) },
  { header: 'resolved_at', value: (escalation) => escalation.resolvedAt, kind: 'datetime' },
  { header: 'resolution_note', value: (escalation) => escalation.resolutionNote },
];

export function exportCsv<T>(columns: ReadonlyArray<ExportColumn<T>>, records: readonly T[]): string {
  return toCsv(
    columns.map((column) => column.header),
    records.map((record) => columns.map((column) => column.value(record))),
  );
}

export const contractsCsv = (records: readonly ContractRecord[]) => exportCsv(CONTRACT_EXPORT_COLUMNS, records);
export const kpisCsv = (records: readonly KpiRecord[]) => exportCsv(KPI_EXPORT_COLUMNS, records);
export const scoresCsv = (records: readonly ScoreRecord[]) => exportCsv(SCORE_EXPORT_COLUMNS, records);
export const escalationsCsv = (records: readonly EscalationRecord[]) => exportCsv(ESCALATION_EXPORT_COLUMNS, records);

export type ExportKind = 'contracts' | 'kpis' | 'scores' | 'escalations';

/** One sheet of typed columns, as exportCsv's columns: numbers, dates and RAG colours typed (xlsx.ts). */
export function exportSheet<T>(
  name: string,
  columns: ReadonlyArray<ExportColumn<T>>,
  records: readonly T[],
): XlsxSheet {
  return {
    name,
    columns: columns.map((column) => ({ header: column.header, kind: column.kind ?? 'text' })),
    rows: records.map((record) => columns.map((column) => column.value(record))),
  };
}

/** The export of `kind` as a workbook with one sheet named after it. */
export function exportXlsx(
  kind: ExportKind,
  records: readonly ContractRecord[] | readonly KpiRecord[] | readonly ScoreRecord[] | readonly EscalationRecord[],
  now: Date,
): Promise<Buffer> {
  const sheet =
    kind === 'contracts'
      ? exportSheet('Contracts', CONTRACT_EXPORT_COLUMNS, records as ContractRecord[])
      : kind === 'kpis'
        ? exportSheet('KPIs', KPI_EXPORT_COLUMNS, records as KpiRecord[])
        : kind === 'scores'
          ? exportSheet('Scores', SCORE_EXPORT_COLUMNS, records as ScoreRecord[])
          : exportSheet('Escalations', ESCALATION_EXPORT_COLUMNS, records as EscalationRecord[]);
  return writeXlsx([sheet], now);
}

/**
 * Store bookkeeping that means nothing outside this deployment: which scheduler instance holds a
 * claim on the record, and until when.
 */
const INTERNAL_FIELDS = new Set(['claimedBy', 'claimExpiresAt']);

/**
 * JSON keeps the whole record, nested parts included (governance, history, corrections), which a CSV
 * row cannot. Keys are sorted at every level, so the output does not depend on how the store built
 * the object; instants become ISO strings and absent optional fields are left out.
 */
export function exportJson(
  kind: ExportKind,
  records: readonly ContractRecord[] | readonly KpiRecord[] | readonly ScoreRecord[] | readonly EscalationRecord[],
  now: Date,
): string {
  const document = { export: kind, exportedAt: now.toISOString(), count: records.length, items: records };
  return `${JSON.stringify(plain(document), null, 2)}\n`;
}

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const field = (value as Record<string, unknown>)[key];
      if (field === undefined || INTERNAL_FIELDS.has(key)) continue;
      sorted[key] = plain(field);
    }
    return sorted;
  }
  return value;
}

/** `Ana Ruiz <ana@example.com>`, or whichever identity is known. */
function person(who: Person | undefined): string | undefined {
  if (!who) return undefined;
  const id = who.email ?? who.slackUserId ?? who.teamsUserId;
  if (who.name && id) return `${who.name} <${id}>`;
  return who.name ?? id;
}

function people(who: Person[] | undefined): string {
  return (who ?? []).map(person).filter(Boolean).join('; ');
}

/** As the import writes it: `monthly`, or `milestones:2026-03-31;2026-06-30`. */
function cadenceText(cadence: Cadence): string {
  return cadence.type === 'milestones' ? `milestones:${cadence.dates.join(';')}` : cadence.type;
}

function yesNo(flag: boolean): string {
  return flag ? 'yes' : 'no';
}
