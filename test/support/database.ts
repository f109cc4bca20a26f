import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';

export function testDatabaseUri(): string {
  const uri = process.env.STEWARD_TEST_MONGODB_URI;
  if (!uri)
    throw new Error('STEWARD_TEST_MONGODB_URI is not set: run tests through jest so global-setup starts the database.');
  return uri;
}

/** A fresh database name per test file, so files run in parallel against one server. */
export function uniqueDatabaseName(prefix = 'test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/**
 * Connects a dedicated mongoose connection to a database of this file's own for the file's tests,
 * and drops it afterwards. Call at the top level of a test file.
 */
export function useTestDatabase(): { connection: () => Connection; uri: () => string } {
  let connection: Connection | undefined;
  let name = '';
  beforeAll(async () => {
    name = uniqueDatabaseName();
    connection = await mongoose.createConnection(testDatabaseUri(), { dbName: name, autoIndex: false }).asPromise();
  });
  afterAll(async () => {
    if (!connection) return;
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });
  return {
    connection: () => {
      if (!connection) throw new Error('useTestDatabase(): the connection is only available inside tests');
      return connection;
    },
    uri: () => `${testDatabaseUri()}${name}`,
  };
}
