import type { CorrectiveActionView, KickoffView, ObligationView, RiskView } from '../../../src/services/service-api';
import { correctiveActionListMessage } from '../../../src/slack/blocks/corrective-actions';
import { helpMessage } from '../../../src/slack/blocks/help';
import { homeView } from '../../../src/slack/blocks/home';
import { acknowledgedKickoffBlocks, kickoffChecklistMessage } from '../../../src/slack/blocks/kickoff';
import { noticeMessage } from '../../../src/slack/blocks/notices';
import { obligationListMessage } from '../../../src/slack/blocks/obligations';
import { importProblems } from '../../../src/slack/blocks/records';
import { readRiskButtonValue, riskButtonValue, riskListMessage } from '../../../src/slack/blocks/risks';
import { buttonsIn } from '../../support/slack-e2e';
import { ALICE, actionIdsOf, checkinItem, textOf } from '../fixtures';

const VENDOR = { slackUserId: 'U0VENDOR', name: 'Vera' };

function obligation(overrides: Partial<ObligationView> = {}): ObligationView {
  return {
    id: 'obl-1',
    contractRef: 'ACME-2026-001',
    kind: 'report',
    title: 'Monthly report <!channel>',
    owner: VENDOR,
    dueDate: '2026-04-30',
    recurrence: 'none',
    outcome: 'open',
    overdue: false,
    evidence: [],
    ...overrides,
  };
}

function risk(overrides: Partial<RiskView> = {}): RiskView {
  return {
    id: 'risk-1',
    contractRef: 'ACME-2026-001',
    title: 'Key engineer leaves',
    likelihood: 3,
    impact: 4,
    score: 12,
    rating: 'high',
    owner: ALICE,
    reviewDate: '2026-04-10',
    status: 'open',
    ...overrides,
  };
}

describe('kickoff blocks', () => {
  const text = 'Kickoff of ACME-2026-001 …\n3. Please acknowledge this kickoff: /steward acknowledge ACME-2026-001';

  it('gives the vendor’s kickoff notice an Acknowledge button, and other notices none', () => {
    const vendor = noticeMessage({
      text,
      mention: [VENDOR],
      action: { kind: 'acknowledge-kickoff', contractRef: 'ACME-2026-001' },
    });
    expect(actionIdsOf(vendor.blocks)).toEqual(['kickoff_acknowledge']);
    expect(textOf(vendor.blocks)).toContain('"value":"ACME-2026-001"');
    const internal = noticeMessage({
      text: 'Kickoff of ACME-2026-001 …\n3. Waiting for Acme to acknowledge the kickoff.',
    });
    expect(actionIdsOf(internal.blocks)).toEqual([]);
    // Someone quoting the command in a comment does not get a button.
    expect(actionIdsOf(noticeMessage({ text: 'Say /steward acknowledge ACME-2026-001 please' }).blocks)).toEqual([]);
  });

  it('swaps the button for who acknowledged', () => {
    const { blocks } = noticeMessage({ text });
    const after = acknowledgedKickoffBlocks(blocks, VENDOR, new Date('2026-03-02T10:00:00Z'));
    expect(actionIdsOf(after)).toEqual([]);
    expect(textOf(after)).toContain('Acknowledged by <@U0VENDOR>');
  });

  it('shows the checklist with escaped names and says what was posted', () => {
    const view: KickoffView = {
      contractRef: 'ACME-2026-001',
      contractTitle: 'Network <b>',
      vendorName: 'Acme & Co',
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      roles: [{ role: 'owner', people: [ALICE] }],
      vendorContacts: [VENDOR],
      escalationPath: [],
      kpis: [
        {
          key: 'availability',
          name: 'Availability',
          cadence: 'monthly',
          respondent: 'vendor',
          direction: 'higher-is-better',
          target: '99.5%',
          warning: '99%',
          breach: '98%',
        },
      ],
      vendorView: true,
      acknowledged: null,
    };
    const message = textOf(kickoffChecklistMessage(view, { posted: 2 }));
    expect(message).toContain('in 2 linked channels');
    expect(message).toContain('Network &lt;b&gt;');
    expect(message).toContain('Acme &amp; Co');
    expect(message).toContain('Vendor view');
  });
});

describe('obligation, risk and corrective action lists', () => {
  it('offers outcomes to the contract team and only evidence to the vendor, escaping titles', () => {
    const list = [obligation(), obligation({ id: 'obl-2', overdue: true, dueDate: '2026-03-01' })];
    const team = obligationListMessage(list, 'ACME-2026-001', { manage: true });
    expect(actionIdsOf(team.blocks)).toEqual([
      'obligation_add_evidence',
      'obligation_fulfilled',
      'obligation_not_fulfilled',
      'obligation_waive',
      'obligation_plan_action',
      'obligation_add_evidence',
      'obligation_fulfilled',
      'obligation_not_fulfilled',
      'obligation_waive',
    ]);
    // mrkdwn is escaped; the confirm dialog's plain_text renders no mentions at all.
    const mrkdwn = textOf(team.blocks.filter((block) => block.type === 'section'));
    expect(mrkdwn).not.toContain('<!channel>');
    expect(mrkdwn).toContain('&lt;!channel&gt;');
    // The overdue one comes first.
    expect(textOf(team.blocks).indexOf('overdue')).toBeLessThan(textOf(team.blocks).indexOf('due 2026-04-30'));
    const vendor = obligationListMessage(list, 'ACME-2026-001', { manage: false });
    expect(new Set(actionIdsOf(vendor.blocks))).toEqual(new Set(['obligation_add_evidence']));
  });

  it('stays within 50 blocks however many obligations there are: a page of them, the true total, and Next', () => {
    const many = Array.from({ length: 60 }, (_, i) => obligation({ id: `obl-${i}` }));
    const message = obligationListMessage(many, 'ACME-2026-001', { manage: true });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(textOf(message.blocks)).toContain('60 open, 0 closed · 1–10 of 60');
    expect(buttonsIn(message.blocks).map((b) => b.text.text)).toContain('Next ›');
    const last = obligationListMessage(many, 'ACME-2026-001', { manage: true }, 55);
    expect(textOf(last.blocks)).toContain('51–60 of 60');
    expect(buttonsIn(last.blocks).map((b) => b.text.text)).toContain('‹ Previous');
    expect(buttonsIn(last.blocks).map((b) => b.text.text)).not.toContain('Next ›');
  });

  it('lists risks with Update buttons that carry the contract, and the heat map button', () => {
    const message = riskListMessage([risk()], 'ACME-2026-001');
    expect(actionIdsOf(message.blocks)).toEqual(['risk_post_heat_map', 'risk_update']);
    expect(readRiskButtonValue(riskButtonValue(risk()))).toEqual({ reference: 'ACME-2026-001', riskId: 'risk-1' });
    expect(readRiskButtonValue('nonsense')).toBeNull();
    expect(textOf(message.blocks)).toContain('likelihood 3 × impact 4 = *12*');
  });

  it('offers each corrective action the steps it may take next', () => {
    const action = (status: CorrectiveActionView['status'], nextSteps: CorrectiveActionView['nextSteps']) => ({
      id: `ca-${status}`,
      contractRef: 'ACME-2026-001',
      action: 'Second on-call engineer',
      owner: ALICE,
      dueDate: '2026-04-30',
      status,
      history: [],
      nextSteps,
    });
    const message = correctiveActionListMessage(
      [
        action('planned', ['approved', 'cancelled']),
        action('verified', ['closed', 'in-progress']),
        action('closed', []),
      ],
      'ACME-2026-001',
      true,
    );
    expect(textOf(message.blocks)).toContain('"text":"Reopen"');
    expect(actionIdsOf(message.blocks)).toEqual([
      'corrective_action_approve',
      'corrective_action_cancel',
      'corrective_action_close',
      'corrective_action_start',
    ]);
  });
});

describe('App Home follow-ups', () => {
  it('adds obligations due soon and risks to review, and stays under 100 blocks', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => i);
    const view = homeView(
      {
        person: ALICE,
        pendingCheckins: many(60).map((i) => checkinItem({ checkinId: `chk-${i}` })),
        ownedContracts: [],
        openEscalations: [],
        unreachable: [],
      },
      new Date('2026-04-01T12:00:00Z'),
      {
        obligations: many(80).map((i) => obligation({ id: `obl-${i}` })),
        risks: many(70).map((i) => risk({ id: `risk-${i}` })),
        horizonDays: 14,
      },
    );
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const shown = textOf(view.blocks);
    expect(shown).toContain('Obligations due soon* (80)');
    expect(shown).toContain('Risks to review* (70)');
    expect(actionIdsOf(view.blocks)).toEqual(expect.arrayContaining(['obligation_add_evidence', 'risk_update']));
  });
});

describe('help and import problems', () => {
  it('keeps every help section within Slack’s 3,000 characters, and vendors see their few commands', () => {
    for (const external of [false, true]) {
      for (const block of helpMessage(external).blocks) {
        const text = (block as { text?: { text?: string } }).text?.text ?? '';
        expect(text.length).toBeLessThan(3000);
      }
    }
    const vendor = textOf(helpMessage(true).blocks);
    expect(vendor).toContain('/steward acknowledge REF');
    expect(vendor).toContain('/steward obligations REF');
    expect(vendor).not.toContain('/steward export');
    expect(textOf(helpMessage(false).blocks)).toContain('/steward import');
  });

  it('lists import problems by line and column', () => {
    expect(
      importProblems(
        {
          errors: [
            { line: 3, column: 'start_date', message: 'not a day' },
            { line: 1, column: null, message: 'no header' },
          ],
        },
        1,
      ),
    ).toEqual(['Line 3, start_date: not a day', '…and 1 more.']);
  });
});
