/**
 * @mentions in a typed command. Teams puts `<at>Name</at>` in the text and says who it is in
 * `activity.entities` (type `mention`). The bot's own mention (a channel message must @mention the bot)
 * is removed; anyone else's becomes a placeholder token the command parser reads, e.g.
 * `steward list owner:@Megan` → `owner:` followed by the token of mention 0.
 *
 * A mention names a Teams account id (`29:…`), not the person's Entra object id that Steward stores; some
 * clients add `aadObjectId`, and otherwise the conversation's member list answers it (teams-app.ts).
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations
 */
export interface MentionedUser {
  /** The Teams account id, e.g. `29:1abc…`. */
  id: string;
  name?: string;
  aadObjectId?: string;
}

export interface CommandText {
  text: string;
  mentions: MentionedUser[];
}

interface ActivityMentions {
  text?: string;
  entities?: ReadonlyArray<Record<string, unknown>> | null;
  recipient?: { id: string };
}

// Private-use characters: nobody types them, and the parser's normalisation leaves them alone.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const TOKEN = new RegExp(`^${OPEN}(\\d+)${CLOSE}$`);

export function mentionToken(index: number): string {
  return `${OPEN}${index}${CLOSE}`;
}

/** The mention a token stands for, if the token is one. */
export function mentionAt(token: string, mentions: readonly MentionedUser[]): MentionedUser | undefined {
  const match = TOKEN.exec(token);
  return match ? mentions[Number(match[1])] : undefined;
}

export function isMentionToken(token: string): boolean {
  return TOKEN.test(token);
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

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Some clients send the Entra object id itself, or `8:orgid:<object id>`, as the mentioned id. */
const ORG_ID = /^8:orgid:([0-9a-f-]{36})$/i;

/**
 * The mentioned person's Entra object id: from the mention itself when it carries one, else from the
 * conversation's members (`lookup`); undefined when neither knows.
 */
export async function aadObjectIdOf(
  user: MentionedUser,
  lookup?: (accountId: string) => Promise<string | undefined>,
): Promise<string | undefined> {
  if (user.aadObjectId) return user.aadObjectId.toLowerCase();
  if (GUID.test(user.id)) return user.id.toLowerCase();
  const orgId = ORG_ID.exec(user.id)?.[1];
  if (orgId && GUID.test(orgId)) return orgId.toLowerCase();
  if (!lookup) return undefined;
  return (await lookup(user.id))?.toLowerCase();
}
