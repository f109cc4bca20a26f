import { RAG_LABEL } from '../../domain/format';
import type { Person, Rag } from '../../domain/types';

/**
 * Text for Slack's mrkdwn. Slack asks apps to escape exactly three characters in text they did not write
 * themselves (https://docs.slack.dev/messaging/formatting-message-text#escaping): otherwise `<!channel>`,
 * `<@U…>` or `<https://evil|innocent>` typed into a comment would be rendered as a ping or a disguised link.
 * Everything a person typed goes through `escapeMrkdwn`; operators such as `{"$gt": ""}` stay plain text.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to a Block Kit limit (section text 3000, field 2000, plain_text labels 75…), marking the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** A person as Slack shows them: a mention when we know their Slack id, otherwise their (escaped) name. */
export function mention(person: Person): string {
  if (person.slackUserId && /^[UW][A-Z0-9]+$/.test(person.slackUserId)) return `<@${person.slackUserId}>`;
  return escapeMrkdwn(person.name ?? person.email ?? 'someone');
}

export function mentions(people: Person[]): string {
  return people.map(mention).join(', ');
}

/**
 * A date every reader sees in their own timezone: `<!date^seconds^format|fallback>`
 * (https://docs.slack.dev/messaging/formatting-message-text#date-formatting). The fallback is UTC ISO text
 * for clients that cannot render it (notifications, some integrations).
 */
export function slackDate(at: Date, format = '{date_short_pretty} at {time}'): string {
  const seconds = Math.floor(at.getTime() / 1000);
  const fallback = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${seconds}^${format}|${fallback}>`;
}

export function slackDay(at: Date): string {
  return slackDate(at, '{date_long}');
}

const RAG_EMOJI: Record<Rag, string> = {
  green: ':large_green_circle:',
  amber: ':large_orange_circle:',
  red: ':red_circle:',
};

/** Emoji and word together, so status never rests on colour alone. */
export function ragBadge(rag: Rag): string {
  return `${RAG_EMOJI[rag]} *${RAG_LABEL[rag]}*`;
}

export function ragEmoji(rag: Rag): string {
  return RAG_EMOJI[rag];
}

const TREND_LABEL = {
  improving: ':arrow_upper_right: improving',
  declining: ':arrow_lower_right: declining',
  stable: ':arrow_right: stable',
  'insufficient-data': 'not enough data yet',
} as const;

export function trendLabel(trend: keyof typeof TREND_LABEL): string {
  return TREND_LABEL[trend];
}
