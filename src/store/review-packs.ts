import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import type { IsoDate, Person } from '../domain/types';
import { baseOptions, defineModel, exactText, isDuplicateKey, personSchema, toRecord, withSafeQueries } from './shared';

/** A quarterly review pack Steward posted (or is posting) for one contract and quarter. */
export interface ReviewPackRecord {
  id: string;
  contractRef: string;
  quarterKey: string;
  reviewDate: IsoDate;
  /** The replica that won the insert and posts the pack. */
  postedBy: string;
  /** The messages the pack was posted as, to reply in their threads. */
  messages: Array<{ surface: 'slack' | 'teams'; channelId: string; messageId: string; purpose: string }>;
  createdAt: Date;
}

/** What a governance review decided, recorded against the contract's latest pack. */
export interface ReviewDecisionRecord {
  id: string;
  contractRef: string;
  /** The review it was taken at. */
  quarterKey: string;
  text: string;
  owner: Person;
  dueDate: IsoDate;
  recordedBy: Person;
  recordedAt: Date;
}

export function createReviewPackModels(connection: Connection, clock: Clock) {
  const pack = new Schema<Omit<ReviewPackRecord, 'id'>>(
    {
      contractRef: { type: String, required: true },
      quarterKey: { type: String, required: true },
      reviewDate: { type: String, required: true },
      postedBy: { type: String, required: true },
      messages: {
        type: [
          new Schema(
            {
              surface: { type: String, required: true },
              channelId: { type: String, required: true },
              messageId: { type: String, required: true },
              purpose: { type: String, required: true },
            },
            { _id: false },
          ),
        ],
        default: [],
      },
      createdAt: { type: Date, required: true },
    },
    baseOptions(clock, 'review_packs', false),
  );
  // One pack per contract and quarter across replicas: a unique insert decides, never an upsert race.
  pack.index({ contractRef: 1, quarterKey: 1 }, { unique: true });
  // A reply in a pack's thread finds its pack by the message it replies to.
  pack.index({ 'messages.messageId': 1 });
  const decision = new Schema<Omit<ReviewDecisionRecord, 'id'>>(
    {
      contractRef: { type: String, required: true },
      quarterKey: { type: String, required: true },
      text: { type: String, required: true },
      owner: { type: personSchema, required: true },
      dueDate: { type: String, required: true },
      recordedBy: { type: personSchema, required: true },
      recordedAt: { type: Date, required: true },
    },
    baseOptions(clock, 'review_decisions', false),
  );
  decision.index({ contractRef: 1, recordedAt: 1 });
  return {
    ReviewPack: defineModel(connection, 'ReviewPack', withSafeQueries(pack)),
    ReviewDecision: defineModel(connection, 'ReviewDecision', withSafeQueries(decision)),
  };
}

export type ReviewPackModels = ReturnType<typeof createReviewPackModels>;

export interface ReviewPackRepository {
  /** True for exactly one caller across replicas per contract and quarter. */
  claim(input: { contractRef: string; quarterKey: string; reviewDate: IsoDate; postedBy: string }): Promise<boolean>;
  release(contractRef: string, quarterKey: string): Promise<void>;
  setMessages(contractRef: string, quarterKey: string, messages: ReviewPackRecord['messages']): Promise<void>;
  /** The pack posted as the message `messageId` in `channelId`, to know which pack a reply in its thread is about. */
  findByMessage(surface: 'slack' | 'teams', channelId: string, messageId: string): Promise<ReviewPackRecord | null>;
  /** The contract's packs, newest quarter first. */
  listForContract(contractRef: string): Promise<ReviewPackRecord[]>;
  addDecision(input: Omit<ReviewDecisionRecord, 'id' | 'recordedAt'>): Promise<ReviewDecisionRecord>;
  /** Oldest first. */
  decisionsForContract(contractRef: string): Promise<ReviewDecisionRecord[]>;
}

export function createReviewPackRepository(
  { ReviewPack, ReviewDecision }: ReviewPackModels,
  clock: Clock,
): ReviewPackRepository {
  const key = (contractRef: string, quarterKey: string) => ({
    contractRef: exactText(contractRef, 'contractRef'),
    quarterKey: exactText(quarterKey, 'quarterKey'),
  });
  return {
    async claim(input) {
      try {
        await ReviewPack.create({ ...input, ...key(input.contractRef, input.quarterKey), createdAt: clock() });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async release(contractRef, quarterKey) {
      await ReviewPack.deleteOne(key(contractRef, quarterKey));
    },
    async setMessages(contractRef, quarterKey, messages) {
      await ReviewPack.updateOne(key(contractRef, quarterKey), { $set: { messages } });
    },
    async findByMessage(surface, channelId, messageId) {
      const docs = await ReviewPack.find({ 'messages.messageId': exactText(messageId, 'messageId') }).lean();
      const found = docs
        .map((doc) => toRecord<ReviewPackRecord>(doc))
        .find((pack) =>
          pack.messages.some(
            (message) =>
              message.surface === surface && message.channelId === channelId && message.messageId === messageId,
          ),
        );
      return found ?? null;
    },
    async listForContract(contractRef) {
      const docs = await ReviewPack.find({ contractRef: exactText(contractRef, 'contractRef') }).lean();
      return docs
        .map((doc) => toRecord<ReviewPackRecord>(doc))
        .sort((a, b) => (a.quarterKey < b.quarterKey ? 1 : a.quarterKey > b.quarterKey ? -1 : 0));
    },
    async addDecision(input) {
      const created = await ReviewDecision.create({ ...input, recordedAt: clock() });
      return toRecord<ReviewDecisionRecord>(created.toObject());
    },
    async decisionsForContract(contractRef) {
      const docs = await ReviewDecision.find({ contractRef: exactText(contractRef, 'contractRef') })
        .sort({ recordedAt: 1 })
        .lean();
      return docs.map((doc) => toRecord<ReviewDecisionRecord>(doc));
    },
  };
}
