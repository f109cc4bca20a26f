import { randomBytes } from 'node:crypto';
import { type Connection, Schema } from 'mongoose';
import { defineModel, deleteInSlices, isDuplicateKey, withSafeQueries } from './shared';

/** A file Steward made (an export, a chart, a claim pack) kept for a while so a link can serve it. */
export interface SharedFileRecord {
  id: string;
  filename: string;
  mimeType: string;
  content: Buffer;
  /** Internal data: a link minted for a vendor's place never opens it. */
  internalOnly: boolean;
  contractRef?: string;
  createdAt: Date;
  expiresAt: Date;
}

interface SharedFileDoc {
  _id: string;
  filename: string;
  mimeType: string;
  content: Buffer;
  internalOnly: boolean;
  contractRef?: string;
  createdAt: Date;
  expiresAt: Date;
}

interface LinkKeyDoc {
  _id: string;
  secret: string;
}

export function createSharedFileModels(connection: Connection) {
  const fileSchema = new Schema<SharedFileDoc>(
    {
      _id: { type: String, required: true },
      filename: { type: String, required: true },
      mimeType: { type: String, required: true },
      content: { type: Buffer, required: true },
      internalOnly: { type: Boolean, required: true },
      contractRef: String,
      createdAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
    },
    { collection: 'shared_files', versionKey: false, strict: true, strictQuery: 'throw', autoIndex: false },
  );
  // No TTL indexes on FerretDB: the purge job deletes what ran out.
  fileSchema.index({ expiresAt: 1 });
  const keySchema = new Schema<LinkKeyDoc>(
    { _id: { type: String, required: true }, secret: { type: String, required: true } },
    { collection: 'link_keys', versionKey: false, strict: true, strictQuery: 'throw', autoIndex: false },
  );
  return {
    SharedFile: defineModel(connection, 'SharedFile', withSafeQueries(fileSchema)),
    LinkKey: defineModel(connection, 'LinkKey', withSafeQueries(keySchema)),
  };
}

export type SharedFileModels = ReturnType<typeof createSharedFileModels>;

export interface SharedFileRepository {
  save(file: Omit<SharedFileRecord, 'id'>): Promise<SharedFileRecord>;
  get(id: string): Promise<SharedFileRecord | null>;
  /**
   * The secret every replica signs file links with: made once by whichever replica asks first (a unique
   * insert decides), so links made by one replica open on another without any setting.
   */
  signingSecret(): Promise<string>;
  purge(now: Date): Promise<number>;
}

const LINK_KEY_ID = 'file-links';

export function createSharedFileRepository({ SharedFile, LinkKey }: SharedFileModels): SharedFileRepository {
  let secret: Promise<string> | undefined;
  const readOrCreateSecret = async (): Promise<string> => {
    const existing = await LinkKey.findById(LINK_KEY_ID).lean();
    if (existing) return existing.secret;
    try {
      await LinkKey.create({ _id: LINK_KEY_ID, secret: randomBytes(32).toString('base64url') });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const decided = await LinkKey.findById(LINK_KEY_ID).lean();
    if (!decided) throw new Error('the file link key could not be stored');
    return decided.secret;
  };
  return {
    async save(file) {
      const id = randomBytes(12).toString('base64url');
      await SharedFile.create({ _id: id, ...file });
      return { id, ...file };
    },
    async get(id) {
      if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{16}$/.test(id)) return null;
      const doc = await SharedFile.findById(id).lean();
      if (!doc) return null;
      const { _id, ...rest } = doc;
      // The driver hands binary data back as a BSON Binary; the link serves plain bytes.
      const content = Buffer.isBuffer(rest.content)
        ? rest.content
        : Buffer.from((rest.content as unknown as { buffer: Uint8Array }).buffer);
      return { id: _id, ...rest, content };
    },
    signingSecret() {
      secret ??= readOrCreateSecret().catch((error: unknown) => {
        secret = undefined;
        throw error;
      });
      return secret;
    },
    purge(now) {
      return deleteInSlices(SharedFile, 'expiresAt', now);
    },
  };
}
