import { CHANNEL_PURPOSES, type ChannelPurpose, CONTRACT_STATUSES, type ContractStatus } from '../domain/types';
import { isMentionToken, type MentionedUser, mentionAt } from './mentions';

/**
 * The `steward …` commands typed in a Teams chat: the same words and rules as Slack's `/steward`
 * (src/slack/command-arguments.ts). Teams has no slash commands for bots: a message to the bot is the
 * command (in a channel after @mentioning it; mentions.ts removes the bot's mention and turns other
 * people's into tokens), and the leading word `steward` is optional. Nothing here calls a service: bad
 * input ends in a usage answer.
 */
export type Command =
  | { name: 'help' }
  | { name: 'home' }
  | { name: 'list'; status?: ContractStatus; mine: boolean; vendor?: string; owner?: MentionedUser }
  | { name: 'scorecard'; reference: string }
  | { name: 'kpis'; reference: string }
  | { name: 'checkin'; reference: string; kpiKey?: string }
  | { name: 'escalations'; reference?: string }
  | { name: 'link'; reference: string; purpose: ChannelPurpose }
  | { name: 'status'; reference: string; to: ContractStatus; reason?: string }
  /** Slack opens a modal for these; Teams answers with the form as a card. */
  | { name: 'new' }
  | { name: 'kpi'; reference: string; kpiKey?: string }
  | { name: 'roles'; reference: string }
  | { name: 'path'; reference: string };

export type CommandName = Command['name'];

export interface CommandHelp {
  name: CommandName;
  usage: string;
  summary: string;
  /** Vendors (external users) may use it; anything else is refused and recorded, as on Slack. */
  vendor: boolean;
  /** Listed in help and in the app manifest's command menu. */
  listed: boolean;
}

export const COMMAND_HELP: readonly CommandHelp[] = [
  { name: 'help', usage: 'steward help', summary: 'What Steward can do.', vendor: true, listed: true },
  {
    name: 'home',
    usage: 'steward home',
    summary: 'Your open check-ins, contracts and escalations.',
    vendor: true,
    listed: true,
  },
  {
    name: 'list',
    usage: 'steward list [status:active] [owner:me|@someone] [vendor:"Vendor name"]',
    summary: 'Contracts, optionally filtered.',
    vendor: false,
    listed: true,
  },
  {
    name: 'scorecard',
    usage: 'steward scorecard REF',
    summary: "A contract's scorecard, e.g. steward scorecard ACME-2026-001.",
    vendor: true,
    listed: true,
  },
  { name: 'kpis', usage: 'steward kpis REF', summary: "A contract's KPIs.", vendor: false, listed: true },
  {
    name: 'checkin',
    usage: 'steward checkin REF [KPI-KEY]',
    summary: "Send this period's check-ins now.",
    vendor: false,
    listed: true,
  },
  {
    name: 'escalations',
    usage: 'steward escalations [REF]',
    summary: 'Open escalations.',
    vendor: false,
    listed: true,
  },
  {
    name: 'link',
    usage: 'steward link REF internal|vendor',
    summary: 'Link this channel or group chat to a contract (vendor = shared with the supplier).',
    vendor: false,
    listed: true,
  },
  {
    name: 'status',
    usage: `steward status REF ${CONTRACT_STATUSES.join('|')} [reason]`,
    summary: "Change a contract's status.",
    vendor: false,
    listed: true,
  },
  // The forms: in help, but not in the manifest's command menu (Teams allows 10 commands there).
  { name: 'new', usage: 'steward new', summary: 'Create a contract (a form).', vendor: false, listed: false },
  {
    name: 'kpi',
    usage: 'steward kpi REF [KPI-KEY]',
    summary: 'Add a KPI, or edit one by its key (a form).',
    vendor: false,
    listed: false,
  },
  {
    name: 'roles',
    usage: 'steward roles REF',
    summary: 'Set who holds the governance roles (a form).',
    vendor: false,
    listed: false,
  },
  {
    name: 'path',
    usage: 'steward path REF',
    summary: 'Set the escalation path: who is told at each level, and how fast (a form).',
    vendor: false,
    listed: false,
  },
];

export const LISTED_COMMANDS: readonly CommandHelp[] = COMMAND_HELP.filter((entry) => entry.listed);

export type ParseResult =
  | { ok: true; command: Command }
  | {
      ok: false;
      problem: string;
      /** The command the problem is about; undefined when the command itself is unknown. */
      command?: CommandName;
      usage: readonly CommandHelp[];
    };

// The services' own rules, read case-insensitively: references are upper case, KPI keys lower case.
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9-]{1,38}[A-Za-z0-9]$/;
const KPI_KEY = /^[A-Za-z][A-Za-z0-9-]{0,39}$/;
const QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e']);

export function helpFor(name: CommandName): CommandHelp {
  return COMMAND_HELP.find((entry) => entry.name === name) ?? (COMMAND_HELP[0] as CommandHelp);
}

/**
 * Turns the typed text into a command, or explains what was wrong and how to type it. Pure. `mentions`
 * are the people @mentioned in the message, in the order of their tokens (see mentions.ts).
 */
export function parseCommand(input: string, options: { mentions?: readonly MentionedUser[] } = {}): ParseResult {
  const mentions = options.mentions ?? [];
  const tokenized = tokenize(normalise(input));
  const tokens = 'tokens' in tokenized ? tokenized.tokens : [];
  // A leading mention that is not the bot's (a client that names the bot differently) is not an argument.
  while (tokens[0] !== undefined && isMentionToken(tokens[0])) tokens.shift();
  if (tokens[0]?.toLowerCase() === 'steward' || tokens[0]?.toLowerCase() === '/steward') tokens.shift();
  const first = tokens[0] ?? '';
  const name = first === '' || first === '?' ? 'help' : first.toLowerCase();
  const help = COMMAND_HELP.find((entry) => entry.name === name);
  if (!help) return { ok: false, problem: `Steward has no "${shorten(first)}" command.`, usage: LISTED_COMMANDS };
  const fail = (problem: string): ParseResult => ({ ok: false, problem, command: help.name, usage: [help] });
  if ('error' in tokenized) return fail(tokenized.error);
  const args = tokens.slice(1);
  const ok = (command: Command): ParseResult => ({ ok: true, command });
  const tooMany = (max: number): ParseResult | undefined =>
    args.length > max ? fail(`Too many arguments: "${shorten(args[max] ?? '')}" was not expected.`) : undefined;
  const reference = (token: string | undefined): string | { problem: string } => {
    if (!token) return { problem: 'A contract reference is missing.' };
    if (token.includes(':') || !REFERENCE.test(token)) {
      return {
        problem: `"${shorten(token)}" is not a contract reference (letters, digits and dashes, like ACME-2026-001).`,
      };
    }
    return token.toUpperCase();
  };
  const kpiKey = (token: string | undefined): string | undefined | { problem: string } => {
    if (!token) return undefined;
    if (!KPI_KEY.test(token)) {
      return {
        problem: `"${shorten(token)}" is not a KPI key (letters, digits and dashes, like first-response-time).`,
      };
    }
    return token.toLowerCase();
  };

  switch (help.name) {
    case 'help':
      return ok({ name: 'help' });
    case 'home':
    case 'new':
      return tooMany(0) ?? ok({ name: help.name });
    case 'scorecard':
    case 'kpis':
    case 'roles':
    case 'path': {
      const ref = reference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      return tooMany(1) ?? ok({ name: help.name, reference: ref });
    }
    case 'checkin':
    case 'kpi': {
      const ref = reference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const key = kpiKey(args[1]);
      if (typeof key === 'object') return fail(key.problem);
      if (help.name === 'kpi')
        return tooMany(2) ?? ok({ name: 'kpi', reference: ref, ...(key ? { kpiKey: key } : {}) });
      return tooMany(2) ?? ok({ name: 'checkin', reference: ref, ...(key ? { kpiKey: key } : {}) });
    }
    case 'escalations': {
      if (args.length === 0) return ok({ name: 'escalations' });
      const ref = reference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      return tooMany(1) ?? ok({ name: 'escalations', reference: ref });
    }
    case 'link': {
      const ref = reference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const purpose = args[1]?.toLowerCase();
      if (!purpose) return fail('Say whether this place is "internal" or shared with the "vendor".');
      if (!(CHANNEL_PURPOSES as readonly string[]).includes(purpose)) {
        return fail(`"${shorten(args[1] ?? '')}" is neither "internal" nor "vendor".`);
      }
      return tooMany(2) ?? ok({ name: 'link', reference: ref, purpose: purpose as ChannelPurpose });
    }
    case 'status': {
      const ref = reference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const to = args[1]?.toLowerCase();
      if (!to) return fail('The new status is missing.');
      if (!(CONTRACT_STATUSES as readonly string[]).includes(to)) {
        return fail(`"${shorten(args[1] ?? '')}" is not a contract status.`);
      }
      const reason = args.slice(2).join(' ').trim();
      return ok({ name: 'status', reference: ref, to: to as ContractStatus, ...(reason ? { reason } : {}) });
    }
    case 'list':
      return parseList(args, mentions, fail, ok);
  }
}

/**
 * Slack's filters (`status:`, `owner:me`, `owner:@someone`, `vendor:"…"`), plus `mine`, a bare status and a
 * bare @mention as Teams shorthands.
 */
function parseList(
  args: string[],
  mentions: readonly MentionedUser[],
  fail: (problem: string) => ParseResult,
  ok: (command: Command) => ParseResult,
): ParseResult {
  let status: ContractStatus | undefined;
  let mine = false;
  let owner: MentionedUser | undefined;
  let vendor: string | undefined;
  const seen = new Set<string>();
  for (const token of args) {
    const colon = token.indexOf(':');
    const lower = token.toLowerCase();
    const [key, value] =
      colon > 0
        ? [lower.slice(0, colon), token.slice(colon + 1).trim()]
        : lower === 'mine'
          ? ['owner', 'me']
          : isMentionToken(token)
            ? ['owner', token]
            : ['status', token];
    if (seen.has(key)) return fail(`"${key}:" is given twice.`);
    seen.add(key);
    if (value === '') return fail(`"${key}:" needs a value.`);
    switch (key) {
      case 'status':
        if (!(CONTRACT_STATUSES as readonly string[]).includes(value.toLowerCase())) {
          return fail(
            colon > 0
              ? `"${shorten(value)}" is not a contract status.`
              : `"${shorten(token)}" is not a filter; use status:, owner: or vendor:.`,
          );
        }
        status = value.toLowerCase() as ContractStatus;
        break;
      case 'owner': {
        if (value.toLowerCase() === 'me') {
          mine = true;
          break;
        }
        // Only a real mention names someone: typed "@megan" is just text, and names are not unique.
        const mentioned = mentionAt(value, mentions);
        if (!mentioned)
          return fail('Name the owner with an @mention (type @ and pick them from the list), or owner:me.');
        owner = mentioned;
        break;
      }
      case 'vendor':
        vendor = value.slice(0, 200);
        break;
      default:
        return fail(`"${shorten(key)}:" is not a filter; use status:, owner: or vendor:.`);
    }
  }
  return ok({
    name: 'list',
    mine,
    ...(status ? { status } : {}),
    ...(owner ? { owner } : {}),
    ...(vendor ? { vendor } : {}),
  });
}

/** Splits on whitespace outside double quotes (straight or typographic), as Slack's parser does. */
function tokenize(input: string): { tokens: string[] } | { error: string; tokens: string[] } {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let quoted = false;
  for (const ch of input) {
    if (QUOTES.has(ch)) {
      quoted = !quoted;
      inToken = true;
    } else if (/\s/u.test(ch) && !quoted) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (inToken) tokens.push(current);
  return quoted ? { error: 'A quote is not closed.', tokens } : { tokens };
}

/**
 * Teams sends HTML-ish text from some clients: `<at>…</at>` left over when a mention had no entity,
 * `&nbsp;`, non-breaking spaces, tags around a pasted reference. Strip them before reading words.
 */
function normalise(input: string): string {
  return input
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&quot;/gi, '"')
    .replace(/&amp;/gi, '&')
    .replace(/\u00a0/g, ' ')
    .trim();
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
