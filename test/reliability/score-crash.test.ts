import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { type SeededCheckins, seedDueCheckins } from '../../scripts/seed-due-checkins';
import { systemClock } from '../../src/domain/clock';
import { createStore, type Store } from '../../src/store';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';
import { fakedClockEnvironment } from '../support/faked-clock-environment';
import { postToSlackApp, stateValues, viewSubmissionPayload } from '../support/slack-requests';
import { type SlackStandin, startSlackStandin } from '../support/slack-standin';

/**
 * Guarantee: a red score's submission killed with SIGKILL at any point leaves, once Steward runs again,
 * either the whole answer (score, check-in answered, `checkin.answered` audit event, prompt redrawn,
 * escalation opened and posted) or nothing (no score, the check-in answerable again): never a part.
 *
 * Real processes (src/main.ts through swc, configured by environment only) on the test FerretDB, the
 * Slack stand-in in this process, signed view submissions over HTTP. Each kill point is a fresh process
 * killed a different number of milliseconds after the submission was sent, spread over the time a whole
 * submission takes in a fresh process (measured first).
 */
const ROOT = join(__dirname, '..', '..');
const SECRET = 'score-crash-signing-secret';
const KILL_POINTS = 20;
const OWNER = 'U0OWNER';

let standin: SlackStandin;
let connection: Connection;
let store: Store;
let uri: string;
let seeded: SeededCheckins;
const children: ChildProcess[] = [];

beforeAll(async () => {
  standin = await startSlackStandin();
  standin.addUser({ id: OWNER, team_id: 'T0STEWARD', name: 'olivia', real_name: 'Olivia Owner' });
  for (let i = 0; i <= KILL_POINTS; i += 1) {
    standin.addUser({ id: `U0VENDOR${i}`, team_id: 'T0VENDOR', name: `vendor${i}`, real_name: `Vendor contact ${i}` });
  }
  uri = `${testDatabaseUri()}${uniqueDatabaseName('scorecrash')}`;
  connection = await mongoose.createConnection(uri, { autoIndex: false }).asPromise();
  store = createStore(connection, systemClock);
  await store.ensureIndexes();
  seeded = await seedDueCheckins(store, {
    contracts: KILL_POINTS + 1,
    kpisPerContract: 1,
    dueAt: new Date(Date.now() - 60_000),
    prefix: 'SCORECRASH',
  });
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await connection?.dropDatabase().catch(() => undefined);
  await connection?.close();
  await standin?.close();
});

interface Service {
  child: ChildProcess;
  url: Promise<string>;
  exited: Promise<number | null>;
  output: () => string;
}

function startService(): Service {
  let output = '';
  const child = spawn(process.execPath, ['-r', './test/support/swc-register.cjs', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      MONGODB_URI: uri,
      SLACK_BOT_TOKEN: 'xoxb-score-crash',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: standin.apiUrl,
      SCHEDULER_TICK_CRON: '* * * * * *',
      // The recovery and the fan-out only: nothing else may depend on the date the test runs.
      SCHEDULER_JOBS: 'dispatch-checkins,score-follow-ups',
      GROUP_PROMPTS: 'false',
      TZ_DEFAULT: 'UTC',
      PLAYGROUND: 'false',
      // Under libfaketime (npm run test:instants) the service shares the test's faked clock.
      ...fakedClockEnvironment(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let announce: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => {
    announce = resolve;
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const found = /Steward listens on (http:\/\/[^\s,"]+)/.exec(output);
    if (found?.[1]) announce(found[1]);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url, exited, output: () => output };
}

async function waitUntil(
  what: string,
  done: () => Promise<boolean> | boolean,
  timeoutMs: number,
  debug = () => '',
  everyMs = 200,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}\n${debug()}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Where check-in `index`'s prompt was posted. */
function promptOf(index: number): { channel: string; ts: string } {
  const id = seeded.checkinIds[index]!;
  for (const [channel, ids] of seeded.byChannel) {
    if (!ids.includes(id)) continue;
    const message = standin.messagesIn(channel).find((m) => JSON.stringify(m.metadata ?? {}).includes(id));
    if (message) return { channel, ts: String(message.ts) };
  }
  throw new Error(`no prompt for check-in ${index}`);
}

/** The vendor contact of contract `index` submits a red score (58; breach at 98) from the prompt's modal. */
function submitRedScore(url: string, index: number) {
  const prompt = promptOf(index);
  return postToSlackApp(
    url,
    'interaction',
    viewSubmissionPayload({
      callback_id: 'checkin_submit_score',
      private_metadata: JSON.stringify({
        subject: seeded.checkinIds[index],
        message: { channelId: prompt.channel, ts: prompt.ts },
      }),
      values: stateValues({ value: { value: { type: 'number_input', value: '58' } } }),
      user: { id: `U0VENDOR${index}`, team_id: 'T0VENDOR' } as never,
      view: { blocks: [{ type: 'input', block_id: 'value', element: { type: 'number_input', action_id: 'value' } }] },
    } as never),
    { secret: SECRET },
  );
}

type Outcome = 'complete' | 'absent' | string;

/** What a person would find about check-in `index`: the whole answer, no answer, or (a failure) what is half there. */
async function outcomeOf(index: number): Promise<Outcome> {
  const id = seeded.checkinIds[index]!;
  const checkin = await store.checkins.get(id);
  const score = await store.scores.forCheckin(id);
  const intent = await store.scores.followUpOf(id);
  if (!score) {
    const answerable = checkin && ['pending', 'prompted', 'missed'].includes(checkin.status);
    return answerable && !intent ? 'absent' : `no score, check-in ${checkin?.status}, intent ${Boolean(intent)}`;
  }
  const missing: string[] = [];
  if (checkin?.status !== 'answered' || checkin.answeredScoreId !== score.id) missing.push('check-in answered');
  const audit = (await store.audit.forEntity('score', score.id)).filter((e) => e.action === 'checkin.answered');
  if (audit.length !== 1) missing.push(`one audit event (${audit.length})`);
  const escalation = await store.escalations.findBySource(`red-score:${id}`);
  if (!escalation) missing.push('escalation');
  else {
    const opened = (await store.audit.forEntity('escalation', escalation.id)).filter(
      (e) => e.action === 'escalation.opened',
    );
    if (opened.length !== 1) missing.push(`one escalation.opened event (${opened.length})`);
    if (escalation.threads.length === 0) missing.push('escalation posted');
  }
  const prompt = promptOf(index);
  const shown = JSON.stringify(standin.message(prompt.channel, prompt.ts)?.blocks ?? []);
  if (!shown.includes('58')) missing.push('prompt redrawn');
  if (intent) missing.push('intent settled');
  return missing.length === 0 ? 'complete' : `score but missing: ${missing.join(', ')}`;
}

describe('a red score submission killed with SIGKILL at any point', () => {
  it('is, after a restart, either complete or absent with the check-in answerable again', async () => {
    expect(seeded.checkinIds).toHaveLength(KILL_POINTS + 1);

    // A first process prompts every check-in; a second, fresh like the ones killed below, times a whole
    // red submission (check-in 0).
    const first = startService();
    await first.url;
    await waitUntil(
      'every check-in is prompted',
      async () => (await store.checkins.countByStatus()).prompted === KILL_POINTS + 1,
      60_000,
      first.output,
    );
    first.child.kill('SIGTERM');
    await first.exited;
    const timer = startService();
    const timerUrl = await timer.url;
    await fetch(`${timerUrl}/healthz`);
    const started = Date.now();
    const timed = await submitRedScore(timerUrl, 0);
    expect(timed.status).toBe(200);
    // Slack is answered once the score is saved; the follow-ups (audit, prompt, escalation) run after that, so
    // the whole submission lasts until it is complete, and the kill points below cover the follow-ups too.
    await waitUntil(
      'the timed submission is complete',
      async () => (await outcomeOf(0)) === 'complete',
      20_000,
      () => '',
      10,
    );
    const wholeMs = Date.now() - started;
    timer.child.kill('SIGKILL');
    await timer.exited;

    // Kill points spread evenly from the moment the request is sent to a little past the time it took.
    const atKill: Outcome[] = [];
    for (let point = 1; point <= KILL_POINTS; point += 1) {
      const service = startService();
      const url = await service.url;
      await fetch(`${url}/healthz`);
      const delay = Math.round(((point - 1) / (KILL_POINTS - 1)) * wholeMs * 1.1);
      const sent = submitRedScore(url, point).catch(() => null);
      await new Promise((resolve) => setTimeout(resolve, delay));
      service.child.kill('SIGKILL');
      await service.exited;
      await sent;
      atKill.push(await outcomeOf(point));
    }
    // The kill points fell before, inside and after the submission's writes.
    process.stdout.write(
      `score-crash: a whole submission took ${wholeMs} ms; states at kill: ${JSON.stringify(atKill, null, 1)}\n`,
    );
    expect(atKill.some((state) => state === 'absent')).toBe(true);
    expect(atKill.some((state) => state !== 'absent')).toBe(true);

    // Restarted, Steward finishes or rolls back every interrupted submission by itself.
    const restarted = startService();
    const url = await restarted.url;
    const outcomes = async () => Promise.all(Array.from({ length: KILL_POINTS }, (_, i) => outcomeOf(i + 1)));
    let last: Outcome[] = [];
    await waitUntil(
      'every submission is complete or absent',
      async () => {
        last = await outcomes();
        return last.every((state) => state === 'complete' || state === 'absent');
      },
      90_000,
      () => JSON.stringify(last, null, 1),
    );

    // An absent answer can be given again, and then it is complete like any other.
    const absent = last.flatMap((state, i) => (state === 'absent' ? [i + 1] : []));
    for (const index of absent) {
      const again = await submitRedScore(url, index);
      expect(again.status).toBe(200);
    }
    await waitUntil(
      'every resubmitted answer is complete',
      async () => (await Promise.all(absent.map((index) => outcomeOf(index)))).every((s) => s === 'complete'),
      30_000,
    );
    expect(await outcomes()).toEqual(Array.from({ length: KILL_POINTS }, () => 'complete'));
    // One escalation per red check-in, no more.
    const escalations = await store.escalations.listActive({});
    expect(escalations.filter((e) => e.trigger === 'red-score')).toHaveLength(KILL_POINTS + 1);
    restarted.child.kill('SIGTERM');
    await restarted.exited;
  }, 300_000);
});
