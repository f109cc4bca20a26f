import { type ImportError, type ImportOptions, planImport } from '../../src/reports/contract-import';

const HEADER = [
  'contract_ref',
  'title',
  'vendor',
  'value',
  'currency',
  'start_date',
  'end_date',
  'timezone',
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
  'evidence_required',
  'vendor_visible',
];

type Row = Record<string, string>;

const UPTIME: Row = {
  contract_ref: 'CT-2026-014',
  title: 'Managed network services',
  vendor: 'Acme Networks',
  value: '1250000.00',
  currency: 'EUR',
  start_date: '2026-01-01',
  end_date: '2027-12-31',
  timezone: 'Europe/Berlin',
  owner_email: 'Ana.Ruiz@example.com',
  kpi_key: 'uptime',
  kpi_name: 'Availability',
  unit: '%',
  kind: 'percent',
  direction: 'higher-is-better',
  baseline: '98',
  target: '99.9',
  warning: '99.5',
  breach: '99',
  weight: '3',
  cadence: 'monthly',
  respondent: 'vendor',
  evidence_required: 'yes',
  vendor_visible: 'yes',
};

const RESOLUTION: Row = {
  ...UPTIME,
  kpi_key: 'resolution',
  kpi_name: 'Incident resolution time',
  unit: 'h',
  kind: 'duration',
  direction: 'lower-is-better',
  baseline: '12',
  target: '4',
  warning: '8',
  breach: '24',
  weight: '',
  cadence: 'milestones:2026-06-30;2026-03-31',
  respondent: 'owner',
  evidence_required: '',
  vendor_visible: 'no',
};

const OPTIONS: ImportOptions = { existingRefs: new Set(), defaultTimezone: 'UTC' };

/** A CSV file: the header on line 1 and one line per row after it. */
function csv(rows: Row[], header = HEADER): string {
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  return [header, ...rows.map((row) => header.map((column) => row[column] ?? ''))]
    .map((fields) => fields.map(quote).join(','))
    .join('\r\n');
}

function errorsOf(text: string, options = OPTIONS): ImportError[] {
  const plan = planImport(text, options);
  if (plan.ok) throw new Error('expected the import to be refused');
  return plan.errors;
}

describe('planImport: a good file', () => {
  it('plans one contract per reference with its KPIs, ready to create as a draft', () => {
    const plan = planImport(csv([UPTIME, RESOLUTION]), OPTIONS);
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    expect(plan.contracts).toHaveLength(1);
    const [imported] = plan.contracts;
    expect(imported!.line).toBe(2);
    expect(imported!.contract).toEqual({
      reference: 'CT-2026-014',
      title: 'Managed network services',
      vendor: { name: 'Acme Networks', contacts: [] },
      value: { amount: 1_250_000, currency: 'EUR' },
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      status: 'draft',
      timezone: 'Europe/Berlin',
      governance: { owner: [{ email: 'ana.ruiz@example.com' }] },
      escalationPath: [],
      channels: [],
      holidays: { buyer: [], vendor: [] },
    });
    expect(imported!.kpis).toEqual([
      {
        key: 'uptime',
        line: 2,
        name: 'Availability',
        unit: '%',
        kind: 'percent',
        direction: 'higher-is-better',
        baseline: 98,
        target: 99.9,
        warningThreshold: 99.5,
        breachThreshold: 99,
        weight: 3,
        cadence: { type: 'monthly' },
        respondent: 'vendor',
        evidenceRequired: true,
        vendorVisible: true,
      },
      expect.objectContaining({
        key: 'resolution',
        line: 3,
        weight: 1,
        cadence: { type: 'milestones', dates: ['2026-03-31', '2026-06-30'] },
        evidenceRequired: false,
        vendorVisible: false,
      }),
    ]);
  });

  it('uses the default timezone when the column is left empty, and reads headers as spreadsheets write them', () => {
    const header = HEADER.map((name) => (name === 'contract_ref' ? 'Contract Ref' : name));
    const row = { ...UPTIME, 'Contract Ref': UPTIME.contract_ref!, timezone: '' };
    const plan = planImport(csv([row], header), { ...OPTIONS, defaultTimezone: 'America/New_York' });
    expect(plan.ok && plan.contracts[0]!.contract.timezone).toBe('America/New_York');
  });

  it('accepts a Slack user id instead of an email for the owner', () => {
    const header = HEADER.map((name) => (name === 'owner_email' ? 'owner_slack_id' : name));
    const plan = planImport(csv([{ ...UPTIME, owner_slack_id: 'U024BE7LH' }], header), OPTIONS);
    expect(plan.ok && plan.contracts[0]!.contract.governance.owner).toEqual([{ slackUserId: 'U024BE7LH' }]);
  });
});

describe('planImport: a bad file plans nothing and says where and why', () => {
  it('reports a start date that does not exist on its line and column', () => {
    const rows = [UPTIME, RESOLUTION, { ...UPTIME, kpi_key: 'csat', start_date: '2026-02-30' }];
    expect(errorsOf(csv(rows))).toEqual([
      {
        line: 4,
        column: 'start_date',
        message:
          '"2026-02-30" is not a date, and that day does not exist in the calendar; write YYYY-MM-DD with a real day, e.g. 2026-02-28.',
      },
      expect.objectContaining({
        line: 4,
        column: 'start_date',
        message: expect.stringMatching(/on line 2 but "2026-02-30" here/),
      }),
    ]);
  });

  it.each<[string, Row, string, RegExp]>([
    ['an unknown timezone', { timezone: 'Europe/Atlantis' }, 'timezone', /not a timezone I know; use an IANA name/],
    ['a negative value', { value: '-5' }, 'value', /negative; write the value as an amount of zero or more/],
    [
      'a value with broken thousands groups',
      { value: '1,25,0000' },
      'value',
      /not a number; write .* with a decimal point/,
    ],
    ['a value finer than the currency', { value: '10.005' }, 'value', /more decimals than EUR uses \(2\)/],
    ['an unknown currency', { currency: 'EUX' }, 'currency', /ISO 4217/],
    ['an unknown kind', { kind: 'percentage' }, 'kind', /use percent, number, currency, duration, yes-no, rating/],
    ['an unknown direction', { direction: 'up' }, 'direction', /higher-is-better, lower-is-better/],
    ['a breach above the warning when higher is better', { breach: '99.7' }, 'breach', /must not be above the warning/],
    ['a percentage over 100', { target: '120' }, 'target', /percentage from 0 to 100/],
    ['an end before the start', { end_date: '2025-12-31' }, 'end_date', /not after the start date/],
    ['a bad cadence', { cadence: 'daily' }, 'cadence', /weekly, monthly, quarterly, or milestones/],
    [
      'a milestone that does not exist',
      { cadence: 'milestones:2026-02-29' },
      'cadence',
      /2026-02-29 is not a real day/,
    ],
    ['a bad yes/no', { vendor_visible: 'maybe' }, 'vendor_visible', /write yes or no/],
    ['a zero weight', { weight: '0' }, 'weight', /must be above 0/],
    ['a bad email', { owner_email: 'ana at example' }, 'owner_email', /name@example.com/],
    ['no owner', { owner_email: '' }, 'owner_email', /no owner/],
    ['an empty KPI name', { kpi_name: '' }, 'kpi_name', /kpi_name is empty; write the KPI name/],
    ['a KPI key with spaces', { kpi_key: 'First Response' }, 'kpi_key', /lower-case letters/],
  ])('reports %s', (_, change, column, message) => {
    const errors = errorsOf(csv([{ ...UPTIME, ...change }]));
    expect(errors).toEqual([{ line: 2, column, message: expect.stringMatching(message) }]);
  });

  it('reports a KPI key used twice in one contract on the second line', () => {
    expect(errorsOf(csv([UPTIME, RESOLUTION, UPTIME]))).toEqual([
      {
        line: 4,
        column: 'kpi_key',
        message: 'Contract CT-2026-014 already has a KPI uptime on line 2; give each KPI of a contract its own key.',
      },
    ]);
  });

  it('allows the same KPI key in different contracts', () => {
    const other = { ...UPTIME, contract_ref: 'CT-2026-015' };
    const plan = planImport(csv([UPTIME, other]), OPTIONS);
    expect(plan.ok && plan.contracts.map((item) => item.contract.reference)).toEqual(['CT-2026-014', 'CT-2026-015']);
  });

  it('reports a contract that already exists', () => {
    const errors = errorsOf(csv([UPTIME, RESOLUTION]), { ...OPTIONS, existingRefs: new Set(['CT-2026-014']) });
    expect(errors).toEqual([
      { line: 2, column: 'contract_ref', message: expect.stringMatching(/CT-2026-014 already exists/) },
    ]);
  });

  it('reports contract columns that disagree between rows of one contract', () => {
    const errors = errorsOf(csv([UPTIME, { ...RESOLUTION, title: 'Network services', value: '1250000' }]));
    expect(errors).toEqual([
      {
        line: 3,
        column: 'title',
        message:
          'Contract CT-2026-014 has title "Managed network services" on line 2 but "Network services" here; repeat the same value on every row of a contract.',
      },
    ]);
  });

  it('reports every bad row, not only the first', () => {
    const errors = errorsOf(
      csv([
        { ...UPTIME, kind: 'bogus' },
        RESOLUTION,
        {
          ...UPTIME,
          kpi_key: 'csat',
          kpi_name: 'CSAT',
          kind: 'rating',
          target: '5',
          warning: '4',
          breach: '3',
          baseline: '0',
        },
      ]),
    );
    expect(errors.map((error) => [error.line, error.column])).toEqual([
      [2, 'kind'],
      [4, 'baseline'],
    ]);
  });

  it('reports a missing required column and an unknown one in the header', () => {
    const header = HEADER.filter((name) => name !== 'breach').concat('owner_mail');
    const errors = errorsOf(csv([UPTIME], header));
    expect(errors).toEqual([
      { line: 1, column: 'owner_mail', message: expect.stringMatching(/"owner_mail" is not a column I know/) },
      {
        line: 1,
        column: 'breach',
        message: 'The header has no breach column; add it and fill it with the value at which the KPI turns red.',
      },
    ]);
  });

  it('asks for an owner column when the header has neither', () => {
    const header = HEADER.filter((name) => name !== 'owner_email');
    expect(errorsOf(csv([UPTIME], header))).toEqual([
      { line: 1, column: 'owner_email', message: expect.stringMatching(/owner_email or an owner_slack_id column/) },
    ]);
  });

  it('reports a row with the wrong number of fields', () => {
    const text = `${csv([UPTIME])}\r\nCT-9,too,few`;
    expect(errorsOf(text)).toEqual([
      { line: 3, column: null, message: expect.stringMatching(/3 fields but the header has 23/) },
    ]);
  });

  it('reports broken quoting with its line and field', () => {
    const text = `${csv([UPTIME])}\r\nCT-9,"Unclosed title`;
    expect(errorsOf(text)).toEqual([
      { line: 3, column: null, message: expect.stringMatching(/^Field 2: .*never closed/) },
    ]);
  });

  it('reports a file with only a header', () => {
    expect(errorsOf(csv([]))).toEqual([
      { line: 1, column: null, message: expect.stringMatching(/no rows below the header/) },
    ]);
  });
});
