import mongoose, { type Connection } from 'mongoose';
import type { Config } from '../config';
import { type Logger, redactUri } from '../logger';
import { type EmbeddedDatabase, startSupervisedDatabase } from './embedded-database';
import { reconnectWhenMonitorStalls } from './stalled-monitor';

const CONNECT_TIMEOUT_MS = 10_000;

export interface DatabaseHandle {
  connection: Connection;
  /** Where the data lives, fit for logs (no password). */
  description: string;
  embedded: EmbeddedDatabase | undefined;
  /** Answers a ping within the timeout; false while the database is unreachable. */
  isHealthy(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Connects to MONGODB_URI, or starts the embedded FerretDB under DATA_DIR when it is unset.
 * The driver keeps retrying on its own while the database is away; callers see failed
 * operations, never a dead connection object.
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  options: { dbName?: string } = {},
): Promise<DatabaseHandle> {
  let embedded: EmbeddedDatabase | undefined;
  let uri = config.database.uri;
  if (!uri) {
    logger.info({ dataDir: config.database.embeddedDataDir }, 'MONGODB_URI is unset: starting the embedded database');
    embedded = await startSupervisedDatabase({
      dataDir: `${config.database.embeddedDataDir}/ferretdb`,
      onLog: (line) => logger.warn({ component: 'ferretdb' }, line),
      onEvent: (event) => {
        if (event.kind === 'exited') logger.error({ code: event.code }, 'the embedded database stopped; restarting it');
        else if (event.kind === 'restarted') logger.warn({ attempt: event.attempt }, 'the embedded database is back');
        else
          logger.error(
            { err: event.error, attempt: event.attempt },
            'the embedded database did not restart; trying again',
          );
      },
    });
    uri = `${embedded.uri}steward`;
  }
  const connection = mongoose.createConnection(uri, {
    dbName: options.dbName,
    serverSelectionTimeoutMS: 5_000,
    // Also the monitor's heartbeat timeout: with the driver's 30 s, a heartbeat caught by the database going
    // away hung for half a minute, and the service stayed disconnected that long after the database was back.
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    // FerretDB has no sessions; retryable writes would need them.
    retryWrites: false,
    autoIndex: false,
  });
  try {
    await connection.asPromise();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const description = embedded
    ? `embedded FerretDB (SQLite) in ${embedded.dataDir}, ${redactUri(uri)}`
    : `MongoDB at ${redactUri(uri)}`;
  // Health pings go over a connection of their own: through the shared pool a ping waited behind every query
  // of a burst (200 `/steward list` at once) and /healthz said "database down" while the database answered.
  const probe = new mongoose.mongo.MongoClient(uri, {
    maxPoolSize: 1,
    serverSelectionTimeoutMS: 2_000,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    retryWrites: false,
  });
  // A heartbeat ends within connectTimeoutMS for the socket plus as much for the handshake; three times that is
  // a heartbeat the driver will never end (see stalled-monitor.ts).
  const watches = [
    { name: 'service', client: connection.getClient() },
    { name: 'health probe', client: probe },
  ].map(({ name, client }) =>
    reconnectWhenMonitorStalls(client, {
      stallAfterMs: 3 * CONNECT_TIMEOUT_MS,
      checkEveryMs: 2_000,
      onStall: (runningForMs) =>
        logger.warn(
          { client: name, runningForMs },
          'the database driver stopped checking the database (a heartbeat never ended); reconnecting',
        ),
      onReconnected: () => logger.warn({ client: name }, 'reconnected to the database'),
    }),
  );
  let closed = false;
  return {
    connection,
    description,
    embedded,
    async isHealthy(timeoutMs = 3_000) {
      if (closed || !connection.db) return false;
      // The probe can reach a restarted database before the shared pool has noticed it is back, and until then
      // the service's own reads fail: while the pool is disconnected, the ping goes through it (which also makes
      // it look for the database now rather than at its next heartbeat).
      const pinging =
        connection.readyState === mongoose.ConnectionStates.connected ? probe.db('admin') : connection.db.admin();
      const ping = pinging.command({ ping: 1 }).then(
        () => true,
        () => false,
      );
      const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
      return Promise.race([ping, timeout]);
    },
    async close() {
      closed = true;
      for (const watch of watches) watch.stop();
      await probe.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
      await embedded?.stop();
    },
  };
}
