import { EventEmitter } from 'node:events';
import { type MonitoredClient, reconnectWhenMonitorStalls } from '../../src/store/stalled-monitor';

/**
 * Guarantee: when the driver's heartbeat never ends (its monitor is stuck and the service would stay "database
 * down" with the database back), the client is reconnected; a heartbeat that ends, however slowly within its
 * timeouts, is left alone; while the database is still away, reconnecting goes on until it answers.
 */
class FakeClient extends EventEmitter implements MonitoredClient {
  closes = 0;
  connects = 0;
  failConnects = 0;
  async close() {
    this.closes += 1;
  }
  async connect() {
    this.connects += 1;
    if (this.failConnects > 0) {
      this.failConnects -= 1;
      throw new Error('connect ECONNREFUSED');
    }
    return this;
  }
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function watch(client: FakeClient) {
  const events: string[] = [];
  const handle = reconnectWhenMonitorStalls(client, {
    stallAfterMs: 30_000,
    checkEveryMs: 2_000,
    onStall: () => events.push('stall'),
    onReconnected: () => events.push('reconnected'),
    onReconnectFailed: () => events.push('failed'),
  });
  return { events, handle };
}

it('reconnects a client whose heartbeat never ends', async () => {
  const client = new FakeClient();
  const { events, handle } = watch(client);
  client.emit('serverHeartbeatStarted');
  await jest.advanceTimersByTimeAsync(29_000);
  expect(client.closes).toBe(0);
  await jest.advanceTimersByTimeAsync(4_000);
  expect(events).toEqual(['stall', 'reconnected']);
  expect(client.closes).toBe(1);
  expect(client.connects).toBe(1);
  // The fresh monitor's heartbeats end normally: nothing more happens.
  for (let i = 0; i < 10; i += 1) {
    client.emit('serverHeartbeatStarted');
    await jest.advanceTimersByTimeAsync(9_000);
    client.emit('serverHeartbeatFailed');
  }
  expect(client.closes).toBe(1);
  handle.stop();
});

it('leaves alone heartbeats that end, even slow ones and back to back', async () => {
  const client = new FakeClient();
  const { events, handle } = watch(client);
  for (let i = 0; i < 20; i += 1) {
    client.emit('serverHeartbeatStarted');
    await jest.advanceTimersByTimeAsync(20_000);
    client.emit(i % 2 ? 'serverHeartbeatSucceeded' : 'serverHeartbeatFailed');
  }
  expect(events).toEqual([]);
  expect(client.closes).toBe(0);
  handle.stop();
});

it('keeps trying to connect while the database is still away', async () => {
  const client = new FakeClient();
  client.failConnects = 3;
  const { events, handle } = watch(client);
  client.emit('serverHeartbeatStarted');
  await jest.advanceTimersByTimeAsync(32_000);
  await jest.advanceTimersByTimeAsync(8_000);
  expect(events).toEqual(['stall', 'failed', 'failed', 'failed', 'reconnected']);
  expect(client.connects).toBe(4);
  handle.stop();
});

it('stops watching when the service closes the database', async () => {
  const client = new FakeClient();
  const { events, handle } = watch(client);
  handle.stop();
  client.emit('serverHeartbeatStarted');
  await jest.advanceTimersByTimeAsync(120_000);
  expect(events).toEqual([]);
  expect(client.listenerCount('serverHeartbeatStarted')).toBe(0);
});
