import { CHANNEL_PURPOSES, type ChannelPurpose, CONTRACT_STATUSES, type ContractStatus } from '../domain/types';
import type { ExportKind } from '../services/service-api';
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
  | { name: 'path'; reference: string }
  // Kickoff, obligations, risks, corrective actions, service credits, value, closeout, audit trail, reports.
  | { name: 'kickoff'; reference: string }
  /** The kickoff notice asks the vendor to type `/steward acknowledge REF`; Teams reads it too. */
  | { name: 'acknowledge'; reference: string }
  | { name: 'obligations'; reference: string }
  | { name: 'obligation'; reference: string }
  | { name: 'risks'; reference: string }
  | { name: 'risk'; reference: string }
  | { name: 'actions'; reference: string; all: boolean }
  | { name: 'credits'; reference: string; what: 'show' | 'terms' }
  | { name: 'credits'; reference: string; what: 'claim'; periodKey: string }
  | { name: 'value'; reference: string; record: boolean }
  | { name: 'value'; portfolio: true }
  | { name: 'closeout'; reference: string }
  | { name: 'lesson'; reference: string; text: string }
  | { name: 'close'; reference: string; outcome: 'closed' | 'renewed'; newEndDate?: string; note: string }
  | { name: 'audit'; reference: string; verify: true }
  | { name: 'audit'; reference: string; verify: false; format: ExportFormat }
  | { name: 'charts'; reference: string }
  | { name: 'export'; kind: ExportKind; format: DataExportFormat; reference?: string }
  | { name: 'import' };

export type ExportFormat = 'csv' | 'json';
/** Data exports also come as Excel workbooks; the audit trail stays CSV or JSON. */
export type DataExportFormat = ExportFormat | 'xlsx';

export type CommandName = Command['name'];

export interface CommandHelp {
  name: CommandName;
  usage: string;
  summary: string;
  /** Vendors (external users) may use it; anything else is refused and recorded, as on Slack. */
  vendor: boolean;
  /** Listed in help and in the app manifest's command menu. */
  listed: boolean;
  /** The heading it is listed under in the help card. */
  section: HelpSection;
}

export const HELP_SECTIONS = [
  'Every day',
  'Setting up a contract',
  'Kickoff, obligations, risks and corrective actions',
  'Service credits and value',
  'Closeout, audit trail and reports',
] as const;
export type HelpSection = (typeof HELP_SECTIONS)[number];

const [EVERY_DAY, SETUP, FOLLOW_UP, MONEY, RECORDS] = HELP_SECTIONS;
const EXPORT_KINDS: readonly ExportKind[] = ['contracts', 'kpis', 'scores', 'escalations'];
const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json'];
const DATA_EXPORT_FORMATS: readonly DataExportFormat[] = ['csv', 'xlsx', 'json'];

export const COMMAND_HELP: readonly CommandHelp[] = [
  {
    name: 'help',
    usage: 'steward help',
    summary: 'What Steward can do.',
    vendor: true,
    listed: true,
    section: EVERY_DAY,
  },
  {
    name: 'home',
    usage: 'steward home',
    summary: 'Your open check-ins, contracts and escalations.',
    vendor: true,
    listed: true,
    section: EVERY_DAY,
  },
  {
    name: 'list',
    usage: 'steward list [status:active] [owner:me|@someone] [vendor:"Vendor name"]',
    summary: 'Contracts, optionally filtered.',
    vendor: false,
    listed: true,
    section: EVERY_DAY,
  },
  {
    name: 'scorecard',
    usage: 'steward scorecard REF',
    summary: "A contract's scorecard, e.g. steward scorecard ACME-2026-001.",
    vendor: true,
    listed: true,
    section: EVERY_DAY,
  },
  {
    name: 'kpis',
    usage: 'steward kpis REF',
    summary: "A contract's KPIs.",
    vendor: false,
    listed: true,
    section: EVERY_DAY,
  },
  {
    name: 'checkin',
    usage: 'steward checkin REF [KPI-KEY]',
    summary: "Send this period's check-ins now.",
    vendor: false,
    listed: true,
    section: EVERY_DAY,
  },
  {
    name: 'escalations',
    usage: 'steward escalations [REF]',
    summary: 'Open escalations.',
    vendor: false,
    listed: true,
    section: EVERY_DAY,
  },
  {
    name: 'link',
    usage: 'steward link REF internal|vendor',
    summary: 'Link this channel or group chat to a contract (vendor = shared with the supplier).',
    vendor: false,
    listed: true,
    section: SETUP,
  },
  {
    name: 'status',
    usage: `steward status REF ${CONTRACT_STATUSES.join('|')} [reason]`,
    summary: "Change a contract's status.",
    vendor: false,
    listed: true,
    section: SETUP,
  },
  // Everything below is in help but not in the manifest's command menu (Teams allows 10 commands there).
  {
    name: 'new',
    usage: 'steward new',
    summary: 'Create a contract (a form).',
    vendor: false,
    listed: false,
    section: SETUP,
  },
  {
    name: 'kpi',
    usage: 'steward kpi REF [KPI-KEY]',
    summary: 'Add a KPI, or edit one by its key (a form).',
    vendor: false,
    listed: false,
    section: SETUP,
  },
  {
    name: 'roles',
    usage: 'steward roles REF',
    summary: 'Set who holds the governance roles (a form).',
    vendor: false,
    listed: false,
    section: SETUP,
  },
  {
    name: 'path',
    usage: 'steward path REF',
    summary: 'Set the escalation path: who is told at each level, and how fast (a form).',
    vendor: false,
    listed: false,
    section: SETUP,
  },
  {
    name: 'import',
    usage: 'steward import',
    summary: 'Import contracts and their KPIs from CSV, with a dry run first (a form).',
    vendor: false,
    listed: false,
    section: SETUP,
  },
  {
    name: 'kickoff',
    usage: 'steward kickoff REF',
    summary: 'The kickoff checklist: roles, KPIs and thresholds; the vendor acknowledges it on the card.',
    vendor: true,
    listed: false,
    section: FOLLOW_UP,
  },
  {
    name: 'acknowledge',
    usage: 'steward acknowledge REF',
    summary: 'For the vendor: acknowledge the kickoff of a contract.',
    vendor: true,
    listed: false,
    section: FOLLOW_UP,
  },
  {
    name: 'obligations',
    usage: 'steward obligations REF',
    summary: 'Obligations: add evidence, mark them fulfilled or not fulfilled, or waive them.',
    vendor: true,
    listed: false,
    section: FOLLOW_UP,
  },
  {
    name: 'obligation',
    usage: 'steward obligation REF',
    summary: 'Add an obligation: a report, certificate, audit or payment owed by a date (a form).',
    vendor: false,
    listed: false,
    section: FOLLOW_UP,
  },
  {
    name: 'risks',
    usage: 'steward risks REF',
    summary: 'The risk register, with its heat map as an image.',
    vendor: false,
    listed: false,
    section: FOLLOW_UP,
  },
  {
    name: 'risk',
    usage: 'steward risk REF',
    summary: 'Add a risk, rated likelihood × impact from 1 to 5 (a form).',
    vendor: false,
    listed: false,
    section: FOLLOW_UP,
  },
  {
    name: 'actions',
    usage: 'steward actions REF [all]',
    summary:
      'Open corrective actions (all: the finished ones too): approve, start, verify, close, or cancel with a note.',
    vendor: false,
    listed: false,
    section: FOLLOW_UP,
  },
  {
    name: 'credits',
    usage: 'steward credits REF [terms|PERIOD]',
    summary: 'Service credit terms; terms sets them (a form), a period such as 2026-03 makes the claim pack (a CSV).',
    vendor: false,
    listed: false,
    section: MONEY,
  },
  {
    name: 'value',
    usage: 'steward value REF [record] | steward value portfolio',
    summary: 'Value realized against plan; record a period (a form); or every contract added up.',
    vendor: false,
    listed: false,
    section: MONEY,
  },
  {
    name: 'closeout',
    usage: 'steward closeout REF',
    summary: 'The evaluation of the whole term and the renewal recommendation.',
    vendor: false,
    listed: false,
    section: RECORDS,
  },
  {
    name: 'lesson',
    usage: 'steward lesson REF text…',
    summary: 'Record a lesson learned; it is shown when a contract with the same vendor or category is created.',
    vendor: false,
    listed: false,
    section: RECORDS,
  },
  {
    name: 'close',
    usage: 'steward close REF closed|renewed [YYYY-MM-DD] note…',
    summary: 'End the closeout: closed, or renewed until a new end date.',
    vendor: false,
    listed: false,
    section: RECORDS,
  },
  {
    name: 'audit',
    usage: 'steward audit verify REF | steward audit export REF csv|json',
    summary: "Check the audit trail's hash chain, or export the trail with its hashes.",
    vendor: false,
    listed: false,
    section: RECORDS,
  },
  {
    name: 'charts',
    usage: 'steward charts REF',
    summary: 'Trend charts per KPI and a green/amber/red heat map, as images.',
    vendor: true,
    listed: false,
    section: RECORDS,
  },
  {
    name: 'export',
    usage: `steward export ${EXPORT_KINDS.join('|')} csv|xlsx|json [REF]`,
    summary: 'Export one contract, or every contract you manage, as a file.',
    vendor: false,
    listed: false,
    section: RECORDS,
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
/** The services' period keys: a month, quarter, week or milestone (read case-insensitively). */
const PERIOD_KEY = /^(\d{4}-W(0[1-9]|[1-4]\d|5[0-3])|\d{4}-(0[1-9]|1[0-2])|\d{4}-Q[1-4]|M-\d{4}-\d{2}-\d{2})$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Commands whose last argument is free text, taken as typed. */
const FREE_TEXT: ReadonlySet<CommandName> = new Set(['lesson', 'close']);

export function helpFor(name: CommandName): CommandHelp {
  return COMMAND_HELP.find((entry) => entry.name === name) ?? (COMMAND_HELP[0] as CommandHelp);
}

/**
 * Turns the typed text into a command, or explains what was wrong and how to type it. Pure. `mentions`
 * are the people @mentioned in the message, in the order of their tokens (see mentions.ts).
 */
export function parseCommand(input: string, options: { mentions?: readonly MentionedUser[] } = {}): ParseResult {
  const mentions = options.mentions ?? [];
  const normalised = normalise(input);
  const tokenized = tokenize(normalised);
  const tokens = [...tokenized.tokens];
  // A leading mention that is not the bot's (a client that names the bot differently) is not an argument.
  while (tokens[0] !== undefined && isMentionToken(tokens[0].text)) tokens.shift();
  const leading = tokens[0]?.text.toLowerCase();
  if (leading === 'steward' || leading === '/steward') tokens.shift();
  const first = tokens[0]?.text ?? '';
  const name = first === '' || first === '?' ? 'help' : first.toLowerCase();
  const help = COMMAND_HELP.find((entry) => entry.name === name);
  if (!help) return { ok: false, problem: `Steward has no "${shorten(first)}" command.`, usage: LISTED_COMMANDS };
  const fail = (problem: string): ParseResult => ({ ok: false, problem, command: help.name, usage: [help] });
  // Free text (a lesson, a closing note) may hold a lone quote mark; its words are taken as typed.
  if (tokenized.error && !FREE_TEXT.has(help.name)) return fail(tokenized.error);
  const args = tokens.slice(1).map((token) => token.text);
  /** Everything typed from argument `index` on, as typed, with other people's @mentions as their names. */
  const textFrom = (index: number): string => {
    const start = tokens[index + 1]?.start;
    return start === undefined ? '' : withMentionNames(normalised.slice(start), mentions).trim();
  };
  const ok = (command: Command): ParseResult => ({ ok: true, command });
  const tooMany = (max: number): ParseResult | undefined =>
    args.length > max ? fail(`Too many arguments: "${shorten(args[max] ?? '')}" was not expected.`) : undefined;
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
    case 'import':
      return tooMany(0) ?? ok({ name: help.name });
    case 'scorecard':
    case 'kpis':
    case 'roles':
    case 'path':
    case 'kickoff':
    case 'acknowledge':
    case 'obligations':
    case 'obligation':
    case 'risks':
    case 'risk':
    case 'closeout':
    case 'charts': {
      const ref = readReference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      return tooMany(1) ?? ok({ name: help.name, reference: ref });
    }
    case 'checkin':
    case 'kpi': {
      const ref = readReference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const key = kpiKey(args[1]);
      if (typeof key === 'object') return fail(key.problem);
      if (help.name === 'kpi')
        return tooMany(2) ?? ok({ name: 'kpi', reference: ref, ...(key ? { kpiKey: key } : {}) });
      return tooMany(2) ?? ok({ name: 'checkin', reference: ref, ...(key ? { kpiKey: key } : {}) });
    }
    case 'escalations': {
      if (args.length === 0) return ok({ name: 'escalations' });
      const ref = readReference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      return tooMany(1) ?? ok({ name: 'escalations', reference: ref });
    }
    case 'link': {
      const ref = readReference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const purpose = args[1]?.toLowerCase();
      if (!purpose) return fail('Say whether this place is "internal" or shared with the "vendor".');
      if (!(CHANNEL_PURPOSES as readonly string[]).includes(purpose)) {
        return fail(`"${shorten(args[1] ?? '')}" is neither "internal" nor "vendor".`);
      }
      return tooMany(2) ?? ok({ name: 'link', reference: ref, purpose: purpose as ChannelPurpose });
    }
    case 'status': {
      const ref = readReference(args[0]);
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
    case 'actions': {
      const ref = readReference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const all = args[1]?.toLowerCase();
      if (all !== undefined && all !== 'all') return fail(`"${shorten(args[1] ?? '')}" is not "all".`);
      return tooMany(2) ?? ok({ name: 'actions', reference: ref, all: all === 'all' });
    }
    case 'credits': {
      const ref = readReference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const what = args[1];
      if (!what) return ok({ name: 'credits', reference: ref, what: 'show' });
      if (what.toLowerCase() === 'terms') return tooMany(2) ?? ok({ name: 'credits', reference: ref, what: 'terms' });
      if (!PERIOD_KEY.test(what)) {
        return fail(
          `"${shorten(what)}" is neither "terms" nor a period (2026-03 for a month, 2026-Q1 for a quarter, 2026-W09 for a week).`,
        );
      }
      return tooMany(2) ?? ok({ name: 'credits', reference: ref, what: 'claim', periodKey: what.toUpperCase() });
    }
    case 'value': {
      if (args[0]?.toLowerCase() === 'portfolio') return tooMany(1) ?? ok({ name: 'value', portfolio: true });
      const ref = readReference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const what = args[1]?.toLowerCase();
      if (what !== undefined && what !== 'record') return fail(`"${shorten(args[1] ?? '')}" is not "record".`);
      return tooMany(2) ?? ok({ name: 'value', reference: ref, record: what === 'record' });
    }
    case 'lesson': {
      const ref = readReference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const lesson = textFrom(1);
      if (!lesson) return fail('Write the lesson after the reference: what would you do differently next time?');
      return ok({ name: 'lesson', reference: ref, text: lesson });
    }
    case 'close': {
      const ref = readReference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const outcome = args[1]?.toLowerCase();
      if (outcome !== 'closed' && outcome !== 'renewed') {
        return fail(
          outcome
            ? `"${shorten(args[1] ?? '')}" is neither "closed" nor "renewed".`
            : 'Say whether the contract is "closed" or "renewed".',
        );
      }
      if (outcome === 'renewed') {
        const date = args[2];
        if (!date || !ISO_DATE.test(date)) {
          return fail('Give the new end date after "renewed", written YYYY-MM-DD, like 2028-12-31.');
        }
        const note = textFrom(3);
        if (!note) return fail('Add a note after the date: why it is renewed, and on what terms.');
        return ok({ name: 'close', reference: ref, outcome, newEndDate: date, note });
      }
      const note = textFrom(2);
      if (!note) return fail('Add a note after "closed": how the contract ended.');
      return ok({ name: 'close', reference: ref, outcome, note });
    }
    case 'audit': {
      const mode = args[0]?.toLowerCase();
      if (mode !== 'verify' && mode !== 'export') {
        return fail(
          mode ? `"${shorten(args[0] ?? '')}" is neither "verify" nor "export".` : 'Say "verify" or "export".',
        );
      }
      const ref = readReference(args[1]);
      if (typeof ref !== 'string') return fail(ref.problem);
      if (mode === 'verify') return tooMany(2) ?? ok({ name: 'audit', reference: ref, verify: true });
      const format = readFormat(args[2]);
      if (typeof format !== 'string') return fail(format.problem);
      return tooMany(3) ?? ok({ name: 'audit', reference: ref, verify: false, format });
    }
    case 'export': {
      const kind = args[0]?.toLowerCase();
      if (!kind || !(EXPORT_KINDS as readonly string[]).includes(kind)) {
        return fail(
          kind
            ? `"${shorten(args[0] ?? '')}" cannot be exported; choose ${EXPORT_KINDS.join(', ')}.`
            : `Say what to export: ${EXPORT_KINDS.join(', ')}.`,
        );
      }
      const format = readFormat(args[1], DATA_EXPORT_FORMATS);
      if (typeof format !== 'string') return fail(format.problem);
      if (args[2] === undefined) return ok({ name: 'export', kind: kind as ExportKind, format });
      const ref = readReference(args[2]);
      if (typeof ref !== 'string') return fail(ref.problem);
      return tooMany(3) ?? ok({ name: 'export', kind: kind as ExportKind, format, reference: ref });
    }
  }
}

function readReference(token: string | undefined): string | { problem: string } {
  if (!token) return { problem: 'A contract reference is missing.' };
  if (token.includes(':') || !REFERENCE.test(token)) {
    return {
      problem: `"${shorten(token)}" is not a contract reference (letters, digits and dashes, like ACME-2026-001).`,
    };
  }
  return token.toUpperCase();
}

function readFormat<F extends string = ExportFormat>(
  token: string | undefined,
  formats: readonly F[] = EXPORT_FORMATS as unknown as readonly F[],
): F | { problem: string } {
  const format = token?.toLowerCase();
  const list = `${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}`;
  if (!format) return { problem: `Say which format: ${list}.` };
  if (!(formats as readonly string[]).includes(format)) {
    const choice = formats.length === 2 ? `neither ${formats[0]} nor ${formats[1]}` : `not ${list}`;
    return { problem: `"${shorten(token ?? '')}" is ${choice}.` };
  }
  return format as F;
}

/** Other people's @mentions inside free text, as their names. */
function withMentionNames(text: string, mentions: readonly MentionedUser[]): string {
  return text
    .split(/(\s+)/)
    .map((word) => {
      if (!isMentionToken(word)) return word;
      const name = mentionAt(word, mentions)?.name;
      return name ? `@${name}` : '';
    })
    .join('');
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

interface Token {
  text: string;
  /** Where the token starts in the text, to take free text from there as typed. */
  start: number;
}

/** Splits on whitespace outside double quotes (straight or typographic), as Slack's parser does. */
function tokenize(input: string): { tokens: Token[]; error?: string } {
  const tokens: Token[] = [];
  let current = '';
  let start = -1;
  let quoted = false;
  let index = 0;
  for (const ch of input) {
    if (QUOTES.has(ch)) {
      quoted = !quoted;
      if (start < 0) start = index;
    } else if (/\s/u.test(ch) && !quoted) {
      if (start >= 0) tokens.push({ text: current, start });
      current = '';
      start = -1;
    } else {
      current += ch;
      if (start < 0) start = index;
    }
    index += ch.length;
  }
  if (start >= 0) tokens.push({ text: current, start });
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
