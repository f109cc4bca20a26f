import { type Mention, mentionToken } from '../chat/commands';
import { TEAMS_USER_ID } from '../domain/teams-user-id';

/**
 * @mentions in a typed command. Teams puts `<at>Name</at>` in the text and says who it is in
 * `activity.entities` (type `mention`). The bot's own mention (a channel message must @mention the bot)
 * is removed; anyone else's becomes a placeholder token the command parser reads, e.g.
 * `steward list owner:@Megan` → `owner:` followed by the token of mention 0.
 *
 * A mention names a Teams account id (`29:…`), not the person's Entra object id that Steward stores; some
 * clients add `aadObjectId`, and otherwise the conversation's member list answers it (teams-app.ts).
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations
 *
 * The text then goes to the shared parser (src/chat/commands.ts), after normaliseTeamsText.
 */

/** A mentioned Teams user: `id` is the Teams account id (`29:…`), `aadObjectId` their Entra object id when sent. */
export type MentionedUser = Mention;

export interface CommandText {
  text: string;
  mentions: MentionedUser[];
}

interface ActivityMentions {
  text?: string;
  entities?: ReadonlyArray<Record<string, unknown>> | null;
  recipient?: { id: string };
}

/** The text with the bot's mention removed and other people's mentions as tokens, in order. */
export function commandTextOf(activity: ActivityMentions): CommandText {
  let text = activity.text ?? '';
  const mentions: MentionedUser[] = [];
  for (const entity of activity.entities ?? []) {
    if (entity.type !== 'mention') continue;
    const mentioned = entity.mentioned as { id?: unknown; name?: unknown; aadObjectId?: unknown } | undefined;
    if (!mentioned || typeof mentioned.id !== 'string') continue;
    const name = typeof mentioned.name === 'string' ? mentioned.name : undefined;
    const tag = typeof entity.text === 'string' && entity.text !== '' ? entity.text : name ? `<at>${name}</at>` : '';
    if (!tag || !text.includes(tag)) continue;
    if (mentioned.id === activity.recipient?.id) {
      text = text.replace(tag, ' ');
      continue;
    }
    const user: MentionedUser = { id: mentioned.id };
    if (name) user.name = name;
    if (typeof mentioned.aadObjectId === 'string' && mentioned.aadObjectId !== '')
      user.aadObjectId = mentioned.aadObjectId;
    text = text.replace(tag, mentionToken(mentions.length));
    mentions.push(user);
  }
  return { text: text.trim(), mentions };
}

/** Some clients send the Entra object id itself, or `8:orgid:<object id>`, as the mentioned id. */
const ORG_ID = /^8:orgid:([0-9a-f-]{36,37})$/i;

/**
 * The mentioned person's Entra object id: from the mention itself when it carries one, else from the
 * conversation's members (`lookup`); undefined when neither knows.
 */
export async function aadObjectIdOf(
  user: MentionedUser,
  lookup?: (accountId: string) => Promise<string | undefined>,
): Promise<string | undefined> {
  if (user.aadObjectId) return user.aadObjectId.toLowerCase();
  if (TEAMS_USER_ID.test(user.id)) return user.id.toLowerCase();
  const orgId = ORG_ID.exec(user.id)?.[1];
  if (orgId && TEAMS_USER_ID.test(orgId)) return orgId.toLowerCase();
  if (!lookup) return undefined;
  return (await lookup(user.id))?.toLowerCase();
}

/**
 * Teams sends HTML-ish text from some clients: `<at>…</at>` left over when a mention had no entity,
 * `&nbsp;`, non-breaking spaces, tags around a pasted reference. Stripped before the words are read.
 */
export function normaliseTeamsText(input: string): string {
  return input
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&quot;/gi, '"')
    .replace(/&amp;/gi, '&')
    .replace(/\u00a0/g, ' ')
    .trim();
}
