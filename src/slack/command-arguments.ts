import { CHANNEL_PURPOSES, type ChannelPurpose, CONTRACT_STATUSES, type ContractStatus } from '../domain/types';

/**
 * Parsing `/steward …`. Slack sends the text with `&`, `<`, `>` escaped and, because the manifest sets
 * `should_escape: true`, mentions encoded as `<@U123|name>` and channels as `<#C123|name>`
 * (https://docs.slack.dev/interactivity/implementing-slash-commands#creating_commands). Tokens split on
 * whitespace outside double quotes (straight or typographic); a `<…>` sequence is never split.
 * Nothing here calls a service: bad input ends in a usage message before anything is written.
 */

export const SUBCOMMANDS = {
  help: { usage: '/steward help', summary: 'What Steward can do', vendor: true },
  list: {
    usage: '/steward list [status:active] [owner:@someone|me] [vendor:"Vendor name"]',
    summary: 'Contracts, optionally filtered',
    vendor: false,
  },
  scorecard: { usage: '/steward scorecard REF', summary: "A contract's scorecard", vendor: true },
  new: { usage: '/steward new', summary: 'Create a contract', vendor: false },
  kpi: { usage: '/steward kpi REF [KPI-KEY]', summary: 'Add a KPI, or edit one by its key', vendor: false },
  roles: { usage: '/steward roles REF', summary: 'Set owner, procurement, legal, finance, operations', vendor: false },
  path: { usage: '/steward path REF', summary: 'Set the escalation path', vendor: false },
  link: {
    usage: '/steward link REF internal|vendor',
    summary: 'Link this channel to a contract (vendor = shared with the supplier)',
    vendor: false,
  },
  checkin: { usage: '/steward checkin REF [KPI-KEY]', summary: "Send this period's check-ins now", vendor: false },
  escalations: { usage: '/steward escalations [REF]', summary: 'Open escalations', vendor: false },
  status: {
    usage: `/steward status REF ${CONTRACT_STATUSES.join('|')} [reason]`,
    summary: "Change a contract's status",
    vendor: false,
  },
} as const;

export type SubcommandName = keyof typeof SUBCOMMANDS;

export interface ListFilterArgs {
  status?: ContractStatus;
  /** A Slack user id from a decoded mention. */
  ownerId?: string;
  /** `owner:me`: the person running the command. */
  ownerIsMe?: boolean;
  vendor?: string;
}

export type StewardCommand =
  | { name: 'help' }
  | { name: 'list'; filter: ListFilterArgs }
  | { name: 'scorecard'; reference: string }
  | { name: 'new' }
  | { name: 'kpi'; reference: string; kpiKey?: string }
  | { name: 'roles'; reference: string }
  | { name: 'path'; reference: string }
  | { name: 'link'; reference: string; purpose: ChannelPurpose }
  | { name: 'checkin'; reference: string; kpiKey?: string }
  | { name: 'escalations'; reference?: string }
  | { name: 'status'; reference: string; status: ContractStatus; reason?: string };

export type ParseResult =
  | { ok: true; command: StewardCommand }
  | {
      ok: false;
      /** The subcommand the usage is for; undefined for an unknown one (the reply lists them all). */
      subcommand?: SubcommandName;
      problem: string;
    };

export interface Token {
  /** The token with Slack's escaping undone and quotes removed. */
  text: string;
  /** The token as Slack sent it (quotes removed), for mention decoding. */
  raw: string;
}

const QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e']);
const SPACE = /\s/u;

export function tokenize(input: string): { tokens: Token[] } | { error: string } {
  const tokens: Token[] = [];
  let raw = '';
  let inToken = false;
  let quoted = false;
  for (let i = 0; i < input.length; i += 1) {
    const ch = input[i] as string;
    if (QUOTES.has(ch)) {
      quoted = !quoted;
      inToken = true;
      continue;
    }
    if (ch === '<' && !quoted) {
      const end = input.indexOf('>', i);
      if (end > i) {
        raw += input.slice(i, end + 1);
        i = end;
        inToken = true;
        continue;
      }
    }
    if (SPACE.test(ch) && !quoted) {
      if (inToken) tokens.push({ raw, text: decodeSlackText(raw) });
      raw = '';
      inToken = false;
      continue;
    }
    raw += ch;
    inToken = true;
  }
  if (quoted) return { error: 'A quote is not closed.' };
  if (inToken) tokens.push({ raw, text: decodeSlackText(raw) });
  return { tokens };
}

/** Undoes Slack's escaping: `<@U1|bob>` → `@bob`, `<#C1|general>` → `#general`, `<url|label>` → label, entities. */
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

/** The user id in a Slack-encoded mention (`<@U123>` or `<@U123|name>`), if the whole text is one. */
export function mentionedUser(raw: string): string | undefined {
  return /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(raw.trim())?.[1];
}

// The services' own rules (inputs.ts), read case-insensitively: references are upper case, KPI keys lower case.
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9-]{1,38}[A-Za-z0-9]$/;
const KPI_KEY = /^[A-Za-z][A-Za-z0-9-]{0,39}$/;

function isSubcommand(name: string): name is SubcommandName {
  return Object.hasOwn(SUBCOMMANDS, name);
}

export function parseStewardCommand(text: string): ParseResult {
  const tokenized = tokenize(text ?? '');
  const first = 'tokens' in tokenized ? tokenized.tokens[0] : undefined;
  const name = (first?.text ?? '').toLowerCase();
  const subcommand = name === '' || name === '?' ? 'help' : name;
  if (!isSubcommand(subcommand)) {
    return { ok: false, problem: `Steward has no \`${truncateName(first?.text ?? '')}\` command.` };
  }
  if ('error' in tokenized) return { ok: false, subcommand, problem: tokenized.error };
  const args = tokenized.tokens.slice(1);
  const fail = (problem: string): ParseResult => ({ ok: false, subcommand, problem });
  const ok = (command: StewardCommand): ParseResult => ({ ok: true, command });

  const reference = (token: Token | undefined): string | { problem: string } => {
    if (!token) return { problem: 'A contract reference is missing.' };
    if (token.text.includes(':') || !REFERENCE.test(token.text)) {
      return {
        problem: `\`${truncateName(token.text)}\` is not a contract reference (letters, digits and dashes, like ACME-2026-001).`,
      };
    }
    return token.text.toUpperCase();
  };
  const kpiKey = (token: Token | undefined): string | undefined | { problem: string } => {
    if (!token) return undefined;
    if (!KPI_KEY.test(token.text)) {
      return {
        problem: `\`${truncateName(token.text)}\` is not a KPI key (letters, digits and dashes, like first-response-time).`,
      };
    }
    return token.text.toLowerCase();
  };
  const tooMany = (max: number): ParseResult | undefined =>
    args.length > max
      ? fail(`Too many arguments: \`${truncateName(args[max]?.text ?? '')}\` was not expected.`)
      : undefined;

  switch (subcommand) {
    case 'help':
    case 'new':
      return tooMany(0) ?? ok({ name: subcommand });
    case 'scorecard':
    case 'roles':
    case 'path': {
      const ref = reference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      return tooMany(1) ?? ok({ name: subcommand, reference: ref });
    }
    case 'kpi':
    case 'checkin': {
      const ref = reference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const key = kpiKey(args[1]);
      if (typeof key === 'object') return fail(key.problem);
      return tooMany(2) ?? ok({ name: subcommand, reference: ref, ...(key ? { kpiKey: key } : {}) });
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
      const purpose = args[1]?.text.toLowerCase();
      if (!purpose) return fail('Say whether the channel is `internal` or shared with the `vendor`.');
      if (!(CHANNEL_PURPOSES as readonly string[]).includes(purpose)) {
        return fail(`\`${truncateName(args[1]?.text ?? '')}\` is neither \`internal\` nor \`vendor\`.`);
      }
      return tooMany(2) ?? ok({ name: 'link', reference: ref, purpose: purpose as ChannelPurpose });
    }
    case 'status': {
      const ref = reference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const status = args[1]?.text.toLowerCase();
      if (!status) return fail('The new status is missing.');
      if (!(CONTRACT_STATUSES as readonly string[]).includes(status)) {
        return fail(`\`${truncateName(args[1]?.text ?? '')}\` is not a contract status.`);
      }
      const reason = args
        .slice(2)
        .map((token) => token.text)
        .join(' ')
        .trim();
      return ok({ name: 'status', reference: ref, status: status as ContractStatus, ...(reason ? { reason } : {}) });
    }
    case 'list':
      return parseList(args, fail, ok);
  }
}

function parseList(
  args: Token[],
  fail: (problem: string) => ParseResult,
  ok: (command: StewardCommand) => ParseResult,
): ParseResult {
  const filter: ListFilterArgs = {};
  const seen = new Set<string>();
  for (const token of args) {
    const colon = token.raw.indexOf(':');
    if (colon <= 0)
      return fail(`\`${truncateName(token.text)}\` is not a filter; use \`status:\`, \`owner:\` or \`vendor:\`.`);
    const key = token.raw.slice(0, colon).toLowerCase();
    const rawValue = token.raw.slice(colon + 1).trim();
    const value = decodeSlackText(rawValue).trim();
    if (seen.has(key)) return fail(`\`${key}:\` is given twice.`);
    seen.add(key);
    if (value === '') return fail(`\`${key}:\` needs a value.`);
    switch (key) {
      case 'status':
        if (!(CONTRACT_STATUSES as readonly string[]).includes(value.toLowerCase())) {
          return fail(`\`${truncateName(value)}\` is not a contract status.`);
        }
        filter.status = value.toLowerCase() as ContractStatus;
        break;
      case 'owner': {
        if (value.toLowerCase() === 'me') {
          filter.ownerIsMe = true;
          break;
        }
        const id = mentionedUser(rawValue);
        if (!id) return fail('Name the owner with a mention (type @ and pick them from the list) or `owner:me`.');
        filter.ownerId = id;
        break;
      }
      case 'vendor':
        filter.vendor = value.slice(0, 200);
        break;
      default:
        return fail(`\`${truncateName(key)}:\` is not a filter; use \`status:\`, \`owner:\` or \`vendor:\`.`);
    }
  }
  return ok({ name: 'list', filter });
}

function truncateName(text: string): string {
  // Shown back inside backticks; a backtick would end the code span early.
  const clean = text.replace(/`/g, "'");
  return clean.length > 40 ? `${clean.slice(0, 39)}…` : clean;
}
