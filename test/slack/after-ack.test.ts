import { AfterAckQueue, afterAck } from '../../src/slack/after-ack';

/** A listener that acknowledges, then works until `release` is called; records what it went through. */
function slowListener(log: string[], gates: Map<number, () => void>) {
  return async ({ ack, id }: { ack: () => Promise<void>; id: number }) => {
    await ack();
    log.push(`work ${id}`);
    await new Promise<void>((resolve) => gates.set(id, resolve));
    log.push(`done ${id}`);
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never: ${what}`);
}

describe('work after an ack takes turns', () => {
  it('acknowledges every request at once, and runs at most `concurrency` listeners after their acks, first come first served', async () => {
    const queue = new AfterAckQueue({ concurrency: 2, backlog: 100, holdMs: 60_000 });
    const log: string[] = [];
    const gates = new Map<number, () => void>();
    const acked: number[] = [];
    const listener = afterAck(queue, slowListener(log, gates));
    const runs = [1, 2, 3, 4, 5].map((id) => listener({ id, ack: async () => void acked.push(id) }));
    await until(() => log.length === 2, 'two at work');
    expect(acked).toEqual([1, 2, 3, 4, 5]);
    expect(log).toEqual(['work 1', 'work 2']);
    expect(queue.queued).toBe(3);
    gates.get(2)?.();
    await until(() => log.includes('work 3'), 'the third at work');
    expect(log).toEqual(['work 1', 'work 2', 'done 2', 'work 3']);
    for (const id of [1, 3]) gates.get(id)?.();
    await until(() => log.includes('work 5'), 'the fifth at work');
    for (const id of [4, 5]) gates.get(id)?.();
    await Promise.all(runs);
    expect(queue.queued).toBe(0);
  });

  it('lets a request read in meanwhile be acknowledged before a waiting listener goes on', async () => {
    const queue = new AfterAckQueue({ concurrency: 1, backlog: 100, holdMs: 60_000 });
    const order: string[] = [];
    const listener = afterAck(queue, async ({ ack, id }: { ack: () => Promise<void>; id: string }) => {
      await ack();
      order.push(`after ack ${id}`);
    });
    const first = listener({ id: 'a', ack: async () => void order.push('ack a') });
    // An I/O callback queued now (a request arriving) runs before the listener's turn begins.
    setImmediate(() => order.push('request read'));
    await first;
    expect(order).toEqual(['ack a', 'request read', 'after ack a']);
  });

  it('ends a turn held too long, so a long job does not keep quick answers waiting', async () => {
    const queue = new AfterAckQueue({ concurrency: 1, backlog: 100, holdMs: 30 });
    const log: string[] = [];
    const gates = new Map<number, () => void>();
    const listener = afterAck(queue, slowListener(log, gates));
    const long = listener({ id: 1, ack: async () => undefined });
    const quick = listener({ id: 2, ack: async () => undefined });
    await until(() => log.includes('work 2'), 'the second at work while the first still runs');
    expect(log).toEqual(['work 1', 'work 2']);
    gates.get(1)?.();
    gates.get(2)?.();
    await Promise.all([long, quick]);
  });

  it('holds new requests back while the backlog is full, and lets them in as it is worked off', async () => {
    const queue = new AfterAckQueue({ concurrency: 1, backlog: 2, holdMs: 60_000 });
    const log: string[] = [];
    const gates = new Map<number, () => void>();
    const listener = afterAck(queue, slowListener(log, gates));
    const runs = [1, 2, 3].map((id) => listener({ id, ack: async () => undefined }));
    await until(() => queue.queued === 2, 'two waiting');
    let admitted = false;
    const admission = queue.admit().then(() => {
      admitted = true;
    });
    await tick();
    await tick();
    expect(admitted).toBe(false);
    gates.get(1)?.();
    await admission;
    expect(admitted).toBe(true);
    await until(() => log.includes('work 2'), 'the second at work');
    gates.get(2)?.();
    await until(() => log.includes('work 3'), 'the third at work');
    gates.get(3)?.();
    await Promise.all(runs);
  });

  it('passes a listener without ack (an event) straight through', async () => {
    const queue = new AfterAckQueue({ concurrency: 1, backlog: 1, holdMs: 60_000 });
    const seen: string[] = [];
    await afterAck(
      queue,
      async ({ event }: { ack?: undefined; event: string }) => void seen.push(event),
    )({
      event: 'app_mention',
    });
    expect(seen).toEqual(['app_mention']);
  });
});
