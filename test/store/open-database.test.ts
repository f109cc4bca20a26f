import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { openDatabase } from '../../src/store/database';

describe('the embedded database started on demand', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'steward-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts when MONGODB_URI is unset, keeps data across restarts, and stops with the service', async () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    const first = await openDatabase(config, createLogger('silent'));
    expect(first.embedded).toBeDefined();
    expect(first.description).toContain(dataDir);
    await first.connection.collection('contracts').insertOne({ reference: 'ACME-2026-001' });
    await first.close();
    expect(await first.embedded?.exited).not.toBeUndefined();

    const second = await openDatabase(config, createLogger('silent'));
    expect(await second.connection.collection('contracts').findOne({ reference: 'ACME-2026-001' })).toMatchObject({
      reference: 'ACME-2026-001',
    });
    expect(await second.isHealthy()).toBe(true);
    await second.close();
    expect(await second.isHealthy()).toBe(false);
  });
});
