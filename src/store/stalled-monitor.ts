/**
 * The part of a MongoClient this watch needs: its public heartbeat events, close and connect.
 */
export interface MonitoredClient {
  on(
    event: 'serverHeartbeatStarted' | 'serverHeartbeatSucceeded' | 'serverHeartbeatFailed',
    listener: () => void,
  ): unknown;
  off(
    event: 'serverHeartbeatStarted' | 'serverHeartbeatSucceeded' | 'serverHeartbeatFailed',
    listener: () => void,
  ): unknown;
  close(): Promise<void>;
  connect(): Promise<unknown>;
}

export interface StalledMonitorOptions {
  /** A heartbeat running longer than this is stuck: the driver's own timeouts would have ended it long before. */
  stallAfterMs: number;
  /** How often to look; also the wait between reconnection attempts while the database is still away. */
  checkEveryMs: number;
  now?: () => number;
  onStall?: (runningForMs: number) => void;
  onReconnected?: () => void;
  onReconnectFailed?: (error: unknown) => void;
}

export interface StalledMonitorWatch {
  stop(): void;
}

/**
 * Why this exists: the MongoDB driver (7.8 and 7.9) can wait forever on a heartbeat it writes into a socket the
 * database has just closed. When the socket is already destroyed but has not emitted 'close' yet, the write returns
 * false and the driver waits for a 'drain' that never comes, with no error and no timeout. Its monitor then never
 * looks at the server again, and every operation fails with the last error until the process restarts: seen here
 * about once in ten database restarts under load (test/reliability/database-outage.test.ts), with the database
 * long back. Heartbeat events are public, so a heartbeat that outlives every timeout of its own is noticed, and the
 * client is closed and connected again, which starts a fresh monitor; mongoose keeps its models and sees the server
 * come back through the same events. While the database is still away, connecting is tried again until it answers.
 */
export function reconnectWhenMonitorStalls(
  client: MonitoredClient,
  options: StalledMonitorOptions,
): StalledMonitorWatch {
  const now = options.now ?? Date.now;
  let heartbeatStartedAt: number | undefined;
  let reconnecting = false;
  let stopped = false;

  const started = () => {
    heartbeatStartedAt ??= now();
  };
  const ended = () => {
    heartbeatStartedAt = undefined;
  };
  client.on('serverHeartbeatStarted', started);
  client.on('serverHeartbeatSucceeded', ended);
  client.on('serverHeartbeatFailed', ended);

  const reconnect = async () => {
    reconnecting = true;
    try {
      while (!stopped) {
        await client.close().catch(() => undefined);
        if (stopped) return;
        try {
          heartbeatStartedAt = undefined;
          await client.connect();
          // Stopped meanwhile (the service is shutting down): leave nothing open behind it.
          if (stopped) await client.close().catch(() => undefined);
          else options.onReconnected?.();
          return;
        } catch (error) {
          options.onReconnectFailed?.(error);
          await new Promise((resolve) => setTimeout(resolve, options.checkEveryMs).unref());
        }
      }
    } finally {
      reconnecting = false;
    }
  };

  const timer = setInterval(() => {
    if (stopped || reconnecting || heartbeatStartedAt === undefined) return;
    const runningForMs = now() - heartbeatStartedAt;
    if (runningForMs < options.stallAfterMs) return;
    options.onStall?.(runningForMs);
    void reconnect();
  }, options.checkEveryMs);
  timer.unref();

  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      client.off('serverHeartbeatStarted', started);
      client.off('serverHeartbeatSucceeded', ended);
      client.off('serverHeartbeatFailed', ended);
    },
  };
}
