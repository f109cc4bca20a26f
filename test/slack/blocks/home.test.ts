import type { ContractSummary, EscalationSummary } from '../../../src/services/service-api';
import { homeView, shareBudget } from '../../../src/slack/blocks/home';
import { ALICE, actionIdsOf, checkinItem, textOf } from '../fixtures';

const contract = (i: number): ContractSummary => ({
  reference: `ACME-2026-${String(i).padStart(3, '0')}`,
  title: 'Facilities',
  vendorName: 'Acme',
  status: 'active',
  owner: [ALICE],
  endDate: '2027-03-31',
  overallRag: 'green',
  overallScore: 91,
  trend: 'stable',
});

const escalation = (i: number): EscalationSummary => ({
  id: `esc-${i}`,
  contractRef: 'ACME-2026-001',
  contractTitle: 'Facilities',
  trigger: 'red-score',
  level: 1,
  status: 'open',
  openedAt: new Date('2026-04-01T00:00:00Z'),
});

describe('App Home', () => {
  const now = new Date('2026-04-01T12:00:00Z');

  it('lists pending check-ins with Submit buttons, owned contracts and open escalations', () => {
    const view = homeView(
      {
        person: ALICE,
        pendingCheckins: [checkinItem()],
        ownedContracts: [contract(1)],
        openEscalations: [escalation(1)],
        unreachable: [],
      },
      now,
    );
    expect(view.type).toBe('home');
    expect(actionIdsOf(view.blocks)).toEqual(['home_refresh', 'checkin_open_score']);
    const shown = textOf(view.blocks);
    expect(shown).toContain('ACME-2026-001');
    expect(shown).toContain(':large_green_circle: *Green* 91');
    expect(shown).toContain('Red score · level 1 · *open*');
  });

  it('stays under 100 blocks with long lists and says how many more there are', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => i);
    const view = homeView(
      {
        person: ALICE,
        pendingCheckins: many(150).map((i) => checkinItem({ checkinId: `chk-${i}` })),
        ownedContracts: many(5).map(contract),
        openEscalations: many(200).map(escalation),
        unreachable: [],
      },
      now,
    );
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const shown = textOf(view.blocks);
    expect(shown).toMatch(/and 1\d\d more/);
    expect(shown).toContain('ACME-2026-004'); // the short list is shown whole
  });

  it('counts what the service counted, not what it handed over: 20 escalations shown of 150 open', () => {
    const view = homeView(
      {
        person: ALICE,
        pendingCheckins: [checkinItem()],
        ownedContracts: [contract(1)],
        openEscalations: Array.from({ length: 20 }, (_, i) => escalation(i)),
        totals: { pendingCheckins: 31, openEscalations: 150 },
        unreachable: [],
      },
      now,
    );
    const shown = textOf(view.blocks);
    expect(shown).toContain('*Open escalations* (150)');
    expect(shown).toContain('…and 130 more. `/steward escalations` pages through them all.');
    expect(shown).toContain('*Your check-ins* (31)');
    expect(shown).toContain('…and 30 more.');
  });

  it('shares the block budget: short lists whole, the rest split', () => {
    expect(shareBudget([150, 5, 200], 88)).toEqual([41, 5, 42]);
    expect(shareBudget([0, 0, 0], 88)).toEqual([0, 0, 0]);
    expect(shareBudget([10, 10, 10], 88)).toEqual([10, 10, 10]);
  });
});
