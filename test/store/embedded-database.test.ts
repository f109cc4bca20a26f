import mongoose from 'mongoose';
import { useTestDatabase } from '../support/database';

const database = useTestDatabase();

describe('embedded database', () => {
  it('stores and reads back a document', async () => {
    const collection = database.connection().collection('probe');
    await collection.insertOne({ reference: 'ACME-2026-001' });
    expect(await collection.findOne({ reference: 'ACME-2026-001' })).toMatchObject({ reference: 'ACME-2026-001' });
    expect(mongoose.connection.readyState).toBe(0);
  });
});
