import ExcelJS from 'exceljs';
import { parseCsv } from '../../src/reports/csv';
import type { Actor } from '../../src/services/service-api';
import { useTestDatabase } from '../support/database';
import { bystander, owner, setupServices, vendor } from '../support/service-harness';

const database = useTestDatabase();

const inInternal: Actor = { ...owner, channel: { surface: 'slack', channelId: 'C0INTERNAL', shared: false } };
const inShared: Actor = { ...owner, channel: { surface: 'slack', channelId: 'C0SHARED', shared: true } };

describe('service credits', () => {
  it('keeps rules on the contract, computes a period from its scores and posts a claim pack with the evidence', async () => {
    const reference = 'CRED-2026-001';
    const { clock, surface, services, store } = await setupServices(database.connection(), reference);
    await services.contracts.upsertKpi(owner, reference, {
      key: 'resolution',
      name: 'Resolution time',
      unit: 'h',
      kind: 'duration',
      direction: 'lower-is-better',
      baseline: 8,
      target: 4,
      warningThreshold: 6,
      breachThreshold: 8,
      weight: 1,
      cadence: 'monthly',
      respondent: 'owner',
      vendorVisible: true,
    });
    const rules = [
      { kpiKey: 'availability', percentOfFeePerPoint: 2, capPercent: 10, flatPercentOnBreach: 1 },
      { kpiKey: 'resolution', percentOfFeePerPoint: '1,5', capPercent: '5' },
    ];

    // Bad terms are refused field by field, and nothing is stored.
    const base: Record<string, unknown> = { periodFee: '25000', rules };
    for (const [input, field, message] of [
      [{ periodFee: '-500' }, 'periodFee', /Fee per period must be an amount of 0 or more, like 25000/],
      [{ periodFee: '25000.125' }, 'periodFee', /more decimals than EUR uses/],
      [
        { rules: [{ ...rules[0], kpiKey: 'uptime' }] },
        'rules.0.kpiKey',
        /has no KPI uptime; its KPIs are availability, resolution/,
      ],
      [{ rules: [{ ...rules[0], capPercent: 120 }] }, 'rules.0.capPercent', /percentage from 0 to 100/],
      [{ rules: [rules[0], rules[0]] }, 'rules.1.kpiKey', /already has a rule/],
      [{ contractCapPercent: 'lots' }, 'contractCapPercent', /Contract cap must be a percentage/],
    ] as const) {
      await expect(services.serviceCredits.setTerms(owner, reference, { ...base, ...input })).rejects.toMatchObject({
        code: 'validation',
        fieldErrors: { [field]: expect.stringMatching(message) },
      });
    }
    expect(await services.serviceCredits.terms(owner, reference)).toMatchObject({ periodFee: null, rules: [] });
    await expect(services.serviceCredits.compute(owner, reference, '2026-02')).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('no service credit rules yet'),
    });
    for (const actor of [vendor, bystander]) {
      await expect(
        services.serviceCredits.setTerms(actor, reference, { periodFee: '25000', rules }),
      ).rejects.toMatchObject({ code: 'forbidden' });
    }

    const terms = await services.serviceCredits.setTerms(owner, reference, {
      periodFee: '25000',
      rules,
      contractCapPercent: 12,
    });
    expect(terms).toMatchObject({
      periodFee: { amount: 25000, currency: 'EUR' },
      contractCapPercent: 12,
      rules: [
        expect.objectContaining({ kpiKey: 'availability' }),
        expect.objectContaining({ percentOfFeePerPoint: 1.5 }),
      ],
    });
    expect((await store.contracts.require(reference)).serviceCreditRules).toHaveLength(2);

    // February's scores: availability 96.5% (1.5 points below the 98% breach), resolution 11 h (3 over 8 h).
    await services.checkins.createDueCheckins(clock());
    await services.checkins.dispatchDue(clock());
    const items = surface.ofKind('prompt').flatMap((post) => post.prompt.items);
    const item = (key: string) => items.find((entry) => entry.contractRef === reference && entry.kpi.key === key)!;
    await services.checkins.submitScore(vendor, item('availability').checkinId, {
      value: '96.5',
      evidenceUrl: 'https://acme.example/monitoring/2026-02',
    });
    await services.checkins.submitScore(owner, item('resolution').checkinId, { value: '11' });

    await expect(services.serviceCredits.compute(owner, reference, '2026-13')).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: { periodKey: expect.stringContaining('2026-03 (month)') },
    });
    await expect(services.serviceCredits.compute(vendor, reference, '2026-02')).rejects.toMatchObject({
      code: 'forbidden',
    });
    const statement = await services.serviceCredits.compute(owner, reference, '2026-02');
    expect(
      statement.lines.map((line) => [line.kpiKey, line.outcome, line.cappedPercent, line.cappedCredit.amount]),
    ).toEqual([
      ['availability', 'credited', 4, 1000],
      ['resolution', 'credited', 4.5, 1125],
    ]);
    expect(statement).toMatchObject({ total: { amount: 2125, currency: 'EUR' }, contractCapApplied: false });

    // The claim pack is internal: refused in the shared channel, posted in the internal one.
    await expect(services.serviceCredits.claimPack(inShared, reference, '2026-02')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(services.serviceCredits.claimPack(vendor, reference, '2026-02')).rejects.toMatchObject({
      code: 'forbidden',
    });
    const pack = await services.serviceCredits.claimPack(inInternal, reference, '2026-02');
    expect(pack.summary).toContain('2 of 2 KPIs with a credit rule breached');
    expect(pack.summary).toContain('Total: 2,125.00 EUR of a fee of 25,000.00 EUR');
    expect(pack.csv.posted?.channelId).toBe('C0INTERNAL');
    const upload = surface.ofKind('file').at(-1)!;
    expect(upload).toMatchObject({
      destination: { channelId: 'C0INTERNAL' },
      file: { mimeType: 'text/csv', filename: `${reference}-service-credits-2026-02.csv`, comment: pack.summary },
    });
    const parsed = parseCsv(upload.file.content.toString('utf8'));
    if (!parsed.ok) throw new Error('the claim pack is not valid CSV');
    const [header, ...rows] = parsed.records.map((record) => record.fields);
    const column = (name: string) => header!.indexOf(name);
    const availability = rows.find((row) => row[column('kpi_key')] === 'availability')!;
    const score = await store.scores.find(reference, 'availability', '2026-02');
    expect(availability[column('score_id')]).toBe(score!.id);
    expect(availability[column('evidence_url')]).toBe('https://acme.example/monitoring/2026-02');
    expect(availability[column('answered_by')]).toBe('Victor');
    expect(rows.find((row) => row[column('line')] === 'total')?.[column('credit')]).toBe('2125');

    // The same claim as a workbook: credits as numbers, the instant answered as a date.
    const workbookPack = await services.serviceCredits.claimPack(inInternal, reference, '2026-02', undefined, 'xlsx');
    expect(workbookPack.csv.file).toMatchObject({
      filename: `${reference}-service-credits-2026-02.xlsx`,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(workbookPack.csv.file.content as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Claim 2026-02')!;
    const sheetHeader = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(sheetHeader).toEqual(header);
    const cellOf = (row: number, name: string) => sheet.getRow(row).getCell(sheetHeader.indexOf(name) + 1);
    const rowOf = (line: string) =>
      [...Array(sheet.rowCount).keys()].map((index) => index + 1).find((row) => cellOf(row, 'line').value === line)!;
    expect(cellOf(rowOf('total'), 'credit').value).toBe(2125);
    const kpiRow = [...Array(sheet.rowCount).keys()]
      .map((index) => index + 1)
      .find((row) => cellOf(row, 'kpi_key').value === 'availability')!;
    expect(cellOf(kpiRow, 'answered_at').value).toEqual(score!.answeredAt);
    expect(cellOf(kpiRow, 'percent_credited').value).toBe(4);

    // A tighter contract cap limits the total; terms given without a cap clear it.
    await services.serviceCredits.setTerms(owner, reference, { rules, contractCapPercent: 5 });
    const capped = await services.serviceCredits.compute(owner, reference, '2026-02');
    expect(capped).toMatchObject({ total: { amount: 1250 }, contractCapApplied: true });
    expect((await services.serviceCredits.setTerms(owner, reference, { rules })).contractCapPercent).toBeNull();
    expect(
      (await services.serviceCredits.compute(owner, reference, '2026-01')).lines.map((line) => line.outcome),
    ).toEqual(['not-scored', 'not-scored']);
  });
});
