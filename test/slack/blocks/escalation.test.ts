import { escalationMessage } from '../../../src/slack/blocks/escalation';
import { actionIdsOf, escalation, textOf } from '../fixtures';

describe('escalation message', () => {
  it('mentions the level people and shows facts, deadline and the trend with RAG emoji', () => {
    const { text, blocks } = escalationMessage(escalation());
    const shown = textOf(blocks);
    expect(shown).toContain('Level 1 of 3 · <@U0BOB>');
    expect(shown).toContain('*Value*\\n9 h');
    expect(shown).toContain('*Target*\\n4 h');
    expect(shown).toMatch(/acknowledge by <!date\^/);
    expect(shown).toContain(
      '`2026-01` :large_green_circle: 4 h  →  `2026-02` :large_orange_circle: 7 h  →  `2026-03` :red_circle: 9 h',
    );
    expect(text).toContain('<@U0BOB>');
  });

  it('offers the buttons that fit the status', () => {
    expect(actionIdsOf(escalationMessage(escalation()).blocks)).toEqual([
      'escalation_acknowledge',
      'escalation_add_action',
      'escalation_resolve',
    ]);
    expect(actionIdsOf(escalationMessage(escalation({ status: 'acknowledged' })).blocks)).toEqual([
      'escalation_add_action',
      'escalation_resolve',
    ]);
    expect(actionIdsOf(escalationMessage(escalation({ status: 'resolved' })).blocks)).toEqual([]);
  });

  it('escapes text that came from people', () => {
    const { blocks } = escalationMessage(
      escalation({ headline: '<!here> $where', facts: [{ label: 'Comment', value: '<@U0X> & co' }] }),
    );
    const shown = textOf(blocks);
    expect(shown).not.toContain('<!here>');
    expect(shown).toContain('&lt;!here&gt; $where');
    expect(shown).toContain('&lt;@U0X&gt; &amp; co');
  });
});
