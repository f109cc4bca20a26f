import { HELP_SECTIONS } from '../../../src/chat/commands';
import { ruleLines } from '../../../src/chat/forms';
import type {
  CorrectiveActionView,
  FinalEvaluationView,
  KickoffView,
  ObligationView,
  RiskView,
  ServiceCreditClaimPack,
} from '../../../src/services/service-api';
import { finalEvaluationMessage } from '../../../src/slack/blocks/closeout';
import { finalEvaluationCard, lessonsBlock } from '../../../src/teams/cards/closeout-cards';
import { correctiveActionListCard } from '../../../src/teams/cards/corrective-action-card';
import { helpCard } from '../../../src/teams/cards/help-card';
import { importFormCard } from '../../../src/teams/cards/import-card';
import { kickoffCard } from '../../../src/teams/cards/kickoff-card';
import { obligationFormCard, obligationListCard } from '../../../src/teams/cards/obligation-cards';
import { auditVerificationCard, filesCard } from '../../../src/teams/cards/record-cards';
import { riskFormCard, riskListCard } from '../../../src/teams/cards/risk-cards';
import { claimPackCard, creditTermsFormCard } from '../../../src/teams/cards/service-credit-cards';
import { portfolioValueCard, valueFormCard, valueSummaryCard } from '../../../src/teams/cards/value-cards';
import { cardText } from '../../support/teams-connector';
import { byId, expectSchema15, type Node, nodes, readable } from './card-assertions';

const REF = 'ACME-2026-001';
const alex = { name: 'Alex Wilber', teamsUserId: '00000000-0000-0000-0000-0000000000020' };
const vic = { name: 'Victor', email: 'victor@acme.example' };

const buttons = (card: Parameters<typeof nodes>[0]) =>
  nodes(card).filter((node) => node.type === 'Action.Execute') as Array<
    Node & { title: string; data: Record<string, unknown> }
  >;

function kickoff(overrides: Partial<KickoffView> = {}): KickoffView {
  return {
    contractRef: REF,
    contractTitle: 'Managed network **services**',
    vendorName: 'Acme Networks',
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    roles: [
      { role: 'owner', people: [alex] },
      { role: 'finance', people: [] },
    ],
    vendorContacts: [vic],
    escalationPath: [{ level: 1, people: [], role: 'owner', ackWithinHours: 24 }],
    kpis: [
      {
        key: 'uptime',
        name: 'Network uptime',
        cadence: 'monthly',
        respondent: 'vendor',
        direction: 'higher-is-better',
        target: '99.9%',
        warning: '99.5%',
        breach: '99%',
      },
    ],
    vendorView: false,
    acknowledged: null,
    ...overrides,
  };
}

describe('kickoffCard', () => {
  it('shows roles, the path and the KPIs to the contract team, waiting for the vendor, with no button', () => {
    const card = kickoffCard(kickoff());

    expectSchema15(card);
    const text = readable(card);
    expect(text).toContain('Kickoff of ACME-2026-001 · Managed network **services**');
    expect(text).toContain('Finance');
    expect(text).toContain('nobody yet');
    expect(text).toContain('1. owner (24 h)');
    expect(text).toContain('target 99.9% · amber at 99.5% · red at 99% · monthly · the vendor answers');
    expect(text).toContain('Waiting for Acme Networks to acknowledge the kickoff.');
    expect(buttons(card)).toEqual([]);
  });

  it('gives the vendor the Acknowledge button until it is acknowledged', () => {
    const open = kickoffCard(
      kickoff({ vendorView: true, escalationPath: [], roles: [{ role: 'owner', people: [alex] }] }),
    );
    const done = kickoffCard(
      kickoff({ vendorView: true, acknowledged: { by: vic, at: new Date('2026-03-02T09:00:00Z') } }),
      { notice: '✅ Thank you' },
    );

    expect(readable(open)).toContain('The KPIs you are measured on (1)');
    expect(readable(open)).toContain('you answer');
    expect(buttons(open).map((b) => [b.title, b.data])).toEqual([
      ['Acknowledge kickoff', { action: 'kickoff_acknowledge', reference: REF }],
    ]);
    expect(readable(done).split('\n')[0]).toBe('✅ Thank you');
    expect(readable(done)).toContain('Acknowledged by Victor for Acme Networks on 2 Mar 2026, 09:00 UTC.');
    expect(buttons(done)).toEqual([]);
  });
});

function obligation(overrides: Partial<ObligationView> = {}): ObligationView {
  return {
    id: 'obl-1',
    contractRef: REF,
    kind: 'report',
    title: 'Quarterly report',
    owner: vic,
    dueDate: '2026-03-31',
    recurrence: 'quarterly',
    outcome: 'open',
    overdue: false,
    evidence: [],
    ...overrides,
  };
}

describe('obligation cards', () => {
  const list = [
    obligation(),
    obligation({ id: 'obl-2', title: 'Insurance {{DATE(x)}}', kind: 'insurance', overdue: true, recurrence: 'none' }),
    obligation({
      id: 'obl-3',
      title: 'Audit',
      outcome: 'waived',
      waivedBy: alex,
      waivedReason: 'Group audit covers it',
    }),
  ];

  it('gives each open obligation its own form and the outcome buttons to managers, the closed ones none', () => {
    const card = obligationListCard(REF, list, { canDecide: true });

    expectSchema15(card);
    const text = readable(card);
    expect(text).toContain('Obligations of ACME-2026-001 (2 open, 1 closed)');
    expect(text).toContain('⚠️ Overdue');
    expect(text).toContain('Insurance {\u200b{DATE(x)}}');
    expect(text).toContain('Waived by Alex Wilber: Group audit covers it');
    expect(byId(card, 'ob1_url')).toBeDefined();
    expect(byId(card, 'ob1_waivedReason')).toBeDefined();
    expect(byId(card, 'ob2_url')).toBeUndefined();
    // Overdue first, as Slack lists them (src/chat/item-paging.ts): the overdue insurance takes the first slot.
    expect(text.indexOf('Insurance')).toBeLessThan(text.indexOf('Quarterly report'));
    expect(
      buttons(card)
        .filter((b) => b.data.obligationId === 'obl-2' && b.data.action !== 'obligation_plan_open')
        .map((b) => [b.title, b.data]),
    ).toEqual([
      ['Add evidence', { action: 'obligation_add_evidence', reference: REF, obligationId: 'obl-2', slot: 0 }],
      ['Fulfilled', { action: 'obligation_fulfilled', reference: REF, obligationId: 'obl-2', slot: 0 }],
      ['Not fulfilled', { action: 'obligation_not_fulfilled', reference: REF, obligationId: 'obl-2', slot: 0 }],
      ['Waive', { action: 'obligation_waive', reference: REF, obligationId: 'obl-2', slot: 0 }],
    ]);
    expect(byId(card, 'obligation_1_form')?.isVisible).toBe(false);
  });

  it('offers a vendor evidence only', () => {
    const card = obligationListCard(REF, list, { canDecide: false });

    expect(new Set(buttons(card).map((b) => b.title))).toEqual(new Set(['Add evidence']));
    expect(byId(card, 'ob0_waivedReason')).toBeUndefined();
  });

  it('opens the rejected obligation’s form with what was typed and each message under its input', () => {
    const card = obligationListCard(REF, list, {
      canDecide: true,
      problem: {
        itemId: 'obl-2',
        message: 'Evidence must be a link.',
        fieldErrors: { url: 'Evidence must be a link starting with https://.' },
        values: { url: 'acme.example/report', note: 'Sent by mail' },
      },
    });

    expect(byId(card, 'obligation_0_form')?.isVisible).toBe(true);
    expect(byId(card, 'obligation_1_form')?.isVisible).toBe(false);
    expect(byId(card, 'ob0_url')?.value).toBe('acme.example/report');
    expect(byId(card, 'ob0_note')?.value).toBe('Sent by mail');
    expect(cardText(byId(card, 'ob0_url_error'))).toContain('starting with https://');
    expect(byId(card, 'ob1_url')?.value).toBeUndefined();
  });

  it('draws the form with a date input, and a rejected one with its values and messages in place', () => {
    const empty = obligationFormCard(REF);
    const rejected = obligationFormCard(REF, {
      message: 'Due date: not a day.',
      fieldErrors: { obl_dueDate: '2026-02-30 is not a day in the calendar.' },
      values: { obl_title: 'Report', obl_dueDate: '2026-02-30', obl_kind: 'audit' },
    });

    expectSchema15(empty);
    expect(byId(empty, 'obl_dueDate')?.type).toBe('Input.Date');
    expect(buttons(empty).map((b) => b.data)).toEqual([{ action: 'obligation_create', reference: REF }]);
    expect(byId(rejected, 'obl_title')?.value).toBe('Report');
    expect(byId(rejected, 'obl_kind')?.value).toBe('audit');
    expect(cardText(byId(rejected, 'obl_dueDate_error'))).toContain('not a day in the calendar');
    // Every message stands under its input, so no banner repeats it on top.
    expect(readable(rejected)).not.toContain('Due date: not a day.');
  });
});

describe('risk cards', () => {
  const risk: RiskView = {
    id: 'r1',
    contractRef: REF,
    title: 'Key engineer leaves',
    likelihood: 4,
    impact: 5,
    score: 20,
    rating: 'critical',
    mitigation: 'Shadowing',
    owner: alex,
    reviewDate: '2026-04-30',
    status: 'open',
  };

  it('lists risks with their rating in words and says where the heat map is', () => {
    const posted = riskListCard(REF, [risk], { heatMap: 'posted' });
    const attached = riskListCard(REF, [risk], { heatMap: 'attached' });

    expectSchema15(posted);
    expect(readable(posted)).toContain('🔴 Critical 20');
    expect(readable(posted)).toContain('likelihood 4 × impact 5 · open · owner Alex Wilber · review 2026-04-30');
    expect(readable(posted)).toContain('posted as an image in this chat');
    expect(readable(attached)).toContain('attached below');
  });

  it('asks for likelihood and impact from 1 to 5, with the review date prefilled', () => {
    const card = riskFormCard(REF, { reviewDate: '2026-04-01' });

    expectSchema15(card);
    // The range is said, not enforced by the card (a host that clamps would hide a mistyped 7).
    expect(byId(card, 'risk_likelihood')).toMatchObject({ type: 'Input.Number', placeholder: '1 to 5' });
    expect(byId(card, 'risk_likelihood')).not.toHaveProperty('max');
    expect(byId(card, 'risk_reviewDate')).toMatchObject({ type: 'Input.Date', value: '2026-04-01' });
  });
});

describe('correctiveActionListCard', () => {
  const action = (overrides: Partial<CorrectiveActionView>): CorrectiveActionView => ({
    id: 'ca-1',
    contractRef: REF,
    action: 'Replace the core switch',
    owner: alex,
    dueDate: '2026-03-20',
    status: 'planned',
    history: [{ at: new Date('2026-03-02T09:00:00Z'), to: 'planned', by: alex }],
    nextSteps: ['approved', 'cancelled'],
    ...overrides,
  });

  it('offers each open action its next steps, cancelling behind a note, and lists finished ones without buttons', () => {
    const card = correctiveActionListCard(REF, [
      action({}),
      action({ id: 'ca-2', status: 'verified', nextSteps: ['closed', 'in-progress'] }),
      action({ id: 'ca-3', status: 'closed', nextSteps: [] }),
    ]);

    expectSchema15(card);
    expect(readable(card)).toContain('Corrective actions of ACME-2026-001 (2 open, 1 done)');
    expect(buttons(card).map((b) => [b.title, b.data.action, b.data.actionId])).toEqual([
      ['Approve', 'corrective_action_approve', 'ca-1'],
      ['Cancel action', 'corrective_action_cancel', 'ca-1'],
      ['Close', 'corrective_action_close', 'ca-2'],
      ['Reopen', 'corrective_action_start', 'ca-2'],
    ]);
    expect(byId(card, 'ca0_note')).toBeDefined();
    expect(byId(card, 'ca2_note')).toBeUndefined();
  });
});

describe('service credit cards', () => {
  it('prefills the terms with one rule per line', () => {
    const card = creditTermsFormCard({
      contractRef: REF,
      periodFee: { amount: 25_000, currency: 'EUR' },
      rules: [
        { kpiKey: 'uptime', percentOfFeePerPoint: 2, capPercent: 10 },
        { kpiKey: 'first-response', percentOfFeePerPoint: 1, capPercent: 5, flatPercentOnBreach: 0.5 },
      ],
      contractCapPercent: 15,
    });

    expectSchema15(card);
    expect(byId(card, 'credit_periodFee')?.value).toBe(25_000);
    expect(byId(card, 'credit_rules')?.value).toBe('uptime 2 10\nfirst-response 1 5 0.5');
    expect(byId(card, 'credit_contractCapPercent')?.value).toBe(15);
    expect(ruleLines([{ kpiKey: 'uptime', percentOfFeePerPoint: 2.5, capPercent: 10 }])).toBe('uptime 2.5 10');
  });

  it('shows the claim pack’s summary and totals, and where the CSV is', () => {
    const money = (amount: number) => ({ amount, currency: 'EUR' });
    const pack: ServiceCreditClaimPack = {
      contractRef: REF,
      periodKey: '2026-02',
      statement: {
        periodFee: money(25_000),
        lines: [],
        subtotal: money(500),
        total: money(500),
        contractCap: null,
        contractCapApplied: false,
      },
      summary: 'Service credit claim for ACME-2026-001\n• Uptime: 98 → 2% = 500.00 EUR',
      csv: {
        file: {
          filename: 'ACME-2026-001-service-credits-2026-02.csv',
          title: 't',
          content: Buffer.from(''),
          mimeType: 'text/csv',
        },
      },
    };

    const card = claimPackCard(pack, { csv: 'attached' });

    expectSchema15(card);
    const text = readable(card);
    expect(text).toContain('Service credits of ACME-2026-001, February 2026');
    expect(text).toContain('• Uptime: 98 → 2% = 500.00 EUR');
    expect(text).toContain('25,000.00 EUR');
    expect(text).toContain('ACME-2026-001-service-credits-2026-02.csv) is attached below');
  });
});

describe('value cards', () => {
  const summary = {
    totals: [
      { kind: 'savings' as const, currency: 'JPY', planned: 1_000_000, realized: 800_000, ratio: 0.8, records: 2 },
    ],
    series: [
      {
        kind: 'savings' as const,
        currency: 'JPY',
        points: [{ periodKey: '2026-02', planned: 500_000, realized: 400_000, ratio: 0.8 }],
      },
    ],
  };

  it('shows realized against planned in the currency’s own decimals, per period', () => {
    const card = valueSummaryCard({ contractRef: REF, ...summary });
    const portfolio = portfolioValueCard({
      totals: [{ ...summary.totals[0]!, contracts: 1 }],
      byContract: [{ contractRef: REF, summary }],
    });
    const form = valueFormCard(REF, { periodKey: '2026-02' });

    for (const c of [card, portfolio, form]) expectSchema15(c);
    expect(readable(card)).toContain('realized 800,000 JPY of 1,000,000 JPY planned · 80% · 2 records');
    expect(readable(card)).toContain('February 2026: 400,000 JPY of 500,000 JPY (80%)');
    expect(readable(portfolio)).toContain('1 contract');
    expect(byId(form, 'value_periodKey')?.value).toBe('2026-02');
  });
});

describe('closeout and record cards', () => {
  it('shows the evaluation, its reasons and what to do next', () => {
    const view: FinalEvaluationView = {
      contractRef: REF,
      contractTitle: 'Managed network',
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      termScore: 62.5,
      termRag: 'amber',
      series: [],
      kpis: [
        {
          key: 'uptime',
          name: 'Network uptime',
          weight: 1,
          scoredPeriods: 4,
          unscoredPeriods: 1,
          averageAttainment: 0.9,
          percentOfPeriods: { green: 50, amber: 25, red: 25 },
        },
      ],
      obligations: {
        total: 4,
        onTime: 3,
        late: 1,
        notFulfilled: 0,
        waived: 0,
        open: 0,
        onTimePercent: 75,
        fulfilledPercent: 100,
      },
      escalations: 2,
      value: { totals: [], series: [] },
      recommendation: 'renew-with-conditions',
      reasons: ['The term score is amber.'],
    };

    const card = finalEvaluationCard(view);

    expectSchema15(card);
    const text = readable(card);
    expect(text).toContain('62.5 / 100');
    expect(text).toContain('🟠 Amber');
    expect(text).toContain('🟠 Renew with conditions');
    expect(text).toContain('• The term score is amber.');
    expect(text).toContain('4 periods scored · red in 25%, amber in 25% · 1 unscored');
    expect(text).toContain('steward close ACME-2026-001 closed|renewed');
    expect(text).toContain('Nothing has been scored yet over the term 2026-01-01 to 2027-12-31.');

    // One red month of a two-year term: the score says what it rests on, on both surfaces.
    const early = { ...view, termScore: 0, termRag: 'red' as const, series: [{ periodKey: '2026-01', score: 0 }] };
    const basis = 'Based on 1 scored period (January 2026) of the term 2026-01-01 to 2027-12-31';
    expect(readable(finalEvaluationCard(early))).toContain(basis);
    expect(JSON.stringify(finalEvaluationMessage(early).blocks)).toContain(basis);
  });

  it('shows lessons literally with where they come from', () => {
    const block = lessonsBlock([
      {
        contractRef: 'OLD-2024-001',
        vendorName: 'Acme Networks',
        category: 'Network',
        text: 'Ask for **named** engineers',
        author: alex,
        createdAt: new Date('2025-06-01T10:00:00Z'),
      },
    ]);
    expect(lessonsBlock([])).toEqual([]);
    expect(cardText(block)).toContain('Ask for **named** engineers');
    expect(cardText(block)).toContain('OLD-2024-001 · Acme Networks · Network · Alex Wilber');
  });

  it('says whether the audit trail holds, and names the event that broke it', () => {
    expect(readable(auditVerificationCard(REF, { ok: true, count: 12 }))).toContain('all 12 events check out');
    const broken = readable(
      auditVerificationCard(REF, {
        ok: false,
        count: 2,
        brokenAt: 3,
        reason: 'event 3 was altered after it was written',
      }),
    );
    expect(broken).toContain('broken at event 3: event 3 was altered after it was written.');
    expect(broken).toContain('The 2 events before it check out');
  });

  it('says which files were posted here, which went to the chat with Steward, and which are attached', () => {
    const file = (filename: string) => ({ filename, title: filename, content: Buffer.from(''), mimeType: 'text/csv' });
    const card = filesCard(
      'Export',
      [
        { file: file('a.csv'), posted: { surface: 'teams', channelId: 'here', messageId: 'm' } },
        { file: file('b.csv') },
        { file: file('c.csv'), posted: { surface: 'teams', channelId: 'direct', messageId: 'm' } },
      ],
      [],
      'here',
    );
    expect(readable(card)).toContain('a.csv: posted in this chat');
    expect(readable(card)).toContain('b.csv: attached below');
    expect(readable(card)).toContain('c.csv: sent to your chat with Steward');
  });
});

describe('importFormCard', () => {
  it('starts as a dry run and lists every problem by line and column under the pasted file', () => {
    const card = importFormCard({
      csv: 'contract_ref,…',
      dryRun: true,
      report: {
        dryRun: true,
        ok: false,
        contracts: [],
        errors: [
          { line: 3, column: 'kind', message: '"amount" is not a kind.' },
          { line: 4, column: null, message: 'The row has too few columns.' },
        ],
      },
    });

    expectSchema15(card);
    expect(byId(card, 'import_dryRun')?.value).toBe('true');
    expect(byId(card, 'import_csv')?.value).toBe('contract_ref,…');
    const errors = cardText(byId(card, 'import_csv_error'));
    expect(errors).toContain('Line 3, kind: "amount" is not a kind.');
    expect(errors).toContain('Line 4: The row has too few columns.');
    expect(readable(card)).toContain('2 problems in the file');
    expect(buttons(card).map((b) => b.data)).toEqual([{ action: 'contracts_import' }]);
  });

  it('says a good file is not imported yet by a dry run, and shows a problem with the whole file under it', () => {
    const good = importFormCard({
      dryRun: true,
      report: {
        dryRun: true,
        ok: true,
        contracts: [{ reference: 'IMP-1', title: 'Cleaning', line: 2, kpis: 2 }],
        errors: [],
      },
    });
    const empty = importFormCard({
      dryRun: false,
      problem: { message: 'The file is empty.', fieldErrors: { import_csv: 'The file is empty.' }, values: {} },
    });

    expect(readable(good)).toContain('Nothing was imported yet');
    expect(readable(good)).toContain('• IMP-1 · Cleaning (2 KPIs)');
    expect(cardText(byId(empty, 'import_csv_error'))).toContain('The file is empty.');
    expect(byId(empty, 'import_dryRun')?.value).toBe('false');
  });
});

describe('helpCard sections', () => {
  it('lists every command under the heading of what it is for', () => {
    const text = readable(helpCard());
    for (const section of Object.values(HELP_SECTIONS)) expect(text).toContain(section);
    expect(text.indexOf('Kickoff, obligations')).toBeLessThan(text.indexOf('steward obligations REF'));
    expect(text).toContain('steward credits REF [terms|PERIOD]');
    expect(text).toContain('steward close REF renewed YYYY-MM-DD note…');
  });
});
