import { rmSync } from 'node:fs';
import type { EmbeddedDatabase } from '../../src/store/embedded-database';

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { __stewardTestDatabase?: EmbeddedDatabase }).__stewardTestDatabase;
  if (!database) return;
  await database.stop();
  rmSync(database.dataDir, { recursive: true, force: true });
}
