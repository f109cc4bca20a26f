import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import {
  blockActionPayload,
  postToSlackApp,
  slashCommandBody,
  stateValues,
  viewSubmissionPayload,
} from '../test/support/slack-requests';
import { TEST_WORKSPACE } from '../test/support/slack-standin';
import { ACK_CHANNEL, ACK_SECRET } from './ack-server';
import { measure, percentile, quiet, type StandinProcess } from './support';

const median = (values: number[]) => percentile(values, 50);

export interface AckRow {
  request: string;
  concurrency: number;
  rounds: number;
  requestsPerRound: number;
  /** Medians over the rounds of each round's p50 and p99. */
  steward: { p50: number; p99: number };
  bare: { p50: number; p99: number };
  /** Each round's p99 ratio (Steward / bare), in the order measured. */
  roundRatios: number[];
}

interface ServerProcess {
  url: string;
  checkinId: string | null;
  /** Steward only: a fresh check-in to submit to. */
  newCheckin(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `ack-server.js steward|bare` in a process of its own and waits for its URL. */
async function startServer(which: 'steward' | 'bare', env: Record<string, string>): Promise<ServerProcess> {
  // BENCH_CPU_PROF=<dir>: Steward's server writes a V8 CPU profile there when it exits (`node --cpu-prof`).
  const profile =
    which === 'steward' && process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [];
  const child: ChildProcess = fork(join(__dirname, 'ack-server.js'), [which], {
    execArgv: profile,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; checkinId: string | null }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${which} server exited with ${code} before it was ready`)));
    child.on('message', (message: { ready?: boolean; url: string; checkinId: string | null }) => {
      if (message.ready) resolve(message);
    });
  });
  return {
    ...ready,
    newCheckin: () =>
      new Promise<string>((resolve) => {
        const listener = (message: { checkin?: string }) => {
          if (!message.checkin) return;
          child.off('message', listener);
          resolve(message.checkin);
        };
        child.on('message', listener);
        child.send({ cmd: 'checkin' });
      }),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ cmd: 'exit' });
      await exited;
    },
  };
}

/**
 * (1) How fast Slack gets its acknowledgement: `/steward help` and a check-in button, signed like Slack's, sent
 * through Steward's real HTTP server and Bolt receiver (with the database behind it), against a bare Bolt app
 * that only acknowledges the same requests. Each server runs in a process of its own, as it would in
 * production; this process only sends the requests and times the answers.
 */
export async function ackLatency(options: {
  mongoUri: string;
  standin: StandinProcess;
  /** Rounds per request and concurrency, Steward and the bare app taking turns to go first. */
  rounds: number;
}): Promise<AckRow[]> {
  const { standin } = options;
  const steward = await startServer('steward', {
    BENCH_MONGO_URI: options.mongoUri,
    BENCH_SLACK_API_URL: standin.apiUrl,
  });
  const bare = await startServer('bare', {});
  const checkinId = steward.checkinId ?? '';
  let counter = 0;
  const requests = {
    '/steward help': () => {
      counter += 1;
      return {
        kind: 'command' as const,
        body: slashCommandBody({
          text: 'help',
          channel_id: ACK_CHANNEL,
          response_url: `${standin.baseUrl}/response/ack-${counter}`,
        }),
      };
    },
    'block action (Submit score)': () => {
      counter += 1;
      return {
        kind: 'interaction' as const,
        body: blockActionPayload({
          action_id: 'checkin_open_score',
          value: checkinId,
          channel: { id: ACK_CHANNEL, name: 'bench' },
          response_url: `${standin.baseUrl}/response/ack-${counter}`,
        }),
      };
    },
  };

  const rows: AckRow[] = [];
  try {
    for (const [name, build] of Object.entries(requests)) {
      for (const concurrency of [1, 64]) {
        const total = concurrency === 1 ? 300 : 1_000;
        const run = async (url: string) => {
          const send = async () => {
            const { kind, body } = build();
            const response = await postToSlackApp(url, kind, body, { secret: ACK_SECRET });
            if (response.status !== 200) throw new Error(`${name}: HTTP ${response.status} ${response.text}`);
          };
          await measure(Math.min(50, total), concurrency, send); // warm-up
          const times = await measure(total, concurrency, send);
          // Steward's work after the acks (answers, modals) is finished before anything else is measured, so one
          // server's backlog never slows the other's round down.
          await quiet(standin);
          return { p50: percentile(times, 50), p99: percentile(times, 99) };
        };
        const stewardRounds: Array<{ p50: number; p99: number }> = [];
        const bareRounds: Array<{ p50: number; p99: number }> = [];
        // Alternating rounds: the neighbours' load on a shared machine changes by the minute, so each round
        // measures both servers close together, and the medians of the rounds are compared.
        for (let round = 0; round < options.rounds; round += 1) {
          if (round % 2 === 0) {
            stewardRounds.push(await run(steward.url));
            bareRounds.push(await run(bare.url));
          } else {
            bareRounds.push(await run(bare.url));
            stewardRounds.push(await run(steward.url));
          }
        }
        rows.push({
          request: name,
          concurrency,
          rounds: options.rounds,
          requestsPerRound: total,
          steward: {
            p50: median(stewardRounds.map((r) => r.p50)),
            p99: median(stewardRounds.map((r) => r.p99)),
          },
          bare: { p50: median(bareRounds.map((r) => r.p50)), p99: median(bareRounds.map((r) => r.p99)) },
          roundRatios: stewardRounds.map((r, i) => r.p99 / (bareRounds[i]?.p99 ?? Number.NaN)),
        });
      }
    }
  } finally {
    await bare.stop();
    await steward.stop();
  }
  return rows;
}

export interface SubmissionBurstResult {
  rounds: number;
  perRound: number;
  p50: number;
  p95: number;
  max: number;
  /** The slowest acknowledgement of each round. */
  roundMax: number[];
  /** Submissions that closed the modal (saved, or the same answer again) per round; the rest were refused. */
  accepted: number[];
}

/**
 * (1b) 50 people submit the score modal of one check-in at the same moment (a shared channel), signed like
 * Slack's, from this process against Steward in its own: how long until each is acknowledged. Slack closes
 * the modal or shows its errors only on the acknowledgement, and gives up after 3 s.
 */
export async function submissionBurst(options: {
  mongoUri: string;
  standin: StandinProcess;
  rounds: number;
  perRound: number;
}): Promise<SubmissionBurstResult> {
  const steward = await startServer('steward', {
    BENCH_MONGO_URI: options.mongoUri,
    BENCH_SLACK_API_URL: options.standin.apiUrl,
  });
  const times: number[] = [];
  const roundMax: number[] = [];
  const accepted: number[] = [];
  try {
    for (let round = 0; round < options.rounds; round += 1) {
      const checkinId = await steward.newCheckin();
      const acks = await Promise.all(
        Array.from({ length: options.perRound }, async (_, i) => {
          const body = viewSubmissionPayload({
            callback_id: 'checkin_submit_score',
            private_metadata: JSON.stringify({ subject: checkinId }),
            values: stateValues({ value: { value: { type: 'number_input', value: String(97 + (i % 3)) } } }),
            user: { id: TEST_WORKSPACE.user.id, team_id: TEST_WORKSPACE.teamId } as never,
            view: {
              blocks: [{ type: 'input', block_id: 'value', element: { type: 'number_input', action_id: 'value' } }],
            } as never,
          });
          const started = performance.now();
          const response = await postToSlackApp(steward.url, 'interaction', body, { secret: ACK_SECRET });
          if (response.status !== 200) throw new Error(`submission: HTTP ${response.status} ${response.text}`);
          return { ms: performance.now() - started, closed: response.text === '' };
        }),
      );
      times.push(...acks.map((ack) => ack.ms));
      roundMax.push(Math.max(...acks.map((ack) => ack.ms)));
      accepted.push(acks.filter((ack) => ack.closed).length);
      // Let the winner's follow-ups (audit, prompts, escalation) finish before the next round.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  } finally {
    await steward.stop();
  }
  return {
    rounds: options.rounds,
    perRound: options.perRound,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: Math.max(...times),
    roundMax,
    accepted,
  };
}
