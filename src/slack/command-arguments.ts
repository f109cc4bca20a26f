import { CHANNEL_PURPOSES, type ChannelPurpose, CONTRACT_STATUSES, type ContractStatus } from '../domain/types';
import type { ExportKind } from '../services/service-api';

/**
 * Parsing `/steward …`. Slack sends the text with `&`, `<`, `>` escaped and, because the manifest sets
 * `should_escape: true`, mentions encoded as `<@U123|name>` and channels as `<#C123|name>`
 * (https://docs.slack.dev/interactivity/implementing-slash-commands#creating_commands). Tokens split on
 * whitespace outside double quotes (straight or typographic); a `<…>` sequence is never split.
 * Nothing here calls a service: bad input ends in a usage message before anything is written.
 */

/** How `/steward help` groups the commands (one section each, well inside Slack's 3,000 characters). */
export const COMMAND_GROUPS = {
  contracts: 'Contracts',
  performance: 'Performance',
  obligations: 'Obligations, risks and corrective actions',
  commercial: 'Service credits and value',
  closeout: 'Closeout',
  records: 'Reports, audit and import',
} as const;

export type CommandGroup = keyof typeof COMMAND_GROUPS;

interface SubcommandInfo {
  usage: string;
  summary: string;
  /** Whether a vendor (a user from another organisation) may run it; the service still decides what they see. */
  vendor: boolean;
  group: CommandGroup;
}

export const EXPORT_KINDS: readonly ExportKind[] = ['contracts', 'kpis', 'scores', 'escalations'];
export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** Data exports also come as Excel workbooks; the audit trail stays CSV or JSON. */
export const DATA_EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type DataExportFormat = (typeof DATA_EXPORT_FORMATS)[number];

export const SUBCOMMANDS = {
  help: { usage: '/steward help', summary: 'What Steward can do', vendor: true, group: 'contracts' },
  list: {
    usage: '/steward list [status:active] [owner:@someone|me] [vendor:"Vendor name"]',
    summary: 'Contracts, optionally filtered',
    vendor: false,
    group: 'contracts',
  },
  new: { usage: '/steward new', summary: 'Create a contract', vendor: false, group: 'contracts' },
  roles: {
    usage: '/steward roles REF',
    summary: 'Set owner, procurement, legal, finance, operations',
    vendor: false,
    group: 'contracts',
  },
  path: { usage: '/steward path REF', summary: 'Set the escalation path', vendor: false, group: 'contracts' },
  link: {
    usage: '/steward link REF internal|vendor',
    summary: 'Link this channel to a contract (vendor = shared with the supplier)',
    vendor: false,
    group: 'contracts',
  },
  kickoff: {
    usage: '/steward kickoff REF',
    summary: 'Post the kickoff checklist in the linked channels',
    vendor: false,
    group: 'contracts',
  },
  acknowledge: {
    usage: '/steward acknowledge REF',
    summary: 'Acknowledge a contract’s kickoff (for the vendor)',
    vendor: true,
    group: 'contracts',
  },
  status: {
    usage: `/steward status REF ${CONTRACT_STATUSES.join('|')} [reason]`,
    summary: "Change a contract's status",
    vendor: false,
    group: 'contracts',
  },
  scorecard: { usage: '/steward scorecard REF', summary: "A contract's scorecard", vendor: true, group: 'performance' },
  kpi: {
    usage: '/steward kpi REF [KPI-KEY]',
    summary: 'Add a KPI, or edit one by its key',
    vendor: false,
    group: 'performance',
  },
  checkin: {
    usage: '/steward checkin REF [KPI-KEY]',
    summary: "Send this period's check-ins now",
    vendor: false,
    group: 'performance',
  },
  escalations: {
    usage: '/steward escalations [REF]',
    summary: 'Open escalations',
    vendor: false,
    group: 'performance',
  },
  obligations: {
    usage: '/steward obligations REF',
    summary: 'Obligations, with evidence and outcomes',
    vendor: true,
    group: 'obligations',
  },
  obligation: { usage: '/steward obligation REF', summary: 'Add an obligation', vendor: false, group: 'obligations' },
  risks: {
    usage: '/steward risks REF',
    summary: 'The risk register and its heat map',
    vendor: false,
    group: 'obligations',
  },
  risk: { usage: '/steward risk REF', summary: 'Add a risk', vendor: false, group: 'obligations' },
  actions: {
    usage: '/steward actions REF [all]',
    summary: 'Corrective actions: approve, start, verify, close or cancel them',
    vendor: false,
    group: 'obligations',
  },
  credits: {
    usage: '/steward credits REF [terms|PERIOD]',
    summary: 'Service credit terms; `terms` sets them, a period such as 2026-03 makes the claim pack',
    vendor: false,
    group: 'commercial',
  },
  value: {
    usage: '/steward value REF [record] | /steward value portfolio',
    summary: 'Value realized against plan; `record` adds a period',
    vendor: false,
    group: 'commercial',
  },
  closeout: { usage: '/steward closeout REF', summary: 'The final evaluation', vendor: false, group: 'closeout' },
  lesson: {
    usage: '/steward lesson REF what went well or badly',
    summary: 'Record a lesson learned',
    vendor: false,
    group: 'closeout',
  },
  close: {
    usage: '/steward close REF closed|renewed [YYYY-MM-DD] note',
    summary: 'Close a contract out, or renew it until a new end date',
    vendor: false,
    group: 'closeout',
  },
  charts: {
    usage: '/steward charts REF',
    summary: 'Trend charts and a heat map of the scorecard',
    vendor: true,
    group: 'records',
  },
  export: {
    usage: `/steward export ${EXPORT_KINDS.join('|')} ${DATA_EXPORT_FORMATS.join('|')} [REF]`,
    summary: 'A file of your contracts’ data',
    vendor: false,
    group: 'records',
  },
  audit: {
    usage: '/steward audit verify REF | /steward audit export REF csv|json',
    summary: "Check or export a contract's audit trail",
    vendor: false,
    group: 'records',
  },
  import: { usage: '/steward import', summary: 'Import contracts and KPIs from CSV', vendor: false, group: 'records' },
} as const satisfies Record<string, SubcommandInfo>;

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
  | { name: 'status'; reference: string; status: ContractStatus; reason?: string }
  | { name: 'kickoff' | 'acknowledge' | 'obligations' | 'obligation' | 'risks' | 'risk'; reference: string }
  | { name: 'closeout' | 'charts'; reference: string }
  | { name: 'actions'; reference: string; all: boolean }
  | { name: 'credits'; reference: string; what: 'show' | 'terms' }
  | { name: 'credits'; reference: string; what: 'claim'; periodKey: string }
  | { name: 'value'; mode: 'summary' | 'record'; reference: string }
  | { name: 'value'; mode: 'portfolio' }
  | { name: 'lesson'; reference: string; text: string }
  | { name: 'close'; reference: string; outcome: CloseOutcome; newEndDate?: string; note: string }
  | { name: 'audit'; action: 'verify'; reference: string }
  | { name: 'audit'; action: 'export'; reference: string; format: ExportFormat }
  | { name: 'export'; kind: ExportKind; format: DataExportFormat; reference?: string }
  | { name: 'import' };

export type CloseOutcome = 'closed' | 'renewed';

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

/**
 * The first `count` words of the text as Slack sent it and the rest, decoded but otherwise as typed: free text
 * (a lesson, a closing note) keeps its quotes and apostrophes instead of being read as quoted tokens.
 */
export function splitHead(text: string, count: number): { head: string[]; rest: string } {
  const head: string[] = [];
  let remaining = text.trimStart();
  while (head.length < count) {
    const match = /^(\S+)\s*/u.exec(remaining);
    if (!match) break;
    head.push(match[1] as string);
    remaining = remaining.slice(match[0].length);
  }
  return { head, rest: decodeSlackText(remaining).trim() };
}

/** Subcommands whose last argument is free text, read by `splitHead` rather than `tokenize`. */
const FREE_TEXT: ReadonlySet<SubcommandName> = new Set(['lesson', 'close']);

export function parseStewardCommand(text: string): ParseResult {
  const tokenized = tokenize(text ?? '');
  const firstWord = /^\s*(\S+)/u.exec(text ?? '')?.[1] ?? '';
  const first = 'tokens' in tokenized ? tokenized.tokens[0] : { raw: firstWord, text: decodeSlackText(firstWord) };
  const name = (first?.text ?? '').toLowerCase();
  const subcommand = name === '' || name === '?' ? 'help' : name;
  if (!isSubcommand(subcommand)) {
    return { ok: false, problem: `Steward has no \`${truncateName(first?.text ?? '')}\` command.` };
  }
  const fail = (problem: string): ParseResult => ({ ok: false, subcommand, problem });
  const ok = (command: StewardCommand): ParseResult => ({ ok: true, command });
  if (FREE_TEXT.has(subcommand)) return parseFreeText(subcommand, text ?? '', fail, ok);
  if ('error' in tokenized) return { ok: false, subcommand, problem: tokenized.error };
  const args = tokenized.tokens.slice(1);

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
    case 'kickoff':
    case 'acknowledge':
    case 'obligations':
    case 'obligation':
    case 'risks':
    case 'risk':
    case 'closeout':
    case 'charts': {
      const ref = reference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      return tooMany(1) ?? ok({ name: subcommand, reference: ref });
    }
    case 'actions': {
      const ref = reference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const scope = args[1]?.text.toLowerCase();
      if (scope !== undefined && scope !== 'all') {
        return fail(
          `\`${truncateName(args[1]?.text ?? '')}\` is not expected; add \`all\` to include finished actions.`,
        );
      }
      return tooMany(2) ?? ok({ name: 'actions', reference: ref, all: scope === 'all' });
    }
    case 'credits': {
      const ref = reference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const what = args[1]?.text;
      if (what === undefined) return ok({ name: 'credits', reference: ref, what: 'show' });
      if (what.toLowerCase() === 'terms') return tooMany(2) ?? ok({ name: 'credits', reference: ref, what: 'terms' });
      if (!PERIOD.test(what)) {
        return fail(
          `\`${truncateName(what)}\` is neither \`terms\` nor a period such as 2026-03 (month) or 2026-Q1 (quarter).`,
        );
      }
      return tooMany(2) ?? ok({ name: 'credits', reference: ref, what: 'claim', periodKey: what.toUpperCase() });
    }
    case 'value': {
      if (args[0]?.text.toLowerCase() === 'portfolio') return tooMany(1) ?? ok({ name: 'value', mode: 'portfolio' });
      const ref = reference(args[0]);
      if (typeof ref !== 'string') return fail(ref.problem);
      const mode = args[1]?.text.toLowerCase();
      if (mode !== undefined && mode !== 'record') {
        return fail(`\`${truncateName(args[1]?.text ?? '')}\` is not expected; add \`record\` to record value.`);
      }
      return tooMany(2) ?? ok({ name: 'value', mode: mode === 'record' ? 'record' : 'summary', reference: ref });
    }
    case 'audit': {
      const action = args[0]?.text.toLowerCase();
      if (action !== 'verify' && action !== 'export') return fail('Say `verify` or `export`, then the contract.');
      const ref = reference(args[1]);
      if (typeof ref !== 'string') return fail(ref.problem);
      if (action === 'verify') return tooMany(2) ?? ok({ name: 'audit', action, reference: ref });
      const format = exportFormat(args[2]);
      if (typeof format !== 'string') return fail(format.problem);
      return tooMany(3) ?? ok({ name: 'audit', action, reference: ref, format });
    }
    case 'export': {
      const kind = args[0]?.text.toLowerCase();
      if (!kind || !(EXPORT_KINDS as readonly string[]).includes(kind)) {
        return fail(
          kind
            ? `\`${truncateName(args[0]?.text ?? '')}\` cannot be exported; choose ${EXPORT_KINDS.join(', ')}.`
            : `Say what to export: ${EXPORT_KINDS.join(', ')}.`,
        );
      }
      const format = exportFormat(args[1], DATA_EXPORT_FORMATS);
      if (typeof format !== 'string') return fail(format.problem);
      if (args.length === 2) return ok({ name: 'export', kind: kind as ExportKind, format });
      const ref = reference(args[2]);
      if (typeof ref !== 'string') return fail(ref.problem);
      return tooMany(3) ?? ok({ name: 'export', kind: kind as ExportKind, format, reference: ref });
    }
    case 'import':
      return tooMany(0) ?? ok({ name: 'import' });
    case 'lesson':
    case 'close':
      // Read by parseFreeText above.
      return fail('Unexpected arguments.');
  }
}

// A period key's shape; the service judges it further (a month 13 is refused there, with its own words).
const PERIOD = /^(\d{4}-\d{2}|\d{4}-[Qq][1-4]|\d{4}-[Ww]\d{2}|[Mm]-\d{4}-\d{2}-\d{2})$/;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

function exportFormat<F extends string = ExportFormat>(
  token: Token | undefined,
  formats: readonly F[] = EXPORT_FORMATS as unknown as readonly F[],
): F | { problem: string } {
  const format = token?.text.toLowerCase();
  const choices = formats.map((choice) => `\`${choice}\``);
  const list = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
  if (!format) return { problem: `Say which format: ${list}.` };
  if (!(formats as readonly string[]).includes(format)) {
    return { problem: `\`${truncateName(token?.text ?? '')}\` is not a format; choose ${list}.` };
  }
  return format as F;
}

/** `lesson REF text…` and `close REF closed|renewed [YYYY-MM-DD] note…`. */
function parseFreeText(
  subcommand: SubcommandName,
  text: string,
  fail: (problem: string) => ParseResult,
  ok: (command: StewardCommand) => ParseResult,
): ParseResult {
  const { head } = splitHead(text, 2);
  const ref = decodeSlackText(head[1] ?? '');
  if (!ref) return fail('A contract reference is missing.');
  if (ref.includes(':') || !REFERENCE.test(ref)) {
    return fail(
      `\`${truncateName(ref)}\` is not a contract reference (letters, digits and dashes, like ACME-2026-001).`,
    );
  }
  const reference = ref.toUpperCase();
  if (subcommand === 'lesson') {
    const { rest } = splitHead(text, 2);
    if (!rest) return fail('Write the lesson after the reference.');
    return ok({ name: 'lesson', reference, text: rest });
  }
  const parts = splitHead(text, 3);
  const outcome = parts.head[2]?.toLowerCase();
  if (outcome !== 'closed' && outcome !== 'renewed') {
    return fail(
      outcome
        ? `\`${truncateName(parts.head[2] ?? '')}\` is neither \`closed\` nor \`renewed\`.`
        : 'Say `closed` or `renewed`.',
    );
  }
  let { rest } = parts;
  let newEndDate: string | undefined;
  const date = /^(\S+)\s*/u.exec(rest);
  if (date && DATE_SHAPE.test(date[1] as string)) {
    newEndDate = date[1];
    rest = rest.slice(date[0].length).trim();
  }
  if (!rest) {
    return fail(
      outcome === 'renewed'
        ? 'Add the new end date and a note on what was agreed.'
        : 'Add a note on why the contract is closed and how it ended.',
    );
  }
  return ok({ name: 'close', reference, outcome, note: rest, ...(newEndDate ? { newEndDate } : {}) });
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
