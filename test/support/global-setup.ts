import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDatabase } from '../../src/store/embedded-database';

/**
 * One FerretDB for the whole run; each test file gets its own database on it (see database.ts),
 * so files run in parallel without seeing each other's data.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.STEWARD_TEST_MONGODB_URI) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'steward-test-db-'));
  const database = await startEmbeddedDatabase({ dataDir, quietBuild: false });
  process.env.STEWARD_TEST_MONGODB_URI = database.uri;
  (globalThis as { __stewardTestDatabase?: typeof database }).__stewardTestDatabase = database;
}
