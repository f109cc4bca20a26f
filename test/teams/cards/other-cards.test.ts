import { LISTED_COMMANDS } from '../../../src/chat/commands';
import { helpCard, teamsUsage } from '../../../src/teams/cards/help-card';
import { contractListCard, escalationListCard, homeCard, kpiListCard } from '../../../src/teams/cards/list-cards';
import { scorecardCard } from '../../../src/teams/cards/scorecard-card';
import { noticeCard } from '../../../src/teams/teams-chat-surface';
import { CANNED_KPI, CANNED_SCORECARD, cannedCheckin } from '../../support/fake-steward-services';
import { expectSchema15, readable } from './card-assertions';

describe('scorecardCard', () => {
  it('shows the overall score with word and emoji, and one line per KPI', () => {
    const card = scorecardCard(CANNED_SCORECARD);

    expectSchema15(card);
    const text = readable(card);
    expect(text).toContain('ACME-2026-001 · Managed network services');
    expect(text).toContain('87.5 / 100');
    expect(text).toContain('🟠 Amber');
    expect(text).toContain('Network uptime');
    expect(text).toContain('99.6%');
    expect(text).toContain('↘ declining');
    expect(text).not.toContain('vendor sees it');
  });

  it('says when it is the vendor view, and when nothing is scored yet', () => {
    const card = scorecardCard({
      ...CANNED_SCORECARD,
      vendorView: true,
      overallScore: null,
      overallRag: null,
      lines: [],
    });
    const text = readable(card);
    expect(text).toContain('internal-only KPIs are left out');
    expect(text).toContain('no score yet');
    expect(text).toContain('No KPIs are defined');
  });
});

describe('helpCard', () => {
  it('lists every command with its usage', () => {
    const card = helpCard();
    expectSchema15(card);
    for (const command of LISTED_COMMANDS) expect(readable(card)).toContain(teamsUsage(command));
    // The forms are in help too, though not in the manifest's command menu.
    for (const usage of ['steward new', 'steward kpi REF [KPI-KEY]', 'steward roles REF', 'steward path REF'])
      expect(readable(card)).toContain(usage);
    expect(readable(card)).not.toContain('Slack');
  });

  it('puts the problem first and shows the given usage only', () => {
    const card = helpCard({ problem: 'I don\'t know the command "{{x}}".', commands: ['scorecard'] });
    const text = readable(card);
    expect(text.split('\n')[0]).toBe('I don\'t know the command "{\u200b{x}}".');
    expect(text).toContain('steward scorecard REF');
    expect(text).not.toContain('steward list');
  });
});

describe('list cards and notices', () => {
  it('are schema 1.5 and show their content', () => {
    const home = homeCard({
      person: { name: 'Alex' },
      pendingCheckins: [cannedCheckin()],
      ownedContracts: [],
      openEscalations: [],
      unreachable: [],
    });
    const kpis = kpiListCard('ACME-2026-001', [CANNED_KPI]);
    const contracts = contractListCard({ contracts: [], total: 0, offset: 0, pageSize: 20 }, {});
    const escalations = escalationListCard([]);
    const notice = noticeCard({
      text: 'Score corrected: **99%**',
      mention: [{ name: 'Alex', teamsUserId: 'aad-alex' }],
    });

    for (const card of [home, kpis, contracts, escalations, notice]) expectSchema15(card);
    // A heading counts what the service counted (Home hands over the first 20 escalations of 150).
    const busy = readable(
      homeCard({
        person: { name: 'Alex' },
        pendingCheckins: [],
        ownedContracts: [],
        openEscalations: [],
        totals: { pendingCheckins: 0, openEscalations: 150 },
        unreachable: [],
      }),
    );
    expect(busy).toContain('Open escalations (150)');
    expect(busy).toContain('0 of 150 shown. "steward escalations" pages through them all.');
    expect(readable(home)).toContain('ACME-2026-001 · Network uptime · November 2026');
    expect(readable(kpis)).toContain('target 99.9%');
    expect(readable(contracts)).toContain('There are no contracts yet.');
    expect(readable(escalations)).toContain('Nothing is escalated.');

    // Words, not keys: "Red score · Network uptime", never "red-score · uptime".
    const open = escalationListCard([
      {
        id: 'esc-1',
        contractRef: 'ACME-2026-001',
        contractTitle: 'Facilities',
        kpiKey: 'uptime',
        kpiName: 'Network uptime',
        trigger: 'red-score',
        level: 1,
        status: 'open',
        openedAt: new Date('2026-04-01T00:00:00Z'),
      },
    ]);
    expect(readable(open)).toContain('Red score · Network uptime · opened');
    expect(readable(open)).not.toContain('red-score');
    expect(readable(notice)).toContain('Score corrected: **99%**');
    expect(notice.msteams?.entities).toHaveLength(1);
  });
});
