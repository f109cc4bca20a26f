import { type Mention, mentionToken } from '../chat/commands';

/**
 * What Slack sent for `/steward …`, made into the plain text the shared parser reads (src/chat/commands.ts).
 * Slack escapes `&`, `<`, `>` and, because the manifest sets `should_escape: true`, encodes mentions as
 * `<@U123|name>` and channels as `<#C123|name>`
 * (https://docs.slack.dev/interactivity/implementing-slash-commands#creating_commands). A user mention becomes
 * a mention token; a channel, a link or `<!here>` becomes its label; entities are undone.
 */
export function slackCommandText(raw: string): { text: string; mentions: Mention[] } {
  const mentions: Mention[] = [];
  const withTokens = (raw ?? '').replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => {
    mentions.push(name ? { id, name } : { id });
    return mentionToken(mentions.length - 1);
  });
  return { text: decodeSlackText(withTokens).trim(), mentions };
}

/** Undoes Slack's escaping: `<#C1|general>` → `#general`, `<url|label>` → label, `<!here>` → `@here`, entities. */
export function decodeSlackText(raw: string): string {
  return raw
    .replace(/<([@#!])([^>|]+)(?:\|([^>]*))?>/g, (_m, sigil: string, id: string, label?: string) =>
      sigil === '!' ? `@${label ?? id}` : `${sigil}${label ?? id}`,
    )
    .replace(/<([^>|]+)(?:\|([^>]*))?>/g, (_m, target: string, label?: string) => label ?? target)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
