import ExcelJS from 'exceljs';
import { StewardError } from '../../src/domain/errors';
import { useTestDatabase } from '../support/database';
import { owner, setupServices, vendor } from '../support/service-harness';

const database = useTestDatabase();

const HEADER =
  'contract_ref,title,vendor,value,currency,start_date,end_date,timezone,category,owner_email,owner_slack_id,kpi_key,kpi_name,unit,kind,direction,baseline,target,warning,breach,weight,cadence,respondent,evidence_required,vendor_visible';

function csv(...rows: string[]): string {
  return `${[HEADER, ...rows].join('\r\n')}\r\n`;
}

const CLEAN_AVAILABILITY =
  'IMP-2026-001,Office cleaning,Clean Co,120000,EUR,2026-04-01,2027-03-31,Europe/Berlin,Facilities,,U0OWNER,availability,Availability,%,percent,higher-is-better,98,99.5,99,98,1,monthly,vendor,no,yes';
const CLEAN_COMPLAINTS =
  'IMP-2026-001,Office cleaning,Clean Co,120000,EUR,2026-04-01,2027-03-31,Europe/Berlin,Facilities,,U0OWNER,complaints,Complaints,,number,lower-is-better,10,2,5,8,1,monthly,owner,no,no';
const GUARDING =
  'IMP-2026-002,"Guarding, day and night",Guard Co,80000.50,EUR,2026-04-01,2026-12-31,,Security,ops@example.com,,response,Response time,min,duration,lower-is-better,30,15,20,30,2,quarterly,vendor,yes,yes';

describe('contract import', () => {
  it('dry-runs a file, reporting every bad row by line and column, and writes nothing', async () => {
    const { services, store } = await setupServices(database.connection(), 'IMP-2026-000');
    const good = csv(CLEAN_AVAILABILITY, CLEAN_COMPLAINTS, GUARDING);
    const report = await services.imports.importContracts(owner, good, { dryRun: true });
    expect(report).toEqual({
      dryRun: true,
      ok: true,
      errors: [],
      format: 'CSV, comma-separated, pasted text, decimal point',
      contracts: [
        { reference: 'IMP-2026-001', title: 'Office cleaning', line: 2, kpis: 2 },
        { reference: 'IMP-2026-002', title: 'Guarding, day and night', line: 4, kpis: 1 },
      ],
    });
    expect(await store.contracts.get('IMP-2026-001')).toBeNull();

    const bad = csv(
      CLEAN_AVAILABILITY.replace('2026-04-01', '2026-02-30'),
      CLEAN_COMPLAINTS.replace('number', 'amount').replace('2026-04-01', '2026-02-30'),
      GUARDING.replace('80000.50', '-80000'),
      CLEAN_AVAILABILITY.replace('IMP-2026-001', 'imp-2026-003').replace(',99.5,', ',120,'),
      CLEAN_AVAILABILITY.replace('IMP-2026-001', 'IMP-2026-004').replace(',vendor,no,yes', ',vendor,no,no'),
    );
    const dry = await services.imports.importContracts(owner, bad, { dryRun: true });
    expect(dry.ok).toBe(false);
    expect(dry.errors).toEqual(
      expect.arrayContaining([
        { line: 2, column: 'start_date', message: expect.stringContaining('that day does not exist in the calendar') },
        { line: 3, column: 'kind', message: expect.stringContaining('"amount" is not a kind') },
        { line: 4, column: 'value', message: expect.stringContaining('is negative') },
      ]),
    );
    expect(dry.errors.every((error) => error.line >= 2)).toBe(true);

    // The file's own rules pass, the chat forms' rules do not: still reported by line and column.
    const chatRules = await services.imports.importContracts(
      owner,
      csv(
        CLEAN_AVAILABILITY.replace('IMP-2026-001', 'imp-2026-003').replace(',99.5,', ',99.5,'),
        CLEAN_AVAILABILITY.replace('IMP-2026-001', 'IMP-2026-004').replace(',vendor,no,yes', ',vendor,no,no'),
      ),
      { dryRun: true },
    );
    expect(chatRules.errors).toEqual([
      { line: 2, column: 'contract_ref', message: expect.stringContaining('as IMP-2026-003') },
      { line: 3, column: 'vendor_visible', message: expect.stringContaining('Visible to vendor') },
    ]);

    const malformed = await services.imports.importContracts(owner, `${HEADER}\r\nIMP-1,"unclosed,x\r\n`, {
      dryRun: true,
    });
    expect(malformed.errors).toEqual([
      { line: 2, column: null, message: expect.stringMatching(/^Field 2: a quoted field opened here is never closed/) },
    ]);

    // A real import of a bad file writes nothing and says why.
    const error = await services.imports.importContracts(owner, bad, { dryRun: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StewardError);
    expect((error as StewardError).code).toBe('validation');
    expect((error as StewardError).userMessage).toMatch(
      /^Nothing was imported: \d+ problems in the file\. Line 2, start_date:/,
    );
    expect((error as StewardError).fieldErrors['line 4 value']).toContain('is negative');
    expect(await store.contracts.references()).toEqual(['IMP-2026-000']);

    await expect(services.imports.importContracts(vendor, good, { dryRun: true })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await store.audit.list('global')).some((event) => event.action === 'access.refused')).toBe(true);
  });

  it('creates every contract as a draft with its KPIs and audits each, or undoes them all when a write fails', async () => {
    const { services, store } = await setupServices(database.connection(), 'IMP-2026-010');
    const file = csv(
      CLEAN_AVAILABILITY.replaceAll('IMP-2026-001', 'IMP-2026-011'),
      CLEAN_COMPLAINTS.replaceAll('IMP-2026-001', 'IMP-2026-011'),
      GUARDING.replaceAll('IMP-2026-002', 'IMP-2026-012'),
    );

    // The KPIs of the contracts fail to write after the contracts went in: the contracts are removed again.
    const kpiVersions = database.connection().model('KpiVersion');
    const insertMany = kpiVersions.insertMany.bind(kpiVersions);
    kpiVersions.insertMany = (async () => {
      throw new Error('disk full');
    }) as never;
    await expect(services.imports.importContracts(owner, file, { dryRun: false })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('Importing stopped: the database did not accept it. Nothing was imported'),
    });
    kpiVersions.insertMany = insertMany as never;
    expect(await store.contracts.get('IMP-2026-012')).toBeNull();
    expect(await store.contracts.get('IMP-2026-011')).toBeNull();
    expect(await store.kpis.listForContract('IMP-2026-011')).toEqual([]);
    expect(await store.kpis.versionsForContract('IMP-2026-011')).toEqual([]);
    expect(await store.audit.list('IMP-2026-011')).toEqual([]);

    const report = await services.imports.importContracts(owner, file, { dryRun: false });
    expect(report).toMatchObject({
      dryRun: false,
      ok: true,
      contracts: [{ reference: 'IMP-2026-011' }, { reference: 'IMP-2026-012' }],
    });
    const cleaning = await store.contracts.require('IMP-2026-011');
    expect(cleaning).toMatchObject({
      status: 'draft',
      category: 'Facilities',
      governance: { owner: [{ slackUserId: 'U0OWNER' }] },
      escalationPath: [{ level: 1, role: 'owner', ackWithinHours: 24 }],
    });
    expect((await store.kpis.listForContract('IMP-2026-011')).map((kpi) => kpi.key)).toEqual([
      'availability',
      'complaints',
    ]);
    expect(await store.contracts.require('IMP-2026-012')).toMatchObject({
      timezone: 'Europe/Berlin',
      value: { amount: 80000.5, currency: 'EUR' },
    });
    const [created] = await store.audit.list('IMP-2026-011');
    expect(created).toMatchObject({ action: 'contract.created', surface: 'import', actor: { slackUserId: 'U0OWNER' } });

    // Importing the same file again is refused: the contracts exist.
    await expect(services.imports.importContracts(owner, file, { dryRun: false })).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('Contract IMP-2026-011 already exists'),
    });
  });

  it('imports a workbook’s named sheet, and refuses a bad cell by sheet and cell', async () => {
    const { services, store } = await setupServices(database.connection(), 'IMP-2026-020');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['Read me first']);
    const sheet = workbook.addWorksheet('Verträge');
    const rows = [HEADER, CLEAN_AVAILABILITY.replaceAll('IMP-2026-001', 'IMP-2026-021')].map((line) => line.split(','));
    for (const row of rows) sheet.addRow(row.map((cell) => (/^\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell)));
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());

    const first = await services.imports.importContracts(owner, bytes, { dryRun: true });
    expect(first.ok).toBe(false);
    expect(first.errors[0]?.message).toMatch(/"Notes"|no rows below the header|is not a column I know/);

    const dry = await services.imports.importContracts(owner, bytes, { dryRun: true, sheet: 'Verträge' });
    expect(dry).toMatchObject({
      ok: true,
      format: 'Excel workbook, sheet "Verträge"',
      contracts: [{ reference: 'IMP-2026-021', kpis: 1 }],
    });
    await services.imports.importContracts(owner, bytes, { dryRun: false, sheet: 'Verträge' });
    expect(await store.contracts.require('IMP-2026-021')).toMatchObject({ value: { amount: 120000, currency: 'EUR' } });

    sheet.getCell('Q2').value = 'viel';
    const bad = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(
      services.imports.importContracts(owner, bad, { dryRun: false, sheet: 'Verträge' }),
    ).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('Sheet Verträge, cell Q2 (baseline): "viel" is not a number'),
    });
  });

  it('asks which decimal mark a file uses when its numbers leave it open, and imports once told', async () => {
    const { services, store } = await setupServices(database.connection(), 'IMP-2026-030');
    const row = CLEAN_AVAILABILITY.replaceAll('IMP-2026-001', 'IMP-2026-031')
      .replace('120000', '120.000')
      .replace('98,99.5,99,98', '97,100,99,98');
    const file = `${[HEADER, row].map((line) => line.replaceAll(',', ';')).join('\r\n')}\r\n`;
    const asked = await services.imports.importContracts(owner, file, { dryRun: true });
    expect(asked).toMatchObject({
      ok: false,
      question: {
        kind: 'decimal-mark',
        examples: [{ line: 2, column: 'value', text: '120.000', asPoint: 120, asComma: 120000 }],
      },
    });
    await expect(services.imports.importContracts(owner, file, { dryRun: false })).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('Line 2, value: "120.000" could be 120'),
    });
    const told = await services.imports.importContracts(owner, file, { dryRun: false, decimalMark: 'comma' });
    expect(told).toMatchObject({ ok: true, format: 'CSV, semicolon-separated, pasted text, decimal comma' });
    expect(await store.contracts.require('IMP-2026-031')).toMatchObject({ value: { amount: 120000 } });
  });
});
