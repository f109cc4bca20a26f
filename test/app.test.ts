import { type StewardApp, startSteward } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { testDatabaseUri, uniqueDatabaseName } from './support/database';

describe('the service', () => {
  let app: StewardApp;

  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', MONGODB_URI: testDatabaseUri(), SCHEDULER_ENABLED: 'false' });
    app = await startSteward({ config, logger: createLogger('silent'), dbName: uniqueDatabaseName('app') });
  });
  afterAll(async () => {
    await app.database.connection.dropDatabase().catch(() => undefined);
    await app.stop();
  });

  it('reports healthy while the database answers', async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('answers unknown paths with 404 and keeps serving', async () => {
    const response = await fetch(`${app.url}/nope`);
    expect(response.status).toBe(404);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
