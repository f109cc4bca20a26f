import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { baseOptions, defineModel, exactText, isDuplicateKey, op, withSafeQueries } from './shared';

/**
 * What the Teams surface must remember to reach a conversation again after a restart: the conversation
 * reference (Teams posts to the service URL its activities came from), and the cards it posted (the
 * prompt key, to find a prompt already posted, and the last view shown, to draw a grouped card again).
 *
 * References are upserted by conversation id and the last writer wins: every inbound activity carries a
 * complete, current reference, so an older one losing a race is harmless. Messages are keyed by
 * (conversation, message id); their first save decides `postedAt` and the prompt key.
 */
export interface TeamsConversationRecord {
  conversationId: string;
  serviceUrl: string;
  conversationType?: string;
  tenantId?: string;
  bot: { id: string; name?: string };
  /** Personal chats: the person's Entra object id. */
  userAadObjectId?: string;
  updatedAt: Date;
}

export type TeamsMessageKind = 'checkin-prompt' | 'escalation';

export interface TeamsMessageRecord {
  conversationId: string;
  messageId: string;
  threadId?: string;
  serviceUrl?: string;
  kind: TeamsMessageKind;
  promptKey?: string;
  postedAt: Date;
  /** The surface's own view model, stored as given (the store does not read it). */
  view: Record<string, unknown>;
}

export interface SaveTeamsMessage {
  conversationId: string;
  messageId: string;
  threadId?: string;
  serviceUrl?: string;
  kind: TeamsMessageKind;
  /** Kept from the first save that gives one; later saves only replace the view. */
  promptKey?: string;
  view: object;
}

export interface TeamsConversationRepository {
  saveReference(reference: TeamsConversationRecord): Promise<void>;
  reference(conversationId: string): Promise<TeamsConversationRecord | null>;
  /** The newest personal chat with this person, matched without case. */
  personalChatOf(aadObjectId: string): Promise<TeamsConversationRecord | null>;
  /** The most recently refreshed reference of any conversation. */
  latestReference(): Promise<TeamsConversationRecord | null>;
  saveMessage(message: SaveTeamsMessage): Promise<void>;
  message(conversationId: string, messageId: string, kind: TeamsMessageKind): Promise<TeamsMessageRecord | null>;
  /** A prompt posted in the conversation with this key at or after `since`. */
  findPrompt(conversationId: string, promptKey: string, since: Date): Promise<TeamsMessageRecord | null>;
  /** Forgets cards posted before `before` (their buttons still work; only the redraw of a grouped card is lost). */
  forgetMessagesBefore(before: Date): Promise<number>;
  readonly models: ReadonlyArray<{ syncIndexes(): Promise<unknown> }>;
}

type ConversationDoc = Omit<TeamsConversationRecord, 'userAadObjectId'> & {
  userAadObjectId?: string;
  /** Lower-cased object id, for the lookup. */
  userKey?: string;
};

type MessageDoc = TeamsMessageRecord & { updatedAt: Date };

export function createTeamsConversationRepository(connection: Connection, clock: Clock): TeamsConversationRepository {
  const conversations = new Schema<ConversationDoc>(
    {
      conversationId: { type: String, required: true },
      serviceUrl: { type: String, required: true },
      conversationType: String,
      tenantId: String,
      bot: { type: new Schema({ id: { type: String, required: true }, name: String }, { _id: false }), required: true },
      userAadObjectId: String,
      userKey: String,
      updatedAt: { type: Date, required: true },
    },
    baseOptions(clock, 'teams_conversations', false),
  );
  conversations.index({ conversationId: 1 }, { unique: true });
  conversations.index({ userKey: 1, updatedAt: -1 });
  conversations.index({ updatedAt: -1 });
  const Conversation = defineModel(connection, 'TeamsConversation', withSafeQueries(conversations));

  const messages = new Schema<MessageDoc>(
    {
      conversationId: { type: String, required: true },
      messageId: { type: String, required: true },
      threadId: String,
      serviceUrl: String,
      kind: { type: String, enum: ['checkin-prompt', 'escalation'], required: true },
      promptKey: String,
      postedAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
      view: { type: Schema.Types.Mixed, required: true },
    },
    // Mixed views keep empty objects as given.
    { ...baseOptions(clock, 'teams_messages', false), minimize: false },
  );
  messages.index({ conversationId: 1, messageId: 1 }, { unique: true });
  messages.index({ conversationId: 1, promptKey: 1, postedAt: -1 });
  messages.index({ postedAt: 1 });
  const Message = defineModel(connection, 'TeamsMessage', withSafeQueries(messages));

  const toReference = (doc: ConversationDoc | null): TeamsConversationRecord | null => {
    if (!doc) return null;
    const reference: TeamsConversationRecord = {
      conversationId: doc.conversationId,
      serviceUrl: doc.serviceUrl,
      bot: { id: doc.bot.id, ...(doc.bot.name ? { name: doc.bot.name } : {}) },
      updatedAt: doc.updatedAt,
    };
    if (doc.conversationType) reference.conversationType = doc.conversationType;
    if (doc.tenantId) reference.tenantId = doc.tenantId;
    if (doc.userAadObjectId) reference.userAadObjectId = doc.userAadObjectId;
    return reference;
  };

  const toMessage = (doc: MessageDoc | null): TeamsMessageRecord | null => {
    if (!doc) return null;
    const record: TeamsMessageRecord = {
      conversationId: doc.conversationId,
      messageId: doc.messageId,
      kind: doc.kind,
      postedAt: doc.postedAt,
      view: doc.view,
    };
    if (doc.threadId) record.threadId = doc.threadId;
    if (doc.serviceUrl) record.serviceUrl = doc.serviceUrl;
    if (doc.promptKey) record.promptKey = doc.promptKey;
    return record;
  };

  /**
   * An upsert on a unique key. Two replicas upserting the same new key at once may both try to insert
   * (FerretDB does not make upserts atomic); the unique index refuses one, which then updates the
   * document the other inserted.
   */
  const upsert = async (run: () => Promise<unknown>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await run();
    }
  };

  const PROJECTION = { _id: 0, userKey: 0 };

  return {
    models: [Conversation, Message],

    async saveReference(reference) {
      const conversationId = exactText(reference.conversationId, 'conversationId');
      const set: Record<string, unknown> = {
        serviceUrl: exactText(reference.serviceUrl, 'serviceUrl'),
        bot: { id: exactText(reference.bot.id, 'bot.id'), ...(reference.bot.name ? { name: reference.bot.name } : {}) },
        updatedAt: reference.updatedAt,
      };
      if (reference.conversationType) set.conversationType = exactText(reference.conversationType, 'conversationType');
      if (reference.tenantId) set.tenantId = exactText(reference.tenantId, 'tenantId');
      if (reference.userAadObjectId) {
        set.userAadObjectId = exactText(reference.userAadObjectId, 'userAadObjectId');
        set.userKey = reference.userAadObjectId.toLowerCase();
      }
      await upsert(() => Conversation.updateOne({ conversationId }, { $set: set }, { upsert: true }));
    },

    async reference(conversationId) {
      const doc = await Conversation.findOne({ conversationId: exactText(conversationId, 'conversationId') })
        .select(PROJECTION)
        .lean<ConversationDoc>();
      return toReference(doc);
    },

    async personalChatOf(aadObjectId) {
      const doc = await Conversation.findOne({
        userKey: exactText(aadObjectId, 'aadObjectId').toLowerCase(),
        conversationType: 'personal',
      })
        .sort({ updatedAt: -1 })
        .select(PROJECTION)
        .lean<ConversationDoc>();
      return toReference(doc);
    },

    async latestReference() {
      const doc = await Conversation.findOne({}).sort({ updatedAt: -1 }).select(PROJECTION).lean<ConversationDoc>();
      return toReference(doc);
    },

    async saveMessage(message) {
      const key = {
        conversationId: exactText(message.conversationId, 'conversationId'),
        messageId: exactText(message.messageId, 'messageId'),
      };
      const now = clock();
      const set: Record<string, unknown> = { kind: message.kind, view: storable(message.view), updatedAt: now };
      if (message.threadId) set.threadId = exactText(message.threadId, 'threadId');
      if (message.serviceUrl) set.serviceUrl = exactText(message.serviceUrl, 'serviceUrl');
      const setOnInsert: Record<string, unknown> = { postedAt: now };
      if (message.promptKey) setOnInsert.promptKey = exactText(message.promptKey, 'promptKey');
      await upsert(() => Message.updateOne(key, { $set: set, $setOnInsert: setOnInsert }, { upsert: true }));
    },

    async message(conversationId, messageId, kind) {
      const doc = await Message.findOne({
        conversationId: exactText(conversationId, 'conversationId'),
        messageId: exactText(messageId, 'messageId'),
        kind,
      })
        .select({ _id: 0 })
        .lean<MessageDoc>();
      return toMessage(doc);
    },

    async findPrompt(conversationId, promptKey, since) {
      const wanted = exactText(promptKey, 'promptKey');
      const docs = await Message.find({
        conversationId: exactText(conversationId, 'conversationId'),
        kind: 'checkin-prompt',
        postedAt: op({ $gte: since }),
      })
        .sort({ postedAt: -1 })
        .select({ _id: 0 })
        .lean<MessageDoc[]>();
      // A grouped card's key lists the ids of every check-in on it; any of them finds it.
      return toMessage(docs.find((doc) => doc.promptKey?.split(',').includes(wanted)) ?? null);
    },

    async forgetMessagesBefore(before) {
      const result = await Message.deleteMany({ postedAt: op({ $lt: before }) });
      return result.deletedCount;
    },
  };
}

/**
 * A view as the database can keep it: `undefined` is left out (the driver would write null), Dates stay
 * Dates. Views are the surface's own objects, but keys with `.` or a leading `$` are refused by FerretDB,
 * so such keys are dropped rather than failing the save.
 */
function storable(value: unknown): unknown {
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(storable);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || key.includes('.') || key.startsWith('$')) continue;
    out[key] = storable(item);
  }
  return out;
}
