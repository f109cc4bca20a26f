import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Slack's Socket Mode endpoint on loopback, speaking its envelope protocol
 * (https://docs.slack.dev/apis/events-api/using-socket-mode): `hello` when a client connects, then
 * `events_api`, `slash_commands` and `interactive` envelopes, each of which the client acknowledges with its
 * `envelope_id` (and, for a modal submission, a response payload) within 3 seconds.
 */
export type SocketModeEnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface SocketModeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  /** Milliseconds from sending the envelope to its acknowledgement. */
  afterMs: number;
}

export interface SocketModeStandin {
  /** ws://127.0.0.1:PORT/link?ticket=…, as apps.connections.open answers. */
  url(): string;
  /** Resolves once a client is connected and has been greeted. */
  connected(timeoutMs?: number): Promise<void>;
  /** Sends an envelope and resolves with its acknowledgement; rejects if none comes within `timeoutMs`. */
  send(type: SocketModeEnvelopeType, payload: object, timeoutMs?: number): Promise<SocketModeAck>;
  readonly connections: number;
  close(): Promise<void>;
}

export async function startSocketModeStandin(): Promise<SocketModeStandin> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  let client: WebSocket | undefined;
  let connections = 0;
  const greeted: Array<() => void> = [];
  const pending = new Map<string, { sentAt: number; resolve: (ack: SocketModeAck) => void }>();

  server.on('connection', (socket) => {
    connections += 1;
    client = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
      const waiting = message.envelope_id ? pending.get(message.envelope_id) : undefined;
      if (!waiting || !message.envelope_id) return;
      pending.delete(message.envelope_id);
      waiting.resolve({
        envelope_id: message.envelope_id,
        ...(message.payload ? { payload: message.payload } : {}),
        afterMs: Date.now() - waiting.sentAt,
      });
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: connections,
        debug_info: { host: 'applink-standin', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0STEWARD' },
      }),
    );
    for (const resolve of greeted.splice(0)) resolve();
  });

  return {
    url: () => `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}&app_id=A0STEWARD`,
    get connections() {
      return connections;
    },
    connected(timeoutMs = 10_000) {
      if (client) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no Socket Mode client connected')), timeoutMs);
        greeted.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    send(type, payload, timeoutMs = 3_000) {
      const socket = client;
      if (!socket) return Promise.reject(new Error('no Socket Mode client is connected'));
      const envelopeId = randomUUID();
      return new Promise<SocketModeAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(envelopeId);
          reject(new Error(`${type} envelope ${envelopeId} was not acknowledged within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(envelopeId, {
          sentAt: Date.now(),
          resolve: (ack) => {
            clearTimeout(timer);
            resolve(ack);
          },
        });
        socket.send(
          JSON.stringify({
            envelope_id: envelopeId,
            payload,
            type,
            accepts_response_payload: type !== 'events_api',
            retry_attempt: 0,
            retry_reason: '',
          }),
        );
      });
    },
    async close() {
      for (const socket of server.clients) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
