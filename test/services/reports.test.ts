import ExcelJS from 'exceljs';
import { parseCsv } from '../../src/reports/csv';
import type { Actor } from '../../src/services/service-api';
import { useTestDatabase } from '../support/database';
import { PNG_SIGNATURE } from '../support/png';
import { bystander, owner, setupServices, vendor } from '../support/service-harness';

const database = useTestDatabase();

const inInternal: Actor = { ...owner, channel: { surface: 'slack', channelId: 'C0INTERNAL', shared: false } };
const ownerInShared: Actor = { ...owner, channel: { surface: 'slack', channelId: 'C0SHARED', shared: true } };
const vendorInShared: Actor = { ...vendor, channel: { surface: 'slack', channelId: 'C0SHARED', shared: true } };

describe('reports', () => {
  it('charts the scorecard as PNGs where asked, the vendor view in the shared channel', async () => {
    const reference = 'REP-2026-001';
    const { clock, surface, services, store } = await setupServices(database.connection(), reference);
    await services.contracts.upsertKpi(owner, reference, {
      key: 'margin',
      name: 'Internal margin',
      unit: '%',
      kind: 'percent',
      direction: 'higher-is-better',
      baseline: 10,
      target: 15,
      warningThreshold: 12,
      breachThreshold: 10,
      weight: 1,
      cadence: 'monthly',
      respondent: 'owner',
      vendorVisible: false,
    });
    await services.checkins.createDueCheckins(clock());
    await services.checkins.dispatchDue(clock());
    for (const item of surface.ofKind('prompt').flatMap((post) => post.prompt.items)) {
      await services.checkins.submitScore(item.kpi.key === 'margin' ? owner : vendor, item.checkinId, {
        value: item.kpi.key === 'margin' ? '13' : '99.7',
      });
    }
    expect(await store.scores.listForContract(reference)).toHaveLength(2);

    const charts = await services.reports.scorecardCharts(inInternal, reference);
    expect(charts.map((chart) => chart.file.filename)).toEqual([
      `${reference}-availability-trend.png`,
      `${reference}-margin-trend.png`,
      `${reference}-heat-map.png`,
    ]);
    for (const chart of charts) {
      expect(chart.file.content.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(chart.posted?.channelId).toBe('C0INTERNAL');
    }

    const shared = await services.reports.scorecardCharts(vendorInShared, reference);
    expect(shared.map((chart) => chart.file.filename)).toEqual([
      `${reference}-availability-trend.png`,
      `${reference}-heat-map.png`,
    ]);
    expect(shared.every((chart) => chart.posted?.channelId === 'C0SHARED')).toBe(true);
    // An internal person asking in the shared channel also gets the vendor view there.
    expect(
      (await services.reports.scorecardCharts(ownerInShared, reference)).map((chart) => chart.file.filename),
    ).not.toContain(`${reference}-margin-trend.png`);
    await expect(services.reports.scorecardCharts(vendor, 'REP-2026-404')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('exports contracts, KPIs, scores and escalations as CSV or JSON for managers only', async () => {
    const reference = 'REP-2026-002';
    const { surface, services } = await setupServices(database.connection(), reference);

    await expect(services.reports.exportData(vendor, 'contracts', 'csv')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.reports.exportData(vendor, 'kpis', 'csv', { reference })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(services.reports.exportData(bystander, 'contracts', 'csv')).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('you hold no governance role'),
    });
    await expect(services.reports.exportData(bystander, 'scores', 'json', { reference })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(services.reports.exportData(owner, 'invoices' as never, 'pdf' as never)).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: { kind: expect.any(String), format: 'Choose csv, xlsx or json.' },
    });
    await expect(services.reports.exportData(ownerInShared, 'kpis', 'csv', { reference })).rejects.toMatchObject({
      code: 'forbidden',
    });

    const contracts = await services.reports.exportData(inInternal, 'contracts', 'csv');
    expect(contracts.posted?.channelId).toBe('C0INTERNAL');
    const parsed = parseCsv(contracts.file.content.toString('utf8'));
    if (!parsed.ok) throw new Error('not CSV');
    expect(parsed.records[0]?.fields.slice(0, 3)).toEqual(['contract_ref', 'title', 'vendor']);
    expect(parsed.records.map((record) => record.fields[0])).toContain(reference);

    const workbook = await services.reports.exportData(owner, 'contracts', 'xlsx', { reference });
    expect(workbook).toMatchObject({
      count: 1,
      file: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(workbook.file.filename).toMatch(new RegExp(`^steward-contracts-${reference}-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(workbook.file.content as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Contracts')!;
    expect(sheet.getRow(2).getCell(1).value).toBe(reference);
    expect(sheet.getRow(2).getCell(7).value).toBeInstanceOf(Date);

    const kpis = await services.reports.exportData(owner, 'kpis', 'json', { reference });
    expect(kpis).toMatchObject({ count: 1, file: { mimeType: 'application/json' } });
    expect(JSON.parse(kpis.file.content.toString('utf8'))).toMatchObject({
      export: 'kpis',
      count: 1,
      items: [expect.objectContaining({ key: 'availability', contractRef: reference })],
    });
    expect((await services.reports.exportData(owner, 'escalations', 'csv', { reference })).count).toBe(0);

    // Asked for in the shared channel, an export of everything the owner manages goes to a direct message.
    const direct = await services.reports.exportData(ownerInShared, 'contracts', 'json');
    expect(direct.posted?.channelId).toBe('D-U0OWNER');
    expect(surface.ofKind('file').filter((post) => post.destination.channelId === 'C0SHARED')).toHaveLength(0);
  });

  it('draws the portfolio for a manager, keeps it internal, and refuses vendors', async () => {
    const reference = 'REP-2026-003';
    const { clock, surface, services } = await setupServices(database.connection(), reference);
    await services.checkins.createDueCheckins(clock());
    await services.checkins.dispatchDue(clock());
    for (const item of surface.ofKind('prompt').flatMap((post) => post.prompt.items)) {
      await services.checkins.submitScore(vendor, item.checkinId, { value: '90' });
    }

    const posted = await services.reports.portfolioChart(inInternal);
    expect(posted.posted?.channelId).toBe('C0INTERNAL');
    expect(posted.file.content.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    // Every contract the owner manages in this database, the one scored here among them.
    expect(posted.file.altText).toMatch(
      /^Portfolio — \d+ contracts: stacked bars of contracts by their worst KPI per month, \d{4}-\d{2} to \d{4}-\d{2}\./,
    );
    expect(posted.file.altText).toMatch(/Most contracts red in \d{4}-\d{2}: [1-9]/);
    expect(posted.file.altText).toMatch(/Most red: Acme Networks \([1-9]\d* red, 0 amber over \d+ contracts\)/);

    // Asked in a vendor-shared channel, it goes to the manager's direct messages instead.
    const inShared = await services.reports.portfolioChart(ownerInShared);
    expect(inShared.posted?.channelId).not.toBe('C0SHARED');
    await expect(services.reports.portfolioChart(vendorInShared)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.reports.portfolioChart(bystander)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('no governance role'),
    });
  });
});
