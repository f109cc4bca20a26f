import ExcelJS from 'exceljs';
import { parseCsv } from '../../src/reports/csv';
import {
  CONTRACT_EXPORT_COLUMNS,
  contractsCsv,
  ESCALATION_EXPORT_COLUMNS,
  escalationsCsv,
  exportJson,
  exportXlsx,
  kpisCsv,
  SCORE_EXPORT_COLUMNS,
  scoresCsv,
} from '../../src/reports/exports';
import { XLSX_RAG_FILLS } from '../../src/reports/xlsx';
import type { ContractRecord, EscalationRecord, KpiRecord, ScoreRecord } from '../../src/store/records';

const CREATED = new Date('2026-01-05T10:00:00Z');

const contract: ContractRecord = {
  id: 'c1',
  revision: 3,
  reference: 'CT-2026-014',
  title: 'Managed network services',
  vendor: { name: 'Acme, Inc.', contacts: [] },
  value: { amount: 1_250_000, currency: 'EUR' },
  startDate: '2026-01-01',
  endDate: '2027-12-31',
  status: 'active',
  timezone: 'Europe/Berlin',
  governance: { owner: [{ name: 'Ana Ruiz', email: 'ana@example.com' }, { slackUserId: 'U024BE7LH' }] },
  escalationPath: [],
  channels: [],
  holidays: { buyer: [], vendor: [] },
  createdAt: CREATED,
  updatedAt: new Date('2026-02-01T08:30:00Z'),
};

const kpi: KpiRecord = {
  id: 'k1',
  contractRef: 'CT-2026-014',
  key: 'delivery',
  version: 2,
  name: 'Milestone delivery',
  unit: '',
  kind: 'yes-no',
  direction: 'higher-is-better',
  baseline: 0,
  target: 1,
  warningThreshold: 1,
  breachThreshold: 1,
  weight: 1,
  cadence: { type: 'milestones', dates: ['2026-03-31', '2026-06-30'] },
  respondent: 'owner',
  evidenceRequired: true,
  vendorVisible: false,
  effectiveFrom: new Date('2026-02-01T00:00:00Z'),
  createdAt: CREATED,
  updatedAt: CREATED,
};

const score: ScoreRecord = {
  id: 's1',
  contractRef: 'CT-2026-014',
  kpiKey: 'uptime',
  kpiVersion: 1,
  periodKey: '2026-11',
  periodStart: new Date('2026-10-31T23:00:00Z'),
  periodEnd: new Date('2026-11-30T23:00:00Z'),
  value: 98.6,
  rag: 'red',
  comment: '=IMPORTXML("http://evil")',
  answeredBy: { name: 'Vendor Rep', teamsUserId: 'aad-1' },
  answeredAt: new Date('2026-12-01T09:15:00Z'),
  surface: 'teams',
  revision: 1,
  corrections: [],
  createdAt: CREATED,
  updatedAt: CREATED,
};

const escalation: EscalationRecord = {
  id: 'e1',
  contractRef: 'CT-2026-014',
  sourceKey: 'red-score:ck1',
  trigger: 'red-score',
  summary: 'Availability 98.6% in November 2026',
  kpiKey: 'uptime',
  level: 2,
  status: 'acknowledged',
  ackDueAt: new Date('2026-12-02T09:15:00Z'),
  threads: [],
  history: [{ at: new Date('2026-12-01T09:15:00Z'), action: 'opened', level: 1 }],
  acknowledgedBy: { name: 'Ana Ruiz', email: 'ana@example.com' },
  acknowledgedAt: new Date('2026-12-01T11:00:00Z'),
  claimedBy: 'scheduler-7',
  claimExpiresAt: new Date('2026-12-01T11:05:00Z'),
  createdAt: new Date('2026-12-01T09:15:00Z'),
  updatedAt: new Date('2026-12-01T11:00:00Z'),
};

function rowsOf(csv: string): Array<Record<string, string>> {
  const parsed = parseCsv(csv);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const [header, ...records] = parsed.records;
  return records.map((record) =>
    Object.fromEntries(header!.fields.map((name, index) => [name, record.fields[index]!])),
  );
}

describe('CSV exports', () => {
  it('writes contracts in a fixed column order with ISO instants and owners listed', () => {
    const csv = contractsCsv([contract]);
    expect(csv.split('\r\n')[0]).toBe(
      'contract_ref,title,vendor,status,value,currency,start_date,end_date,timezone,category,owners,period_fee,period_fee_currency,created_at,updated_at',
    );
    expect(rowsOf(csv)[0]).toMatchObject({
      vendor: 'Acme, Inc.',
      value: '1250000',
      owners: 'Ana Ruiz <ana@example.com>; U024BE7LH',
      category: '',
      created_at: '2026-01-05T10:00:00.000Z',
    });
  });

  it('writes KPIs with the import’s column names and cadence notation', () => {
    expect(rowsOf(kpisCsv([kpi]))[0]).toMatchObject({
      kpi_key: 'delivery',
      version: '2',
      warning: '1',
      breach: '1',
      cadence: 'milestones:2026-03-31;2026-06-30',
      evidence_required: 'yes',
      vendor_visible: 'no',
      effective_from: '2026-02-01T00:00:00.000Z',
    });
  });

  it('writes scores with a formula in a comment neutralized', () => {
    const [row] = rowsOf(scoresCsv([score]));
    expect(row).toMatchObject({
      score_id: 's1',
      period_start: '2026-10-31T23:00:00.000Z',
      value: '98.6',
      comment: `'=IMPORTXML("http://evil")`,
      answered_by: 'Vendor Rep <aad-1>',
    });
  });

  it('writes escalations with when they opened and who acknowledged them', () => {
    expect(rowsOf(escalationsCsv([escalation]))[0]).toMatchObject({
      escalation_id: 'e1',
      level: '2',
      opened_at: '2026-12-01T09:15:00.000Z',
      acknowledged_by: 'Ana Ruiz <ana@example.com>',
      resolved_at: '',
    });
  });

  it('writes only the header when there is nothing to export', () => {
    expect(rowsOf(escalationsCsv([]))).toEqual([]);
  });
});

describe('exportJson', () => {
  it('keeps the whole record with sorted keys, ISO instants and no scheduler bookkeeping', () => {
    const json = exportJson('escalations', [escalation], new Date('2026-12-24T12:00:00Z'));
    const document = JSON.parse(json);
    expect(Object.keys(document)).toEqual(['count', 'export', 'exportedAt', 'items']);
    expect(document).toMatchObject({ export: 'escalations', exportedAt: '2026-12-24T12:00:00.000Z', count: 1 });
    const [item] = document.items;
    expect(Object.keys(item)).toEqual([...Object.keys(item)].sort());
    expect(item.history).toEqual([{ action: 'opened', at: '2026-12-01T09:15:00.000Z', level: 1 }]);
    expect(item).not.toHaveProperty('claimedBy');
    expect(item).not.toHaveProperty('claimExpiresAt');
  });

  it('is the same text whatever order the record’s keys were built in', () => {
    const reordered = Object.fromEntries(Object.entries(contract).reverse()) as unknown as ContractRecord;
    const now = new Date('2026-12-24T12:00:00Z');
    expect(exportJson('contracts', [reordered], now)).toBe(exportJson('contracts', [contract], now));
  });
});

describe('xlsx exports, opened again with exceljs', () => {
  async function open(buffer: Buffer) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    return workbook;
  }
  const NOW = new Date('2026-12-07T12:00:00Z');

  it('contracts: a frozen bold header, numbers as numbers, days as dates, text never a formula', async () => {
    const risky = { ...contract, title: '=HYPERLINK("http://evil","Click")', category: '+SUM(A1:A9)' };
    const workbook = await open(await exportXlsx('contracts', [risky], NOW));
    const sheet = workbook.getWorksheet('Contracts')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = sheet.getRow(1);
    expect(header.values).toEqual([undefined, ...CONTRACT_EXPORT_COLUMNS.map((column) => column.header)]);
    expect(header.getCell(1).font?.bold).toBe(true);

    const cell = (name: string) =>
      sheet.getRow(2).getCell(CONTRACT_EXPORT_COLUMNS.findIndex((c) => c.header === name) + 1);
    expect(cell('value').type).toBe(ExcelJS.ValueType.Number);
    expect(cell('value').value).toBe(1_250_000);
    expect(cell('value').numFmt).toBe('#,##0.00');
    expect(cell('start_date').type).toBe(ExcelJS.ValueType.Date);
    expect(cell('start_date').value).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(cell('start_date').numFmt).toBe('yyyy-mm-dd');
    expect(cell('created_at').value).toEqual(CREATED);
    // What a person typed stays exactly their text, and Excel keeps it as text.
    for (const name of ['title', 'category']) {
      expect(cell(name).type).toBe(ExcelJS.ValueType.String);
      expect(cell(name).formula).toBeUndefined();
    }
    expect(cell('title').value).toBe('=HYPERLINK("http://evil","Click")');
    expect(cell('owners').value).toBe('Ana Ruiz <ana@example.com>; U024BE7LH');
  });

  it('scores: each RAG cell coloured green, amber or red and still saying the word', async () => {
    const scores: ScoreRecord[] = [
      score,
      { ...score, id: 's2', periodKey: '2026-10', rag: 'amber', value: 99.2, comment: undefined },
      { ...score, id: 's3', periodKey: '2026-09', rag: 'green', value: 99.9, comment: undefined },
    ];
    const workbook = await open(await exportXlsx('scores', scores, NOW));
    const sheet = workbook.getWorksheet('Scores')!;
    const column = SCORE_EXPORT_COLUMNS.findIndex((c) => c.header === 'rag') + 1;
    const fills = [2, 3, 4].map((row) => {
      const cell = sheet.getRow(row).getCell(column);
      return [cell.value, (cell.fill as ExcelJS.FillPattern).fgColor?.argb];
    });
    expect(fills).toEqual([
      ['red', XLSX_RAG_FILLS.red!.fill],
      ['amber', XLSX_RAG_FILLS.amber!.fill],
      ['green', XLSX_RAG_FILLS.green!.fill],
    ]);
    const value = sheet.getRow(2).getCell(SCORE_EXPORT_COLUMNS.findIndex((c) => c.header === 'value') + 1);
    expect(value.type).toBe(ExcelJS.ValueType.Number);
    expect(value.value).toBe(98.6);
    const comment = sheet.getRow(2).getCell(SCORE_EXPORT_COLUMNS.findIndex((c) => c.header === 'comment') + 1);
    expect([comment.type, comment.value]).toEqual([ExcelJS.ValueType.String, '=IMPORTXML("http://evil")']);
  });

  it('escalations: levels as numbers, instants as dates', async () => {
    const workbook = await open(await exportXlsx('escalations', [escalation], NOW));
    const sheet = workbook.getWorksheet('Escalations')!;
    const cell = (name: string) =>
      sheet.getRow(2).getCell(ESCALATION_EXPORT_COLUMNS.findIndex((c) => c.header === name) + 1);
    expect(cell('level').value).toBe(2);
    expect(cell('ack_due_at').value).toEqual(new Date('2026-12-02T09:15:00Z'));
    expect(cell('ack_due_at').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });
});
