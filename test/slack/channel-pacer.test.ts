import { ChannelPacer, type PacerOptions, retryAfterOf } from '../../src/slack/channel-pacer';

/**
 * The per-channel pace of chat.postMessage, tested on wall time at ten posts a second (Slack: one), so the
 * timing is visible in tenths of seconds and the file stays fast.
 */
const fast: PacerOptions = { perSecond: 10, burst: 2, concurrency: 16, maxRateLimitRetries: 3 };

function rateLimited(retryAfter: number): Error {
  return Object.assign(
    new Error(`A rate-limit has been reached, you may retry this request in ${retryAfter} seconds`),
    {
      code: 'slack_webapi_rate_limited_error',
      retryAfter,
    },
  );
}

describe('ChannelPacer', () => {
  it('lets a short burst through, then keeps to the pace within a channel, in order', async () => {
    const pacer = new ChannelPacer(fast);
    const started: Array<{ n: number; at: number }> = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        pacer.run('C1', async () => {
          started.push({ n, at: Date.now() - t0 });
        }),
      ),
    );
    expect(started.map((s) => s.n)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(started[1]!.at).toBeLessThan(50);
    // After the burst of 2, one every 100 ms.
    for (let i = 2; i < 6; i += 1) expect(started[i]!.at - started[i - 1]!.at).toBeGreaterThanOrEqual(85);
  });

  it('runs channels side by side, so ten channels take no longer than one', async () => {
    const pacer = new ChannelPacer(fast);
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 10 }, (_, c) =>
        Promise.all(Array.from({ length: 4 }, () => pacer.run(`C${c}`, async () => undefined))),
      ),
    );
    // Four posts per channel at burst 2 and 10/s: about 200 ms, however many channels.
    expect(Date.now() - t0).toBeLessThan(600);
  });

  it('waits out a 429 on its own channel only, for its Retry-After, and then posts again', async () => {
    const pacer = new ChannelPacer(fast);
    const t0 = Date.now();
    let attempts = 0;
    const limitedDone = pacer.run('C-limited', async () => {
      attempts += 1;
      if (attempts === 1) throw rateLimited(0.5);
      return Date.now() - t0;
    });
    const othersDone: number[] = [];
    await Promise.all(
      Array.from({ length: 3 }, (_, c) =>
        pacer.run(`C-other-${c}`, async () => {
          othersDone.push(Date.now() - t0);
        }),
      ),
    );
    const limitedAt = await limitedDone;
    expect(attempts).toBe(2);
    expect(limitedAt).toBeGreaterThanOrEqual(480);
    // The other channels did not wait for the limited one.
    expect(Math.max(...othersDone)).toBeLessThan(200);
  });

  it('gives up on a post after too many 429s, and passes other errors through at once', async () => {
    const pacer = new ChannelPacer({ ...fast, maxRateLimitRetries: 2 });
    let attempts = 0;
    await expect(
      pacer.run('C1', async () => {
        attempts += 1;
        throw rateLimited(0);
      }),
    ).rejects.toThrow(/rate-limit/);
    expect(attempts).toBe(3);
    await expect(
      pacer.run('C1', async () => {
        throw new Error('channel_not_found');
      }),
    ).rejects.toThrow('channel_not_found');
  });

  it('never runs more posts at once than its concurrency', async () => {
    const pacer = new ChannelPacer({ ...fast, concurrency: 3 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, (_, c) =>
        pacer.run(`C${c}`, async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 20));
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(pacer.pending).toBe(0);
  });

  it('recognises the Web API client’s rate-limit rejection', () => {
    expect(retryAfterOf(rateLimited(7))).toBe(7);
    expect(retryAfterOf(new Error('nope'))).toBeUndefined();
  });
});
