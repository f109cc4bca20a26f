import { existsSync } from 'node:fs';
import cron from 'node-cron';
import { z } from 'zod';
import { SCHEDULED_JOB_NAMES, type ScheduledJobName } from './scheduler/jobs';

/**
 * The one schema for the whole environment, read once at boot. Every problem is reported
 * at once, each naming its variable, so a misconfigured deployment is fixed in one go.
 */

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const timezone = z.string().refine(isValidTimezone, 'is not an IANA timezone such as Europe/Berlin or UTC');

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((value) => (value === undefined || value === '' ? undefined : ['true', '1', 'yes'].includes(value)));

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`);

const url = z.string().refine((value) => {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an http(s) URL such as https://slack.com/api/');

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: integer(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty'], { error: 'must be auto, json or pretty' }).default('auto'),
  MONGODB_URI: optionalString.pipe(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\/.+/, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
  ),
  DATA_DIR: z.string().min(1).default('data'),
  TZ_DEFAULT: timezone.default('UTC'),
  SLACK_BOT_TOKEN: optionalString.pipe(
    z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(
    z.string().startsWith('xapp-', 'must be an app-level token starting with xapp- (Socket Mode)').optional(),
  ),
  SLACK_API_URL: optionalString.pipe(url.optional()),
  TEAMS_CLIENT_ID: optionalString,
  TEAMS_CLIENT_SECRET: optionalString,
  TEAMS_TENANT_ID: optionalString,
  SCHEDULER_ENABLED: booleanFlag.transform((value) => value ?? true),
  CHECKIN_PROMPT_HOUR: integer(0, 23).default(9),
  CHECKIN_REMINDER_HOURS: integer(1, 24 * 14).default(24),
  CHECKIN_GRACE_HOURS: integer(1, 24 * 60).default(72),
  REPEATED_BREACH_COUNT: integer(2, 24).default(3),
  REVIEW_PACK_DAY: integer(1, 28).default(10),
  REVIEW_PACK_DAYS_BEFORE: integer(0, 27).default(3),
  GROUP_PROMPTS: booleanFlag.transform((value) => value ?? true),
  CHECKIN_CLAIM_LEASE_SECONDS: integer(10, 3_600).default(300),
  SCHEDULER_TICK_CRON: z
    .string()
    .trim()
    .default('* * * * *')
    .refine((value) => cron.validate(value), 'is not a cron expression such as "* * * * *" (every minute)'),
  SCHEDULER_JOBS: z
    .string()
    .trim()
    .default('all')
    .transform((value, context) => {
      if (value === '' || value === 'all') return undefined;
      const names = value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean);
      const unknown = names.filter((name) => !(SCHEDULED_JOB_NAMES as readonly string[]).includes(name));
      if (unknown.length > 0) {
        context.addIssue({
          code: 'custom',
          message: `names no job called ${unknown.join(', ')}; use "all" or a comma-separated list of ${SCHEDULED_JOB_NAMES.join(', ')}`,
        });
        return z.NEVER;
      }
      return names as ScheduledJobName[];
    }),
  METRICS_TOKEN: optionalString.pipe(
    z
      .string()
      .min(16, 'must be at least 16 characters (a random secret; GET /metrics then needs it as a Bearer token)')
      .optional(),
  ),
  PUBLIC_URL: optionalString.pipe(
    z
      .string()
      .refine((value) => {
        try {
          const parsed = new URL(value);
          return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && !parsed.search && !parsed.hash;
        } catch {
          return false;
        }
      }, 'must be the http(s) address people reach Steward at, such as https://steward.example.com')
      .optional(),
  ),
  FILE_LINK_TTL_HOURS: integer(1, 24 * 90).default(24 * 7),
  PLAYGROUND: booleanFlag.transform((value) => value ?? true),
  PLAYGROUND_PORT: integer(1, 65535).default(56150),
  CHART_FONT_FILES: optionalString.pipe(
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((file) => file.trim())
          .filter((file) => file !== ''),
      )
      .refine(
        (files) => files.every((file) => /\.(ttf|otf|ttc)$/i.test(file) && existsSync(file)),
        'must list existing .ttf, .otf or .ttc font files separated by commas, e.g. /usr/share/fonts/NotoSansCJK-Regular.ttc',
      )
      .optional(),
  ),
});

export type Environment = z.output<typeof environmentSchema>;

export interface Config {
  env: Environment['NODE_ENV'];
  port: number;
  host: string;
  logLevel: Environment['LOG_LEVEL'];
  /** auto: readable on an interactive terminal, JSON lines otherwise. */
  logFormat: Environment['LOG_FORMAT'];
  database: { uri: string | undefined; embeddedDataDir: string };
  defaultTimezone: string;
  slack:
    | {
        enabled: true;
        botToken: string;
        signingSecret?: string;
        appToken?: string;
        apiUrl?: string;
        socketMode: boolean;
      }
    | { enabled: false; missing: string[] };
  teams:
    | { enabled: true; clientId: string; clientSecret: string; tenantId: string }
    | { enabled: false; missing: string[] };
  /** The Microsoft 365 Agents Playground `npm start` opens when no chat credentials are set. */
  playground: { enabled: boolean; port: number };
  /** Fonts charts use for characters the bundled DejaVu Sans lacks, such as Chinese, Japanese or Korean. */
  chartFontFiles: string[];
  /** GET /metrics asks for this Bearer token when set; it is open (for a scraper on a private network) otherwise. */
  metricsToken?: string;
  /**
   * Download links to exports, charts and claim packs: served at PUBLIC_URL (else the address Steward listens
   * on, which only this machine reaches), each good for `ttlHours`.
   */
  fileLinks: { publicUrl?: string; ttlHours: number };
  scheduler: {
    enabled: boolean;
    promptHour: number;
    reminderAfterHours: number;
    graceHours: number;
    repeatedBreachCount: number;
    /** Governance reviews meet on this day of the month after each quarter; the pack goes out days before. */
    reviewPack: { reviewDay: number; daysBefore: number };
    /** One message listing all of a respondent's due check-ins in a place, instead of one per KPI. */
    groupPrompts: boolean;
    /** node-cron expression of the scheduler's tick (a sixth, leading field counts seconds). */
    tickCron: string;
    /** How long a replica holds the check-ins it claimed before another may finish them. */
    claimLeaseMs: number;
    /** Only these jobs run (SCHEDULER_JOBS); all of them when undefined. */
    jobs?: ScheduledJobName[];
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: Array<{ variable: string; message: string }>) {
    super(
      `Steward cannot start: ${problems.length} environment variable${problems.length === 1 ? ' is' : 's are'} wrong.\n${problems
        .map((p) => `  - ${p.variable} ${p.message}`)
        .join('\n')}\nSee .env.example for what each variable means.`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * Variables that only make sense together. Checked on the raw values, apart from the schema, so they
 * are reported even when another variable is malformed (zod skips refinements of an object that
 * failed to parse).
 */
function crossFieldProblems(source: NodeJS.ProcessEnv): Array<{ variable: string; message: string }> {
  const set = (name: string) => (source[name] ?? '').trim() !== '';
  const problems: Array<{ variable: string; message: string }> = [];
  const slackAny = set('SLACK_BOT_TOKEN') || set('SLACK_SIGNING_SECRET') || set('SLACK_APP_TOKEN');
  if (slackAny && !set('SLACK_BOT_TOKEN')) {
    problems.push({ variable: 'SLACK_BOT_TOKEN', message: 'is required when any other SLACK_ variable is set' });
  }
  if (slackAny && !set('SLACK_APP_TOKEN') && !set('SLACK_SIGNING_SECRET')) {
    problems.push({
      variable: 'SLACK_SIGNING_SECRET',
      message: 'is required for the HTTP receiver (or set SLACK_APP_TOKEN for Socket Mode)',
    });
  }
  const teams = ['TEAMS_CLIENT_ID', 'TEAMS_CLIENT_SECRET', 'TEAMS_TENANT_ID'];
  if (teams.some(set)) {
    for (const name of teams.filter((name) => !set(name))) {
      problems.push({ variable: name, message: 'is required when any other TEAMS_ variable is set' });
    }
  }
  return problems;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(source);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({
          variable: String(issue.path[0] ?? 'environment'),
          message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
        }))),
    ...crossFieldProblems(source),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    database: { uri: env.MONGODB_URI, embeddedDataDir: env.DATA_DIR },
    defaultTimezone: env.TZ_DEFAULT,
    slack: env.SLACK_BOT_TOKEN
      ? {
          enabled: true,
          botToken: env.SLACK_BOT_TOKEN,
          signingSecret: env.SLACK_SIGNING_SECRET,
          appToken: env.SLACK_APP_TOKEN,
          apiUrl: env.SLACK_API_URL,
          socketMode: Boolean(env.SLACK_APP_TOKEN),
        }
      : { enabled: false, missing: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)'] },
    teams:
      env.TEAMS_CLIENT_ID && env.TEAMS_CLIENT_SECRET && env.TEAMS_TENANT_ID
        ? {
            enabled: true,
            clientId: env.TEAMS_CLIENT_ID,
            clientSecret: env.TEAMS_CLIENT_SECRET,
            tenantId: env.TEAMS_TENANT_ID,
          }
        : { enabled: false, missing: ['TEAMS_CLIENT_ID', 'TEAMS_CLIENT_SECRET', 'TEAMS_TENANT_ID'] },
    playground: { enabled: env.PLAYGROUND, port: env.PLAYGROUND_PORT },
    chartFontFiles: env.CHART_FONT_FILES ?? [],
    ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
    fileLinks: {
      ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
      ttlHours: env.FILE_LINK_TTL_HOURS,
    },
    scheduler: {
      enabled: env.SCHEDULER_ENABLED,
      promptHour: env.CHECKIN_PROMPT_HOUR,
      reminderAfterHours: env.CHECKIN_REMINDER_HOURS,
      graceHours: env.CHECKIN_GRACE_HOURS,
      repeatedBreachCount: env.REPEATED_BREACH_COUNT,
      reviewPack: { reviewDay: env.REVIEW_PACK_DAY, daysBefore: env.REVIEW_PACK_DAYS_BEFORE },
      groupPrompts: env.GROUP_PROMPTS,
      tickCron: env.SCHEDULER_TICK_CRON,
      claimLeaseMs: env.CHECKIN_CLAIM_LEASE_SECONDS * 1_000,
      ...(env.SCHEDULER_JOBS ? { jobs: env.SCHEDULER_JOBS } : {}),
    },
  };
}

function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
