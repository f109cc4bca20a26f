import { decodeItemPage, encodeItemPage, ITEM_PAGE_SIZE, pageItems } from '../../src/chat/item-paging';
import { decodeListPage } from '../../src/chat/list-paging';
import type { CorrectiveActionView } from '../../src/services/service-api';
import { correctiveActionListMessage } from '../../src/slack/blocks/corrective-actions';
import { correctiveActionListCard } from '../../src/teams/cards/corrective-action-card';
import { buttonsIn } from '../support/slack-e2e';
import { cardText } from '../support/teams-connector';
import { nodes } from '../teams/cards/card-assertions';

/** Paging the lists that hang off a contract: shared by both surfaces (src/chat/item-paging.ts). */
describe('item list paging', () => {
  it('reads back only what Steward put on a button', () => {
    const value = encodeItemPage({ list: 'actions', reference: 'ACME-2026-001', all: true, offset: 20 });
    expect(decodeItemPage(value)).toEqual({ list: 'actions', reference: 'ACME-2026-001', all: true, offset: 20 });
    expect(decodeItemPage(encodeItemPage({ list: 'escalations', offset: 0 }))).toEqual({
      list: 'escalations',
      offset: 0,
    });
    for (const tampered of [
      '{"l":"contracts","r":"ACME-2026-001","at":0}',
      '{"l":"risks","at":0}',
      '{"l":"risks","r":"<!channel>","at":0}',
      '{"l":"risks","r":"ACME-2026-001","at":-20}',
      '{"l":"risks","r":"ACME-2026-001","at":"20"}',
      'not json',
      `{"l":"risks","r":"${'A'.repeat(400)}","at":0}`,
      42,
    ]) {
      expect(decodeItemPage(tampered)).toBeUndefined();
    }
    // A contract list's button never reads an item list's value as "every contract".
    expect(decodeListPage(value)).toBeUndefined();
  });

  it('starts a page at a multiple of its size, and past the end gives the last page', () => {
    const items = Array.from({ length: 45 }, (_, i) => i);
    expect(pageItems(items, 'risks', 0)).toMatchObject({ offset: 0, total: 45, items: items.slice(0, 20) });
    expect(pageItems(items, 'risks', 27)).toMatchObject({ offset: 20, items: items.slice(20, 40) });
    expect(pageItems(items, 'risks', 900)).toMatchObject({ offset: 40, items: [40, 41, 42, 43, 44] });
    expect(pageItems([], 'risks', 40)).toMatchObject({ offset: 0, total: 0, items: [] });
  });

  const action = (i: number, status: CorrectiveActionView['status']): CorrectiveActionView => ({
    id: `ca-${i}`,
    contractRef: 'ACME-2026-001',
    action: `Fix ${String(i).padStart(2, '0')}`,
    owner: { name: 'Olivia', slackUserId: 'U0OWNER' },
    dueDate: '2026-05-01',
    status,
    history: [],
    nextSteps: status === 'closed' ? [] : ['approved'],
  });
  const many = [
    ...Array.from({ length: 12 }, (_, i) => action(i, 'closed')),
    ...Array.from({ length: 13 }, (_, i) => action(100 + i, 'planned')),
  ];

  it('pages corrective actions alike on both surfaces: unfinished first, "all" kept by Next', () => {
    const size = ITEM_PAGE_SIZE.actions;
    const slack = correctiveActionListMessage(many, 'ACME-2026-001', true);
    expect(slack.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(slack.blocks)).toContain(`25 · 1–${size} of 25`);
    expect(JSON.stringify(slack.blocks)).not.toContain('Fix 00'); // the closed ones come after the open
    const next = buttonsIn(slack.blocks).find((b) => b.text.text === 'Next ›');
    expect(decodeItemPage(next?.value)).toEqual({
      list: 'actions',
      reference: 'ACME-2026-001',
      all: true,
      offset: size,
    });

    const teams = correctiveActionListCard('ACME-2026-001', many, { all: true, offset: 20 });
    expect(cardText(teams)).toContain('(13 open, 12 done) · 21–25 of 25');
    const previous = nodes(teams).find((n) => n.type === 'Action.Execute' && n.title === '‹ Previous') as
      | { data: { page: string } }
      | undefined;
    expect(decodeItemPage(previous?.data.page)).toEqual({
      list: 'actions',
      reference: 'ACME-2026-001',
      all: true,
      offset: 10,
    });
    expect(nodes(teams).some((n) => n.type === 'Action.Execute' && n.title === 'Next ›')).toBe(false);
  });
});
