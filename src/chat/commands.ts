import { CHANNEL_PURPOSES, type ChannelPurpose, CONTRACT_STATUSES, type ContractStatus } from '../domain/types';

/**
 * The `steward …` command grammar, once for both surfaces. Slack (`/steward …`) and Teams (a message to the
 * bot) only turn what a person typed into plain text with @mentions as placeholder tokens (mentionToken);
 * everything from there on is here: the table of commands (help, vendor rules, menus), the typed command and
 * the one parser. Nothing here calls a service: bad input ends in a usage answer before anything is written.
 *
 * Problems quote what was typed in backticks; Slack shows them as code, Teams as quotes (plainQuotes).
 */

/** Someone @mentioned in the command, as the surface identified them. */
export interface Mention {
  /** The surface's user id: Slack `U…`, Teams account id `29:…`. */
  id: string;
  /** The name the surface showed in the mention, when it sent one. */
  name?: string;
  /** Teams only: the person's Microsoft Entra object id, when the client sent it with the mention. */
  aadObjectId?: string;
}

export const EXPORT_KINDS = ['contracts', 'kpis', 'scores', 'escalations'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** Data exports also come as Excel workbooks; the audit trail stays CSV or JSON (its JSON is what verifies again). */
export const DATA_EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type DataExportFormat = (typeof DATA_EXPORT_FORMATS)[number];
export type CloseOutcome = 'closed' | 'renewed';

export interface ListFilterArgs {
  status?: ContractStatus;
  /** `owner:me` (or `mine`): the person running the command. */
  mine: boolean;
  /** `owner:@someone`: a real mention; typed text never names a person. */
  owner?: Mention;
  vendor?: string;
  /** `rag:red|amber|green|none`: the worst latest RAG of the contract's KPIs (`none`: no score yet). */
  rag?: ListRag;
  /** `ending:90` (or `ending:90d`): ending from today to that many days from today. */
  endingWithinDays?: number;
  /** Any other word (or "quoted words"): must appear in the reference, title or vendor name. */
  words?: string[];
}

export const LIST_RAGS = ['red', 'amber', 'green', 'none'] as const;
export type ListRag = (typeof LIST_RAGS)[number];
/** At most this many search words; each is matched as plain text. */
export const MAX_LIST_WORDS = 8;
/** The longest `ending:` in days (ten years). */
export const MAX_ENDING_DAYS = 3_650;

/** Each command's arguments once parsed, by name. */
export interface CommandArguments {
  /** `greeting`: typed as hi, hello, hey or start, which get the welcome rather than the whole list. */
  help: { greeting?: true };
  home: Record<never, never>;
  list: { filter: ListFilterArgs };
  scorecard: { reference: string };
  kpis: { reference: string };
  checkin: { reference: string; kpiKey?: string };
  escalations: { reference?: string };
  link: { reference: string; purpose: ChannelPurpose };
  status: { reference: string; status: ContractStatus; reason?: string };
  new: Record<never, never>;
  kpi: { reference: string; kpiKey?: string };
  roles: { reference: string };
  path: { reference: string };
  import: Record<never, never>;
  kickoff: { reference: string };
  acknowledge: { reference: string };
  obligations: { reference: string };
  obligation: { reference: string };
  risks: { reference: string };
  risk: { reference: string };
  actions: { reference: string; all: boolean };
  credits: { reference: string; what: 'show' | 'terms' } | { reference: string; what: 'claim'; periodKey: string };
  value: { mode: 'summary' | 'record'; reference: string } | { mode: 'portfolio' };
  closeout: { reference: string };
  lesson: { reference: string; text: string };
  close: { reference: string; outcome: CloseOutcome; newEndDate?: string; note: string };
  audit: { action: 'verify'; reference: string } | { action: 'export'; reference: string; format: ExportFormat };
  charts: { reference: string };
  portfolio: Record<never, never>;
  export: { kind: ExportKind; format: DataExportFormat; reference?: string };
  warnings: { reference: string; kpiKey: string; on: boolean };
  /** `owner` is a real mention, or absent for "me" (the person typing). */
  /** Without a reference in a review pack's thread (Teams): the pack the thread is about. */
  decision: { reference?: string; dueDate: string; owner?: Mention; text: string };
}

export type CommandName = keyof CommandArguments;
export type CommandOf<N extends CommandName> = { name: N } & CommandArguments[N];
export type Command = { [N in CommandName]: CommandOf<N> }[CommandName];

export const HELP_SECTIONS = {
  everyDay: 'Every day',
  setup: 'Setting up a contract',
  followUp: 'Kickoff, obligations, risks and corrective actions',
  money: 'Service credits and value',
  records: 'Closeout, audit trail and reports',
} as const;
export type HelpSection = keyof typeof HELP_SECTIONS;

export interface CommandSpec {
  /** How to type it, without the `steward`/`/steward` in front; several ways are several entries. */
  usage: readonly string[];
  summary: string;
  /** Whether a vendor (a user from another organisation) may run it; the service still decides what they see. */
  vendor: boolean;
  /** Listed in the Teams app manifest's command menu (Teams allows 10); every command is in help. */
  listed: boolean;
  section: HelpSection;
}

const STATUS_WORDS = CONTRACT_STATUSES.join('|');

/** Every command, in the order help lists them. */
export const COMMANDS: { readonly [N in CommandName]: CommandSpec } = {
  help: { usage: ['help'], summary: 'What Steward can do.', vendor: true, listed: true, section: 'everyDay' },
  home: {
    usage: ['home'],
    summary: 'Your open check-ins, contracts and escalations.',
    vendor: true,
    listed: true,
    section: 'everyDay',
  },
  list: {
    usage: ['list [word…] [status:active] [owner:me|@someone] [vendor:"Vendor name"] [rag:red] [ending:90]'],
    summary: 'Contracts, worst first (red, amber, green, then the soonest end); filters combine.',
    vendor: false,
    listed: true,
    section: 'everyDay',
  },
  scorecard: {
    usage: ['scorecard REF'],
    summary: "A contract's scorecard, e.g. scorecard ACME-2026-001.",
    vendor: true,
    listed: true,
    section: 'everyDay',
  },
  kpis: { usage: ['kpis REF'], summary: "A contract's KPIs.", vendor: false, listed: true, section: 'everyDay' },
  checkin: {
    usage: ['checkin REF [KPI-KEY]'],
    summary: "Send this period's check-ins now.",
    vendor: false,
    listed: true,
    section: 'everyDay',
  },
  escalations: {
    usage: ['escalations [REF]'],
    summary: 'Open escalations.',
    vendor: false,
    listed: true,
    section: 'everyDay',
  },
  link: {
    usage: ['link REF internal|vendor'],
    summary: 'Link this channel or chat to a contract (vendor = shared with the supplier).',
    vendor: false,
    listed: true,
    section: 'setup',
  },
  status: {
    usage: [`status REF ${STATUS_WORDS} [reason]`],
    summary: "Change a contract's status.",
    vendor: false,
    listed: true,
    section: 'setup',
  },
  new: { usage: ['new'], summary: 'Create a contract (a form).', vendor: false, listed: false, section: 'setup' },
  kpi: {
    usage: ['kpi REF [KPI-KEY]'],
    summary: 'Add a KPI, or edit one by its key (a form).',
    vendor: false,
    listed: false,
    section: 'setup',
  },
  roles: {
    usage: ['roles REF'],
    summary: 'Set who holds the governance roles: owner, procurement, legal, finance, operations (a form).',
    vendor: false,
    listed: false,
    section: 'setup',
  },
  path: {
    usage: ['path REF'],
    summary: 'Set the escalation path: who is told at each level, and how fast (a form).',
    vendor: false,
    listed: false,
    section: 'setup',
  },
  import: {
    usage: ['import'],
    summary: 'Import contracts and their KPIs from CSV, with a dry run first (a form).',
    vendor: false,
    listed: false,
    section: 'setup',
  },
  kickoff: {
    usage: ['kickoff REF'],
    summary:
      'The kickoff checklist: roles, KPIs and thresholds. For the contract team it is also posted in each linked channel that has not had it; the vendor acknowledges it there.',
    vendor: true,
    listed: false,
    section: 'followUp',
  },
  acknowledge: {
    usage: ['acknowledge REF'],
    summary: 'For the vendor: acknowledge the kickoff of a contract.',
    vendor: true,
    listed: false,
    section: 'followUp',
  },
  obligations: {
    usage: ['obligations REF'],
    summary: 'Obligations: add evidence, mark them fulfilled or not fulfilled, or waive them.',
    vendor: true,
    listed: false,
    section: 'followUp',
  },
  obligation: {
    usage: ['obligation REF'],
    summary: 'Add an obligation: a report, certificate, audit or payment owed by a date (a form).',
    vendor: false,
    listed: false,
    section: 'followUp',
  },
  risks: {
    usage: ['risks REF'],
    summary: 'The risk register, with its heat map as an image.',
    vendor: false,
    listed: false,
    section: 'followUp',
  },
  risk: {
    usage: ['risk REF'],
    summary: 'Add a risk, rated likelihood × impact from 1 to 5 (a form).',
    vendor: false,
    listed: false,
    section: 'followUp',
  },
  actions: {
    usage: ['actions REF [all]'],
    summary:
      'Open corrective actions (all: the finished ones too): approve, start, verify, close, or cancel with a note.',
    vendor: false,
    listed: false,
    section: 'followUp',
  },
  credits: {
    usage: ['credits REF [terms|PERIOD]'],
    summary: 'Service credit terms; terms sets them (a form), a period such as 2026-03 makes the claim pack (a CSV).',
    vendor: false,
    listed: false,
    section: 'money',
  },
  value: {
    usage: ['value REF [record]', 'value portfolio'],
    summary: 'Value realized against plan; record a period (a form); or every contract added up.',
    vendor: false,
    listed: false,
    section: 'money',
  },
  closeout: {
    usage: ['closeout REF'],
    summary: 'The evaluation of the whole term and the renewal recommendation.',
    vendor: false,
    listed: false,
    section: 'records',
  },
  lesson: {
    usage: ['lesson REF text…'],
    summary: 'Record a lesson learned; it is shown when a contract with the same vendor or category is created.',
    vendor: false,
    listed: false,
    section: 'records',
  },
  close: {
    usage: ['close REF closed note…', 'close REF renewed YYYY-MM-DD note…'],
    summary: 'End the closeout: closed, or renewed until a new end date.',
    vendor: false,
    listed: false,
    section: 'records',
  },
  audit: {
    usage: ['audit verify REF', 'audit export REF csv|json'],
    summary: "Check the audit trail's hash chain, or export the trail with its hashes.",
    vendor: false,
    listed: false,
    section: 'records',
  },
  charts: {
    usage: ['charts REF'],
    summary: 'Trend charts per KPI and a green/amber/red heat map, as images.',
    vendor: true,
    listed: false,
    section: 'records',
  },
  portfolio: {
    usage: ['portfolio'],
    summary:
      'For managers: every contract you manage by green, amber and red in each of the last six months, and the vendors with the most red, as an image.',
    vendor: false,
    listed: false,
    section: 'records',
  },
  export: {
    usage: [`export ${EXPORT_KINDS.join('|')} ${DATA_EXPORT_FORMATS.join('|')} [REF]`],
    summary: 'Export one contract, or every contract you manage, as a file.',
    vendor: false,
    listed: false,
    section: 'records',
  },
  warnings: {
    usage: ['warnings REF KPI on|off'],
    summary: 'Turn a KPI\'s early warnings ("trending to breach") off or back on.',
    vendor: false,
    listed: false,
    section: 'setup',
  },
  decision: {
    usage: [
      'decision REF YYYY-MM-DD @owner|me what was decided…',
      'decision YYYY-MM-DD @owner|me what was decided… (mentioning Steward in a review pack’s thread)',
    ],
    summary:
      'Record what the governance review decided, with its owner and due date; it is shown in the next review pack.',
    vendor: false,
    listed: false,
    section: 'followUp',
  },
};

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
export const LISTED_COMMANDS: readonly CommandName[] = COMMAND_NAMES.filter((name) => COMMANDS[name].listed);

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** The commands one may use, under the heading of what they are for: help on both surfaces. */
export function helpSections(external: boolean): Array<{ title: string; commands: CommandName[] }> {
  return (Object.keys(HELP_SECTIONS) as HelpSection[])
    .map((section) => ({
      title: HELP_SECTIONS[section],
      commands: COMMAND_NAMES.filter(
        (name) => COMMANDS[name].section === section && (!external || COMMANDS[name].vendor),
      ),
    }))
    .filter((section) => section.commands.length > 0);
}

/** What a vendor may type, named in the polite refusal of anything else. */
export function vendorRefusal(name: CommandName, prefix: string): string {
  return `Sorry, \`${prefix}${name}\` is for the contract team. You can see the scorecard (\`${prefix}scorecard REF\`), the kickoff (\`${prefix}kickoff REF\`) and what you owe (\`${prefix}obligations REF\`), acknowledge a kickoff, and answer your check-ins from what Steward sends you.`;
}

export type ParseResult =
  | { ok: true; command: Command }
  | {
      ok: false;
      problem: string;
      /** The command the problem is about, whose usage to show; undefined when the command itself is unknown. */
      command?: CommandName;
      /** Words to find the contract meant (possibly none: any contract), for a command that names one. */
      find?: string[];
    };

// Private-use characters stand for mentions: nobody types them, and nothing here changes them.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MENTION_TOKEN = new RegExp(`^${OPEN}(\\d+)${CLOSE}$`);

/** The placeholder a surface puts in the text for its `index`-th mention. */
export function mentionToken(index: number): string {
  return `${OPEN}${index}${CLOSE}`;
}

export function isMentionToken(token: string): boolean {
  return MENTION_TOKEN.test(token);
}

/** The mention a token stands for, if the token is one. */
export function mentionAt<M extends Mention>(token: string, mentions: readonly M[]): M | undefined {
  const match = MENTION_TOKEN.exec(token);
  return match ? mentions[Number(match[1])] : undefined;
}

// The services' own rules (inputs.ts), read case-insensitively: references are upper case, KPI keys lower case.
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9-]{1,38}[A-Za-z0-9]$/;
const KPI_KEY = /^[A-Za-z][A-Za-z0-9-]{0,39}$/;
/** The services' period keys: a month, quarter, week or milestone (read case-insensitively). */
const PERIOD_KEY = /^(\d{4}-W(0[1-9]|[1-4]\d|5[0-3])|\d{4}-(0[1-9]|1[0-2])|\d{4}-Q[1-4]|M-\d{4}-\d{2}-\d{2})$/i;
// The shape only: a day that does not exist is the service's to refuse, in its words.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e']);
/** Commands whose last argument is free text, taken as typed (a lone quote mark included). */
const FREE_TEXT: ReadonlySet<CommandName> = new Set(['lesson', 'close', 'decision']);
/** Commands whose words are searched for: a quote left open runs to the end, as a search box takes it. */
const SEARCHED: ReadonlySet<CommandName> = new Set(['list']);

/**
 * A problem, and for a command that names one contract given none or part of one ("scorecard catering"): the
 * words to find the contracts it may mean, which a surface offers as buttons instead of refusing.
 */
type Problem = { problem: string; find?: string[] };
type Parsed<N extends CommandName> = CommandArguments[N] | Problem;

/** What each command's parser reads: the words after the command's name, and the free text from a word on. */
interface Words {
  args: string[];
  mentions: readonly Mention[];
  /** Everything typed from argument `index` on, as typed, with @mentions as `@name`. */
  textFrom(index: number): string;
}

/** What people type to start a conversation: answered with a welcome, never "no such command". */
const GREETINGS = new Set(['hi', 'hello', 'hey', 'start', 'hallo', 'bonjour']);

/**
 * Turns the typed text into a command, or says what was wrong and how to type it. Pure. The text is what the
 * surface made of the message: its own escaping undone and mentions replaced by `mentionToken(i)` for
 * `mentions[i]`. A leading `steward` or `/steward` is optional.
 */
export function parseCommand(input: string, mentions: readonly Mention[] = []): ParseResult {
  const text = input ?? '';
  const tokenized = tokenize(text);
  const tokens = [...tokenized.tokens];
  // A leading mention (a client that names the bot differently) is not an argument.
  while (tokens[0] !== undefined && isMentionToken(tokens[0].text)) tokens.shift();
  const leading = tokens[0]?.text.toLowerCase();
  if (leading === 'steward' || leading === '/steward') tokens.shift();
  const first = tokens[0]?.text ?? '';
  const greeting = GREETINGS.has(first.toLowerCase().replace(/[!.]+$/, ''));
  const name = first === '' || first === '?' || greeting ? 'help' : first.toLowerCase();
  if (!isCommandName(name)) return { ok: false, problem: `Steward has no \`${shown(first, mentions)}\` command.` };
  if (tokenized.error && !FREE_TEXT.has(name) && !SEARCHED.has(name))
    return { ok: false, command: name, problem: tokenized.error };
  const words: Words = {
    args: tokens.slice(1).map((token) => token.text),
    mentions,
    textFrom: (index) => {
      const start = tokens[index + 1]?.start;
      return start === undefined ? '' : withMentionNames(text.slice(start), mentions).trim();
    },
  };
  if (greeting) return { ok: true, command: { name: 'help', greeting: true } };
  const parsed = (PARSERS[name] as (words: Words) => Parsed<CommandName>)(words);
  if ('problem' in parsed) {
    return { ok: false, command: name, problem: parsed.problem, ...(parsed.find ? { find: parsed.find } : {}) };
  }
  return { ok: true, command: { name, ...parsed } as Command };
}

const PARSERS: { [N in CommandName]: (words: Words) => Parsed<N> } = {
  help: () => ({}),
  home: (w) => tooMany(w, 0) ?? {},
  new: (w) => tooMany(w, 0) ?? {},
  import: (w) => tooMany(w, 0) ?? {},
  portfolio: (w) => tooMany(w, 0) ?? {},
  list: parseList,
  scorecard: referenceOnly,
  kpis: referenceOnly,
  roles: referenceOnly,
  path: referenceOnly,
  kickoff: referenceOnly,
  acknowledge: referenceOnly,
  obligations: referenceOnly,
  obligation: referenceOnly,
  risks: referenceOnly,
  risk: referenceOnly,
  closeout: referenceOnly,
  charts: referenceOnly,
  kpi: referenceAndKpi,
  checkin: referenceAndKpi,
  decision: (w) => {
    // In a review pack's thread the pack names the contract, so the reference may be left out.
    const first = w.args[0];
    const offset = first !== undefined && ISO_DATE.test(first) ? 0 : 1;
    const rest = (reference?: string): Parsed<'decision'> => {
      const usage =
        'Type `decision REF YYYY-MM-DD @owner what was decided`, e.g. `decision ACME-2026-001 2026-05-31 me renegotiate the availability credit` (mentioning Steward in a review pack’s thread, the REF may be left out).';
      const due = w.args[offset];
      if (due === undefined || !ISO_DATE.test(due)) {
        return {
          problem: `${due === undefined ? 'Say when it is due.' : `\`${shown(due, w.mentions)}\` is not a date.`} ${usage}`,
        };
      }
      const who = w.args[offset + 1];
      const owner = who === undefined ? undefined : mentionAt(who, w.mentions);
      if (who === undefined || (!owner && who.toLowerCase() !== 'me')) {
        return { problem: `Say who owns it: @someone, or \`me\`. ${usage}` };
      }
      const text = w.textFrom(offset + 2);
      if (!text) return { problem: `Write what was decided after the owner. ${usage}` };
      return { ...(reference ? { reference } : {}), dueDate: due, ...(owner ? { owner } : {}), text };
    };
    return offset === 0 ? rest() : withReference(w, 0, (reference) => rest(reference));
  },
  warnings: (w) =>
    withReference(w, 0, (reference) => {
      const key = w.args[1];
      const usage =
        'Type `warnings REF KPI on` or `warnings REF KPI off`, e.g. `warnings ACME-2026-001 availability off`.';
      if (key === undefined) return { problem: `Say which KPI. ${usage}` };
      if (!KPI_KEY.test(key)) {
        return { problem: `\`${shown(key, w.mentions)}\` is not a KPI key (letters, digits and dashes). ${usage}` };
      }
      const word = w.args[2]?.toLowerCase();
      if (word !== 'on' && word !== 'off') {
        return {
          problem:
            word === undefined
              ? `Say \`on\` or \`off\`. ${usage}`
              : `\`${shown(w.args[2], w.mentions)}\` is neither \`on\` nor \`off\`. ${usage}`,
        };
      }
      return tooMany(w, 3) ?? { reference, kpiKey: key.toLowerCase(), on: word === 'on' };
    }),
  escalations: (w) => {
    if (w.args.length === 0) return {};
    return withReference(w, 0, (reference) => tooMany(w, 1) ?? { reference });
  },
  link: (w) =>
    withReference(w, 0, (reference) => {
      const purpose = w.args[1]?.toLowerCase();
      if (!purpose) return { problem: 'Say whether this place is `internal` or shared with the `vendor`.' };
      if (!(CHANNEL_PURPOSES as readonly string[]).includes(purpose)) {
        return { problem: `\`${shown(w.args[1], w.mentions)}\` is neither \`internal\` nor \`vendor\`.` };
      }
      return tooMany(w, 2) ?? { reference, purpose: purpose as ChannelPurpose };
    }),
  status: (w) =>
    withReference(w, 0, (reference) => {
      const status = w.args[1]?.toLowerCase();
      if (!status) return { problem: 'The new status is missing.' };
      if (!(CONTRACT_STATUSES as readonly string[]).includes(status)) {
        return { problem: `\`${shown(w.args[1], w.mentions)}\` is not a contract status.` };
      }
      const reason = w.textFrom(2);
      return { reference, status: status as ContractStatus, ...(reason ? { reason } : {}) };
    }),
  actions: (w) =>
    withReference(w, 0, (reference) => {
      const scope = w.args[1]?.toLowerCase();
      if (scope !== undefined && scope !== 'all') {
        return {
          problem: `\`${shown(w.args[1], w.mentions)}\` is not expected; add \`all\` to include finished actions.`,
        };
      }
      return tooMany(w, 2) ?? { reference, all: scope === 'all' };
    }),
  credits: (w) =>
    withReference(w, 0, (reference): Parsed<'credits'> => {
      const what = w.args[1];
      if (what === undefined) return { reference, what: 'show' };
      if (what.toLowerCase() === 'terms') return tooMany(w, 2) ?? { reference, what: 'terms' };
      if (!PERIOD_KEY.test(what)) {
        return {
          problem: `\`${shown(what, w.mentions)}\` is neither \`terms\` nor a period: 2026-03 for a month, 2026-Q1 for a quarter, 2026-W09 for a week.`,
        };
      }
      return tooMany(w, 2) ?? { reference, what: 'claim', periodKey: what.toUpperCase() };
    }),
  value: (w): Parsed<'value'> => {
    if (w.args[0]?.toLowerCase() === 'portfolio') return tooMany(w, 1) ?? { mode: 'portfolio' };
    return withReference(w, 0, (reference): Parsed<'value'> => {
      const mode = w.args[1]?.toLowerCase();
      if (mode !== undefined && mode !== 'record') {
        return { problem: `\`${shown(w.args[1], w.mentions)}\` is not expected; add \`record\` to record value.` };
      }
      return tooMany(w, 2) ?? { mode: mode === 'record' ? 'record' : 'summary', reference };
    });
  },
  lesson: (w) =>
    withReference(w, 0, (reference) => {
      const text = w.textFrom(1);
      if (!text) return { problem: 'Write the lesson after the reference: what would you do differently next time?' };
      return { reference, text };
    }),
  close: (w) =>
    withReference(w, 0, (reference): Parsed<'close'> => {
      const outcome = w.args[1]?.toLowerCase();
      if (outcome !== 'closed' && outcome !== 'renewed') {
        return {
          problem: outcome
            ? `\`${shown(w.args[1], w.mentions)}\` is neither \`closed\` nor \`renewed\`.`
            : 'Say whether the contract is `closed` or `renewed`.',
        };
      }
      if (outcome === 'closed') {
        const note = w.textFrom(2);
        if (!note) return { problem: 'Add a note after `closed`: how the contract ended.' };
        return { reference, outcome, note };
      }
      // A renewal moves the end date, so it needs one (the service refuses a renewal without it, too).
      const date = w.args[2];
      if (!date || !ISO_DATE.test(date)) {
        return { problem: 'Give the new end date after `renewed`, written YYYY-MM-DD, like 2028-12-31.' };
      }
      const note = w.textFrom(3);
      if (!note) return { problem: 'Add a note after the date: why it is renewed, and on what terms.' };
      return { reference, outcome, newEndDate: date, note };
    }),
  audit: (w): Parsed<'audit'> => {
    const action = w.args[0]?.toLowerCase();
    if (action !== 'verify' && action !== 'export') {
      return {
        problem: action
          ? `\`${shown(w.args[0], w.mentions)}\` is neither \`verify\` nor \`export\`.`
          : 'Say `verify` or `export`, then the contract.',
      };
    }
    return withReference(w, 1, (reference): Parsed<'audit'> => {
      if (action === 'verify') return tooMany(w, 2) ?? { action, reference };
      const format = readFormat(w, 2);
      if (typeof format !== 'string') return format;
      return tooMany(w, 3) ?? { action, reference, format };
    });
  },
  export: (w): Parsed<'export'> => {
    const kind = w.args[0]?.toLowerCase();
    if (!kind || !(EXPORT_KINDS as readonly string[]).includes(kind)) {
      return {
        problem: kind
          ? `\`${shown(w.args[0], w.mentions)}\` cannot be exported; choose ${EXPORT_KINDS.join(', ')}.`
          : `Say what to export: ${EXPORT_KINDS.join(', ')}.`,
      };
    }
    const format = readFormat(w, 1, DATA_EXPORT_FORMATS);
    if (typeof format !== 'string') return format;
    if (w.args[2] === undefined) return { kind: kind as ExportKind, format };
    return withReference(w, 2, (reference) => tooMany(w, 3) ?? { kind: kind as ExportKind, format, reference });
  },
};

function tooMany(w: Words, max: number): Problem | undefined {
  return w.args.length > max
    ? { problem: `Too many arguments: \`${shown(w.args[max], w.mentions)}\` was not expected.` }
    : undefined;
}

function withReference<T>(w: Words, index: number, then: (reference: string) => T | Problem): T | Problem {
  const token = w.args[index];
  if (!token) return { problem: 'A contract reference is missing.' };
  if (token.includes(':') || !REFERENCE.test(token)) {
    return {
      problem: `\`${shown(token, w.mentions)}\` is not a contract reference (letters, digits and dashes, like ACME-2026-001).`,
    };
  }
  return then(token.toUpperCase());
}

function referenceOnly(w: Words): { reference: string } | Problem {
  return findable(
    w,
    withReference(w, 0, (reference) => tooMany(w, 1) ?? { reference }),
  );
}

/**
 * A command whose first word is not a reference: its words (at most MAX_LIST_WORDS, none when none were typed)
 * become the search for the contract meant. A reference typed right with a problem after it stays a problem.
 */
function findable<T extends object>(w: Words, parsed: T | Problem): T | Problem {
  if (!('problem' in parsed)) return parsed;
  const first = w.args[0];
  if (first && REFERENCE.test(first) && !first.includes(':')) return parsed;
  const words = w.args.filter((word) => word.trim() !== '' && !isMentionToken(word));
  return words.length > MAX_LIST_WORDS ? parsed : { ...parsed, find: words };
}

function referenceAndKpi(w: Words): { reference: string; kpiKey?: string } | Problem {
  return findable(w, referenceAndKpiOf(w));
}

function referenceAndKpiOf(w: Words): { reference: string; kpiKey?: string } | Problem {
  return withReference(w, 0, (reference) => {
    const key = w.args[1];
    if (key !== undefined && !KPI_KEY.test(key)) {
      return {
        problem: `\`${shown(key, w.mentions)}\` is not a KPI key (letters, digits and dashes, like first-response-time).`,
      };
    }
    return tooMany(w, 2) ?? { reference, ...(key ? { kpiKey: key.toLowerCase() } : {}) };
  });
}

function readFormat<F extends string = ExportFormat>(
  w: Words,
  index: number,
  formats: readonly F[] = EXPORT_FORMATS as unknown as readonly F[],
): F | Problem {
  const format = w.args[index]?.toLowerCase();
  const choices = formats.map((choice) => `\`${choice}\``);
  const listed = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
  if (!format) return { problem: `Say which format: ${listed}.` };
  if (!(formats as readonly string[]).includes(format)) {
    return { problem: `\`${shown(w.args[index], w.mentions)}\` is not a format; choose ${listed}.` };
  }
  return format as F;
}

/**
 * `status:`, `owner:me`, `owner:@someone`, `vendor:"…"`, `rag:`, `ending:N`, plus the shorthands `mine`, a bare
 * status and a bare @mention; every other word (or "quoted words") is searched for in the reference, title and
 * vendor name. Typed words stay text: the store matches them literally.
 */
function parseList(w: Words): Parsed<'list'> {
  const filter: ListFilterArgs = { mine: false };
  const seen = new Set<string>();
  const words: string[] = [];
  const notAFilter = (key: string) =>
    `\`${shown(key, w.mentions)}:\` is not a filter; use \`status:\`, \`owner:\`, \`vendor:\`, \`rag:\` or \`ending:\`, or type words to search for.`;
  for (const token of w.args) {
    const colon = token.indexOf(':');
    const lower = token.toLowerCase();
    // `key:value` is a filter (a link's `https://` is not); an unknown key is a typo to point out, not a search.
    const named = colon > 0 && /^[a-z]{2,12}$/.test(lower.slice(0, colon)) && !token.startsWith('//', colon + 1);
    if (!named) {
      if (lower === 'mine') {
        if (seen.has('owner')) return { problem: '`owner:` is given twice.' };
        seen.add('owner');
        filter.mine = true;
      } else if (isMentionToken(token)) {
        if (seen.has('owner')) return { problem: '`owner:` is given twice.' };
        seen.add('owner');
        const mentioned = mentionAt(token, w.mentions);
        if (mentioned) filter.owner = mentioned;
      } else if ((CONTRACT_STATUSES as readonly string[]).includes(lower) && !seen.has('status')) {
        seen.add('status');
        filter.status = lower as ContractStatus;
      } else if (token.trim() !== '') {
        words.push(withMentionNames(token, w.mentions).trim());
      }
      continue;
    }
    const key = lower.slice(0, colon);
    const value = token.slice(colon + 1).trim();
    if (seen.has(key)) return { problem: `\`${shown(key, w.mentions)}:\` is given twice.` };
    seen.add(key);
    if (value === '') return { problem: `\`${shown(key, w.mentions)}:\` needs a value.` };
    switch (key) {
      case 'status':
        if (!(CONTRACT_STATUSES as readonly string[]).includes(value.toLowerCase())) {
          return {
            problem: `\`${shown(value, w.mentions)}\` is not a contract status; use ${CONTRACT_STATUSES.join(', ')}.`,
          };
        }
        filter.status = value.toLowerCase() as ContractStatus;
        break;
      case 'owner': {
        if (value.toLowerCase() === 'me') {
          filter.mine = true;
          break;
        }
        // Only a real mention names someone: typed "@megan" is just text, and names are not unique.
        const mentioned = mentionAt(value, w.mentions);
        if (!mentioned) {
          return { problem: 'Name the owner with an @mention (type @ and pick them from the list), or `owner:me`.' };
        }
        filter.owner = mentioned;
        break;
      }
      case 'vendor':
        filter.vendor = value.slice(0, 200);
        break;
      case 'rag': {
        const rag = value.toLowerCase();
        if (!(LIST_RAGS as readonly string[]).includes(rag)) {
          return {
            problem: `\`${shown(value, w.mentions)}\` is not a RAG; use \`rag:red\`, \`rag:amber\`, \`rag:green\` or \`rag:none\`.`,
          };
        }
        filter.rag = rag as ListRag;
        break;
      }
      case 'ending':
      case 'ends': {
        const days = /^(\d{1,5})\s*d?(ays?)?$/i.exec(value);
        const n = days ? Number(days[1]) : Number.NaN;
        if (!Number.isInteger(n) || n < 1 || n > MAX_ENDING_DAYS) {
          return { problem: `Say within how many days, from 1 to ${MAX_ENDING_DAYS}: \`ending:90\`.` };
        }
        filter.endingWithinDays = n;
        break;
      }
      default:
        return { problem: notAFilter(key) };
    }
  }
  if (words.length > MAX_LIST_WORDS) {
    return { problem: `Search with at most ${MAX_LIST_WORDS} words; put a phrase in "quotes" to search for it whole.` };
  }
  if (words.length > 0) filter.words = words;
  return { filter };
}

interface Token {
  text: string;
  /** Where the token starts in the text, to take free text from there as typed. */
  start: number;
}

/** Splits on whitespace outside double quotes (straight or typographic). */
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

/** @mentions inside free text, as `@name`. */
function withMentionNames(text: string, mentions: readonly Mention[]): string {
  return text.replace(new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g'), (_m, index: string) => {
    const mention = mentions[Number(index)];
    return mention ? `@${mention.name ?? mention.id}` : '';
  });
}

/** Typed text shown back inside backticks: mentions as names, at most 40 characters, no backtick to end it. */
function shown(text: string | undefined, mentions: readonly Mention[]): string {
  const clean = withMentionNames(text ?? '', mentions).replace(/`/g, "'");
  return clean.length > 40 ? `${clean.slice(0, 39)}…` : clean;
}

/** Backtick-quoted words as "quoted" words, for a surface that shows no code spans (Teams cards and texts). */
export function plainQuotes(text: string): string {
  return text.replace(/`([^`]*)`/g, '"$1"');
}
