import { uniqueDatabaseName } from './database';
import type { SlackStandin, StandinCall } from './slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from './steward-harness';

/**
 * Several Steward replicas in one test process: each a whole app (HTTP, Bolt, services) with its own
 * instance id, all on the same database and the same Slack stand-in, as behind a load balancer.
 * Their clocks are moved together with `setClock`.
 */
export async function startReplicas(
  count: number,
  options: { standin: SlackStandin; start?: string; env?: Record<string, string> },
): Promise<{
  replicas: StewardUnderTest[];
  dbName: string;
  setClock(at: string | Date): void;
  advance(ms: number): void;
  stop(): Promise<void>;
}> {
  const dbName = uniqueDatabaseName('replicas');
  const replicas: StewardUnderTest[] = [];
  for (let i = 0; i < count; i += 1) {
    replicas.push(
      await startStewardWithSlack({
        standin: options.standin,
        dbName,
        instanceId: `replica-${String.fromCharCode(97 + i)}`,
        ...(options.start ? { start: options.start } : {}),
        ...(options.env ? { env: options.env } : {}),
      }),
    );
  }
  return {
    replicas,
    dbName,
    setClock: (at) => {
      for (const replica of replicas) replica.clock.set(at);
    },
    advance: (ms) => {
      for (const replica of replicas) replica.clock.advance(ms);
    },
    async stop() {
      // The first one drops the shared database; the others only stop.
      for (const replica of replicas) await replica.stop();
    },
  };
}

/** The check-in ids each posted prompt lists (its metadata key), with the channel it went to. */
export function promptedIds(calls: readonly StandinCall[]): Array<{ channel: string; id: string }> {
  return calls
    .filter((c) => c.method === 'chat.postMessage' && c.ok)
    .flatMap((c) => {
      const metadata = c.body.metadata as { event_payload?: { promptKey?: string } } | undefined;
      const key = metadata?.event_payload?.promptKey;
      return key ? key.split(',').map((id) => ({ channel: String(c.body.channel), id })) : [];
    });
}
