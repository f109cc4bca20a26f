import { parseCommand } from '../../src/chat/commands';
import { decodeSlackText, slackCommandText } from '../../src/slack/command-text';

/** Slack only undoes its escaping and marks mentions; the shared parser reads the rest. */
const parse = (raw: string) => {
  const typed = slackCommandText(raw);
  return parseCommand(typed.text, typed.mentions);
};

describe('/steward text from Slack', () => {
  it('reads a Slack-encoded mention as the owner filter, quoted text as one word', () => {
    expect(parse('list status:at-risk owner:<@U0BOB|bob smith> vendor:"Acme &amp; Sons"')).toEqual({
      ok: true,
      command: {
        name: 'list',
        filter: { mine: false, status: 'at-risk', owner: { id: 'U0BOB', name: 'bob smith' }, vendor: 'Acme & Sons' },
      },
    });
    expect(parse('list owner:<@U0BOB>')).toMatchObject({ ok: true, command: { filter: { owner: { id: 'U0BOB' } } } });
  });

  it('undoes Slack escaping', () => {
    expect(decodeSlackText('A &amp; B &lt;x&gt; <#C0KPI|kpi> <@U0BOB> <https://a.example|link> <!here>')).toBe(
      'A & B <x> #kpi @U0BOB link @here',
    );
  });

  it('keeps a lesson as typed, quotes, apostrophes and mentions (by name) included', () => {
    expect(parse('lesson acme-2026-001 Don\'t accept "draft" reports &lt;ever&gt; from <@U0BOB|bob>')).toEqual({
      ok: true,
      command: { name: 'lesson', reference: 'ACME-2026-001', text: 'Don\'t accept "draft" reports <ever> from @bob' },
    });
    expect(parse('lesson ACME-2026-001 an “open quote')).toMatchObject({ command: { text: 'an “open quote' } });
  });

  it('does not take a mention, a channel or an operator for a reference', () => {
    for (const text of ['scorecard <@U0BOB|bob>', 'scorecard <#C0KPI|kpi>', 'scorecard {"$gt":""}']) {
      expect(parse(text)).toMatchObject({ ok: false, command: 'scorecard' });
    }
  });
});
