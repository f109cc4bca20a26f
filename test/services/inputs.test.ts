import { isStewardError, type StewardError } from '../../src/domain/errors';
import {
  channelLinkInput,
  contractCreateInput,
  contractUpdateInput,
  correctiveActionInput,
  escalationPathInput,
  governanceInput,
  kpiDefinitionInput,
  kpiInput,
  lessonInput,
  notApplicableInput,
  obligationInput,
  obligationOutcomeInput,
  parseInput,
  personInput,
  riskInput,
  scoreInputFor,
  snoozeInput,
  valueRecordInput,
} from '../../src/services/inputs';

function refusal(run: () => unknown): StewardError {
  try {
    run();
  } catch (error) {
    if (isStewardError(error)) return error;
    throw error;
  }
  throw new Error('expected the input to be refused');
}

const contract = {
  reference: 'ACME-2026-001',
  title: 'Managed network services',
  vendorName: 'Acme Networks GmbH',
  value: '1,200,000',
  currency: 'eur',
  startDate: '2026-01-01',
  endDate: '2028-12-31',
  timezone: 'Europe/Berlin',
};

const kpi = {
  key: 'availability',
  name: 'Availability',
  unit: '%',
  kind: 'percent',
  direction: 'higher-is-better',
  baseline: '98',
  target: '99.5',
  warningThreshold: '99',
  breachThreshold: '98',
  weight: '50',
  cadence: { type: 'monthly' },
  respondent: 'owner',
  evidenceRequired: false,
  vendorVisible: false,
};

describe('parseInput', () => {
  it('reads values as people type them in modals', () => {
    expect(
      parseInput(contractCreateInput, { ...contract, reference: ' acme-2026-001 ', timezone: 'utc' }),
    ).toMatchObject({
      reference: 'ACME-2026-001',
      value: 1_200_000,
      currency: 'EUR',
      timezone: 'UTC',
    });
    expect(parseInput(kpiInput, { ...kpi, target: '99,5', warningThreshold: '99%' })).toMatchObject({
      target: 99.5,
      warningThreshold: 99,
      evidenceRequired: false,
    });
  });

  it('drops the direction controls that make a title read differently from what it is', () => {
    const parsed = parseInput(contractCreateInput, { ...contract, title: 'Pay\u202Efdp.exe \u2066x\u2069' });
    expect(parsed.title).toBe('Payfdp.exe x');
  });

  it('drops keys nobody asked for, such as operators', () => {
    const parsed = parseInput(contractCreateInput, { ...contract, $where: 'sleep(1000)', 'vendor.name': 'x' });
    expect(parsed).not.toHaveProperty('$where');
    expect(parsed).not.toHaveProperty(['vendor.name']);
  });

  it('says which field is wrong and how to write it, keyed by field', () => {
    const error = refusal(() => parseInput(kpiInput, { ...kpi, target: 'high' }));
    expect(error.code).toBe('validation');
    expect(error.fieldErrors).toEqual({ target: 'Target must be a number, like 99.5.' });
    expect(error.userMessage).toBe('Target must be a number, like 99.5.');
  });

  it('lists every problem at once', () => {
    const error = refusal(() =>
      parseInput(contractCreateInput, {
        ...contract,
        reference: 'x',
        startDate: '2026-02-30',
        currency: 'euro',
        title: '',
      }),
    );
    expect(Object.keys(error.fieldErrors).sort()).toEqual(['currency', 'reference', 'startDate', 'title']);
    expect(error.fieldErrors.startDate).toBe(
      '2026-02-30 is not a day in the calendar. Start date must be a real date written YYYY-MM-DD, like 2026-03-31.',
    );
    expect(error.fieldErrors.title).toBe('Title is required.');
    expect(error.fieldErrors.reference).toMatch(/like ACME-2026-001/);
    expect(error.userMessage).toMatch(/^Please fix these 4 things:/);
  });

  it('refuses a form that is not an object', () => {
    expect(refusal(() => parseInput(lessonInput, 'just text')).fieldErrors).toEqual({ form: expect.any(String) });
  });
});

describe('contract inputs', () => {
  it('refuses impossible dates, unknown zones and an end before the start', () => {
    const error = refusal(() =>
      parseInput(contractCreateInput, { ...contract, endDate: '2025-12-31', timezone: 'Mars/Olympus_Mons' }),
    );
    expect(error.fieldErrors).toEqual({
      endDate: 'End date must be on or after the start date (2026-01-01).',
      timezone: 'Timezone must be an IANA zone such as Europe/Berlin, America/New_York or UTC.',
    });
    expect(
      refusal(() => parseInput(contractCreateInput, { ...contract, startDate: '2025-02-29' })).fieldErrors,
    ).toHaveProperty('startDate');
    expect(parseInput(contractCreateInput, { ...contract, startDate: '2028-02-29' }).startDate).toBe('2028-02-29');
  });

  it('accepts references of 3 to 40 capitals, digits and dashes', () => {
    for (const good of ['AB1', 'ACME-2026-001', 'A'.repeat(40)]) {
      expect(parseInput(contractCreateInput, { ...contract, reference: good }).reference).toBe(good);
    }
    for (const bad of ['AB', 'A'.repeat(41), '-ACME', 'ACME-', 'ACME_2026', 'ACME 2026', 'ACME.2026', '$where']) {
      expect(
        refusal(() => parseInput(contractCreateInput, { ...contract, reference: bad })).fieldErrors,
      ).toHaveProperty('reference');
    }
  });

  it('checks partial edits field by field', () => {
    expect(parseInput(contractUpdateInput, { title: 'New title' })).toEqual({ title: 'New title' });
    expect(
      refusal(() => parseInput(contractUpdateInput, { startDate: '2026-05-01', endDate: '2026-04-01' })).fieldErrors,
    ).toHaveProperty('endDate');
  });

  it('reads people from ids or addresses and refuses anyone unidentifiable', () => {
    expect(parseInput(personInput, 'U0123ABCD')).toEqual({ slackUserId: 'U0123ABCD' });
    expect(parseInput(personInput, 'vendor@example.com')).toEqual({ email: 'vendor@example.com' });
    expect(parseInput(personInput, '6F1C1C7E-2F7E-4F55-9D0E-3C1F1B8E2A11')).toEqual({
      teamsUserId: '6f1c1c7e-2f7e-4f55-9d0e-3c1f1b8e2a11',
    });
    // The Agents Playground's users: a GUID shape with 13 digits at the end.
    expect(parseInput(personInput, '00000000-0000-0000-0000-0000000000020')).toEqual({
      teamsUserId: '00000000-0000-0000-0000-0000000000020',
    });
    expect(
      refusal(() => parseInput(personInput, { teamsUserId: '00000000-0000-0000-0000-00000000000200' })).userMessage,
    ).toMatch(/Microsoft Entra object id/);
    expect(refusal(() => parseInput(personInput, { name: 'Nobody' })).userMessage).toMatch(
      /pick a Slack or Teams user/,
    );
    expect(parseInput(governanceInput, { owner: ['U0OWNER'], legal: [{ email: 'legal@example.com' }] })).toEqual({
      owner: [{ slackUserId: 'U0OWNER' }],
      legal: [{ email: 'legal@example.com' }],
    });
  });

  it('turns escalation levels into a path and refuses gaps and empty levels', () => {
    expect(
      parseInput(escalationPathInput, {
        levels: [
          { level: '1', role: 'owner', ackWithinHours: '24' },
          { level: 2, people: ['U0BOSS'], ackWithinHours: 48 },
        ],
      }),
    ).toEqual([
      { level: 1, role: 'owner', people: [], ackWithinHours: 24 },
      { level: 2, people: [{ slackUserId: 'U0BOSS' }], ackWithinHours: 48 },
    ]);
    const error = refusal(() =>
      parseInput(escalationPathInput, {
        levels: [
          { level: 1, ackWithinHours: '1.5' },
          { level: 3, role: 'legal', ackWithinHours: 24 },
        ],
      }),
    );
    expect(error.fieldErrors).toEqual({
      'levels.0.ackWithinHours': 'Time to acknowledge must be a whole number of hours from 1 to 720, like 24.',
    });
    const gaps = refusal(() =>
      parseInput(escalationPathInput, {
        levels: [
          { level: 1, ackWithinHours: 8 },
          { level: 3, role: 'legal', ackWithinHours: 24 },
        ],
      }),
    );
    expect(Object.keys(gaps.fieldErrors).sort()).toEqual(['levels.0.people', 'levels.1.level']);
    expect(refusal(() => parseInput(escalationPathInput, { levels: [] })).fieldErrors).toEqual({
      levels: 'Add at least one escalation level.',
    });
  });

  it('links Slack channels by id and Teams conversations with their service URL', () => {
    expect(parseInput(channelLinkInput, { surface: 'slack', channelId: 'C0123ABCD', purpose: 'vendor' })).toMatchObject(
      {
        channelId: 'C0123ABCD',
      },
    );
    expect(
      refusal(() => parseInput(channelLinkInput, { surface: 'slack', channelId: '#general', purpose: 'internal' }))
        .fieldErrors,
    ).toHaveProperty('channelId');
    expect(
      refusal(() =>
        parseInput(channelLinkInput, { surface: 'teams', channelId: '19:abc@thread.tacv2', purpose: 'internal' }),
      ).fieldErrors,
    ).toHaveProperty('serviceUrl');
  });
});

describe('KPI inputs', () => {
  it('keeps values inside the range of the KPI kind', () => {
    expect(refusal(() => parseInput(kpiInput, { ...kpi, target: '101' })).fieldErrors).toEqual({
      target: 'Target must be a percentage from 0 to 100 for a percent KPI, like 99.5.',
    });
    const rating = {
      ...kpi,
      kind: 'rating',
      unit: '',
      baseline: 3,
      target: 5,
      warningThreshold: 4,
      breachThreshold: 3,
    };
    expect(parseInput(kpiInput, rating).kind).toBe('rating');
    expect(refusal(() => parseInput(kpiInput, { ...rating, breachThreshold: 0 })).fieldErrors).toHaveProperty(
      'breachThreshold',
    );
    const yesNo = {
      ...kpi,
      kind: 'yes-no',
      unit: '',
      baseline: 0,
      target: 1,
      warningThreshold: 1,
      breachThreshold: 0.5,
    };
    expect(refusal(() => parseInput(kpiInput, yesNo)).fieldErrors).toHaveProperty('breachThreshold');
  });

  it('requires thresholds in the order of the KPI direction', () => {
    const error = refusal(() => parseInput(kpiInput, { ...kpi, warningThreshold: '99.8' }));
    expect(error.fieldErrors).toEqual({ warningThreshold: expect.stringMatching(/must not be above the target/) });
    const lower = {
      ...kpi,
      kind: 'duration',
      unit: 'h',
      direction: 'lower-is-better',
      baseline: 8,
      target: 4,
      warningThreshold: 6,
      breachThreshold: 8,
    };
    expect(parseInput(kpiDefinitionInput, lower)).toMatchObject({ direction: 'lower-is-better' });
    expect(refusal(() => parseInput(kpiDefinitionInput, { ...lower, breachThreshold: 5 })).fieldErrors).toHaveProperty(
      'breachThreshold',
    );
  });

  it('refuses a vendor-answered KPI hidden from the vendor, bad keys and bad cadences', () => {
    expect(refusal(() => parseInput(kpiInput, { ...kpi, respondent: 'vendor' })).fieldErrors).toHaveProperty(
      'vendorVisible',
    );
    expect(refusal(() => parseInput(kpiInput, { ...kpi, key: 'Uptime %' })).fieldErrors.key).toMatch(
      /first-response-time/,
    );
    expect(refusal(() => parseInput(kpiInput, { ...kpi, cadence: 'daily' })).fieldErrors).toEqual({
      'cadence.type': 'Cadence must be weekly, monthly, quarterly or milestones.',
    });
    expect(
      parseInput(kpiInput, {
        ...kpi,
        cadence: { type: 'milestones', dates: ['2026-09-30', '2026-06-30', '2026-06-30'] },
      }).cadence,
    ).toEqual({ type: 'milestones', dates: ['2026-06-30', '2026-09-30'] });
    expect(
      refusal(() => parseInput(kpiInput, { ...kpi, cadence: { type: 'milestones', dates: ['2026-06-31'] } }))
        .fieldErrors,
    ).toHaveProperty(['cadence.dates.0']);
  });
});

describe('score and check-in inputs', () => {
  it('judges a score by the KPI kind', () => {
    const percent = scoreInputFor({ kind: 'percent', unit: '%', evidenceRequired: false });
    expect(parseInput(percent, { value: '99,7', comment: '  ' })).toEqual({ value: 99.7 });
    expect(refusal(() => parseInput(percent, { value: '120' })).fieldErrors).toEqual({
      value: 'Score must be a percentage from 0 to 100, like 99.5.',
    });
    expect(refusal(() => parseInput(percent, {})).fieldErrors).toEqual({ value: 'Score is required.' });

    const yesNo = scoreInputFor({ kind: 'yes-no', unit: '', evidenceRequired: false });
    expect(parseInput(yesNo, { value: 'Yes' }).value).toBe(1);
    expect(parseInput(yesNo, { value: 'no' }).value).toBe(0);
    expect(refusal(() => parseInput(yesNo, { value: '0.5' })).fieldErrors).toHaveProperty('value');

    const rating = scoreInputFor({ kind: 'rating', unit: '', evidenceRequired: true });
    expect(refusal(() => parseInput(rating, { value: '4.5' })).fieldErrors).toEqual({
      value: 'Score must be a rating from 1 to 5, like 4.',
      evidenceUrl: expect.stringMatching(/^Evidence is required/),
    });
    expect(
      refusal(() => parseInput(rating, { value: 4, evidenceUrl: 'javascript:alert(1)' })).fieldErrors,
    ).toHaveProperty('evidenceUrl');
  });

  it('needs a reason for not applicable and a sensible snooze', () => {
    expect(refusal(() => parseInput(notApplicableInput, { reason: ' ' })).fieldErrors).toEqual({
      reason: 'Reason is required.',
    });
    expect(parseInput(snoozeInput, {})).toEqual({ hours: 24 });
    expect(refusal(() => parseInput(snoozeInput, { hours: '999' })).fieldErrors).toHaveProperty('hours');
  });
});

describe('follow-up inputs', () => {
  it('validates corrective actions, obligations, risks, value and lessons', () => {
    expect(
      parseInput(correctiveActionInput, { action: 'Add a second uplink', owner: 'U0OPS', dueDate: '2026-04-30' }),
    ).toEqual({
      action: 'Add a second uplink',
      owner: { slackUserId: 'U0OPS' },
      dueDate: '2026-04-30',
    });
    expect(
      refusal(() => parseInput(correctiveActionInput, { action: 'x', dueDate: '30/04/2026' })).fieldErrors,
    ).toEqual({
      action: 'Action must be at least 3 characters.',
      owner: expect.stringMatching(/Choose a person/),
      dueDate: 'Due date must be a real date written YYYY-MM-DD, like 2026-03-31.',
    });
    expect(
      parseInput(obligationInput, { kind: 'report', title: 'Monthly report', owner: 'U0V', dueDate: '2026-03-05' })
        .recurrence,
    ).toBe('none');
    expect(refusal(() => parseInput(obligationOutcomeInput, { outcome: 'waived' })).fieldErrors).toHaveProperty(
      'waivedReason',
    );
    expect(refusal(() => parseInput(obligationOutcomeInput, { outcome: 'open' })).fieldErrors).toHaveProperty(
      'outcome',
    );
    expect(
      refusal(() =>
        parseInput(riskInput, {
          title: 'Outage',
          likelihood: '6',
          impact: '2.5',
          owner: 'U0O',
          reviewDate: '2026-04-01',
        }),
      ).fieldErrors,
    ).toEqual({
      likelihood: 'Likelihood must be a whole number from 1 to 5, like 3.',
      impact: 'Impact must be a whole number from 1 to 5, like 3.',
    });
    expect(
      parseInput(valueRecordInput, {
        periodKey: '2026-Q1',
        kind: 'savings',
        planned: '10000',
        realized: '8,500.50',
        currency: 'eur',
      }),
    ).toMatchObject({
      realized: 8500.5,
      currency: 'EUR',
    });
    expect(
      refusal(() =>
        parseInput(valueRecordInput, {
          periodKey: '2026-13',
          kind: 'savings',
          planned: 1,
          realized: 1,
          currency: 'EUR',
        }),
      ).fieldErrors,
    ).toHaveProperty('periodKey');
    expect(parseInput(lessonInput, { text: '{"$gt": ""} is what the vendor typed' }).text).toBe(
      '{"$gt": ""} is what the vendor typed',
    );
  });
});
