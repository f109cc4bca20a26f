import type { Config } from './config';
import { type Clock, systemClock } from './domain/clock';
import { HttpServer, sendJson } from './http/http-server';
import type { Logger } from './logger';
import { type DatabaseHandle, openDatabase } from './store/database';

export interface StewardApp {
  url: string;
  database: DatabaseHandle;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Tests give each app its own database name on a shared server. */
  dbName?: string;
}

/** The composition root: database, HTTP, chat surfaces and scheduler, wired once. */
export async function startSteward({ config, logger, clock = systemClock, dbName }: StartOptions): Promise<StewardApp> {
  void clock;
  const database = await openDatabase(config, logger, { dbName });
  const http = new HttpServer(logger);

  http.route('/healthz', async (_req, res) => {
    const databaseUp = await database.isHealthy();
    sendJson(res, databaseUp ? 200 : 503, {
      status: databaseUp ? 'ok' : 'degraded',
      database: databaseUp ? 'up' : 'down',
    });
  });

  let address: Awaited<ReturnType<HttpServer['listen']>>;
  try {
    address = await http.listen(config.port, config.host);
  } catch (error) {
    await database.close();
    throw error;
  }
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  logger.info({ url, database: database.description }, `Steward listens on ${url}, data in ${database.description}`);
  for (const [surface, state] of [
    ['Slack', config.slack],
    ['Teams', config.teams],
  ] as const) {
    if (state.enabled) logger.info(`${surface} is on`);
    else logger.info(`${surface} is off: set ${state.missing.join(', ')} to turn it on`);
  }

  return {
    url,
    database,
    async stop() {
      await http.close();
      await database.close();
    },
  };
}
