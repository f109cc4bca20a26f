import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { blockActionPayload, postToSlackApp, slashCommandBody } from '../test/support/slack-requests';
import { ACK_CHANNEL, ACK_SECRET } from './ack-server';
import { measure, percentile, type StandinProcess } from './support';

export interface AckRow {
  request: string;
  concurrency: number;
  steward: { p50: number; p99: number };
  bare: { p50: number; p99: number };
}

interface ServerProcess {
  url: string;
  checkinId: string | null;
  stop(): Promise<void>;
}

/** Starts `ack-server.js steward|bare` in a process of its own and waits for its URL. */
async function startServer(which: 'steward' | 'bare', env: Record<string, string>): Promise<ServerProcess> {
  const child: ChildProcess = fork(join(__dirname, 'ack-server.js'), [which], {
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
export async function ackLatency(options: { mongoUri: string; standin: StandinProcess }): Promise<AckRow[]> {
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
        const total = concurrency === 1 ? 300 : 2_000;
        const run = async (url: string) => {
          const send = async () => {
            const { kind, body } = build();
            const response = await postToSlackApp(url, kind, body, { secret: ACK_SECRET });
            if (response.status !== 200) throw new Error(`${name}: HTTP ${response.status} ${response.text}`);
          };
          await measure(Math.min(50, total), concurrency, send); // warm-up
          return measure(total, concurrency, send);
        };
        const stewardTimes = await run(steward.url);
        // Let Steward's work after the acks (answers, modals) finish before the bare app is measured.
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        const bareTimes = await run(bare.url);
        rows.push({
          request: name,
          concurrency,
          steward: { p50: percentile(stewardTimes, 50), p99: percentile(stewardTimes, 99) },
          bare: { p50: percentile(bareTimes, 50), p99: percentile(bareTimes, 99) },
        });
      }
    }
  } finally {
    await bare.stop();
    await steward.stop();
  }
  return rows;
}
