import { checkinItemBlocks, checkinPromptMessage, replaceCheckinItem } from '../../../src/slack/blocks/checkin-prompt';
import { actionIdsOf, answered, checkinItem, prompt, textOf } from '../fixtures';

describe('check-in prompt blocks', () => {
  it('shows contract, KPI, period, baseline, target and both thresholds with units, and the due date', () => {
    const { text, blocks } = checkinPromptMessage(prompt());
    const shown = textOf(blocks);
    expect(shown).toContain('ACME-2026-001');
    expect(shown).toContain('First response time');
    expect(shown).toContain('March 2026');
    expect(shown).toContain('*Target*\\n4 h');
    expect(shown).toContain('*Baseline*\\n5 h');
    expect(shown).toContain('*Warning at*\\n6 h');
    expect(shown).toContain('*Breach at*\\n8 h');
    expect(shown).toContain('lower is better');
    expect(shown).toMatch(/<!date\^1775206800\^[^|]+\|2026-04-03 09:00 UTC>/);
    expect(shown).toContain('<@U0ALICE>');
    expect(text).toContain('First response time for ACME-2026-001 (March 2026)');
  });

  it('offers Submit score, Not applicable and Snooze, each carrying the check-in id', () => {
    const blocks = checkinItemBlocks(checkinItem());
    expect(actionIdsOf(blocks)).toEqual(['checkin_open_score', 'checkin_not_applicable', 'checkin_snooze']);
    expect(textOf(blocks).match(/"value":"chk-1"/g)).toHaveLength(3);
  });

  it('formats thresholds by kind: percent and yes/no', () => {
    const percent = checkinItemBlocks(
      checkinItem({
        kpi: {
          ...checkinItem().kpi,
          kind: 'percent',
          unit: '%',
          baseline: 98,
          target: 99.5,
          warningThreshold: 99,
          breachThreshold: 98.5,
        },
      }),
    );
    expect(textOf(percent)).toContain('*Target*\\n99.5%');
    expect(textOf(percent)).toContain('*Breach at*\\n98.5%');
    const yesNo = checkinItemBlocks(
      checkinItem({
        kpi: {
          ...checkinItem().kpi,
          kind: 'yes-no',
          unit: '',
          baseline: 0,
          target: 1,
          warningThreshold: 1,
          breachThreshold: 0,
        },
      }),
    );
    expect(textOf(yesNo)).toContain('*Target*\\nYes');
    expect(textOf(yesNo)).toContain('*Breach at*\\nNo');
  });

  it('shows an answered check-in with value, RAG as emoji and word, who answered and when', () => {
    const blocks = checkinItemBlocks(checkinItem({ state: answered({ rag: 'red', displayValue: '9 h', value: 9 }) }), {
      scoreIds: { 'chk-1': 'score-9' },
    });
    const shown = textOf(blocks);
    expect(shown).toContain(':red_circle: *Red*');
    expect(shown).toContain('*9 h*');
    expect(shown).toContain('Answered by <@U0ALICE>');
    expect(shown).toMatch(/<!date\^\d+\^/);
    // No more answer buttons; a Correct button for the author or a manager instead.
    expect(actionIdsOf(blocks)).toEqual(['score_correct']);
    expect(shown).toContain('"value":"score-9"');
  });

  it('leaves out Correct when no score id is known, and marks corrected scores', () => {
    const blocks = checkinItemBlocks(checkinItem({ state: answered({ corrected: true }) }));
    expect(actionIdsOf(blocks)).toEqual([]);
    expect(textOf(blocks)).toContain('_(corrected)_');
  });

  it('escapes user text so it is shown, never interpreted', () => {
    const hostile = '<!channel> {"$gt": ""} & <https://evil.example|click>';
    const blocks = checkinItemBlocks(
      checkinItem({
        contractTitle: hostile,
        state: {
          status: 'not-applicable',
          reason: '$where: 1 <@U0BOSS>',
          answeredBy: { name: '<b>x</b>' },
          answeredAt: new Date(),
        },
      }),
    );
    const shown = textOf(blocks);
    expect(shown).not.toContain('<!channel>');
    expect(shown).not.toContain('<@U0BOSS>');
    expect(shown).toContain('&lt;!channel&gt; {\\"$gt\\": \\"\\"} &amp; &lt;https://evil.example|click&gt;');
    expect(shown).toContain('$where: 1 &lt;@U0BOSS&gt;');
    expect(shown).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('replaces one item in place and leaves the others alone', () => {
    const first = checkinItem();
    const second = checkinItem({ checkinId: 'chk-2', kpi: { ...first.kpi, name: 'Resolution time' } });
    const { blocks } = checkinPromptMessage(prompt([first, second]));
    const replaced = replaceCheckinItem(blocks, { ...second, state: answered() });
    expect(replaced).not.toBeNull();
    expect(replaced).toHaveLength(blocks.length);
    expect(actionIdsOf(replaced ?? [])).toEqual(['checkin_open_score', 'checkin_not_applicable', 'checkin_snooze']);
    expect(textOf(replaced)).toContain(':large_green_circle: *Green*');
    expect(replaceCheckinItem(blocks, checkinItem({ checkinId: 'chk-unknown' }))).toBeNull();
  });

  it('stays within 50 blocks for a long grouped prompt and says how many are left out', () => {
    const items = Array.from({ length: 30 }, (_, i) => checkinItem({ checkinId: `chk-${i}` }));
    const { blocks } = checkinPromptMessage(prompt(items, { reminder: true }));
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(textOf(blocks)).toMatch(/and 18 more/);
    expect(textOf(blocks[0])).toContain('Reminder');
  });
});
