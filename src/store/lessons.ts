import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import type { LessonRecord, NewLesson } from './records';
import { baseOptions, defineModel, exactText, normalizeName, personSchema, toRecord, withSafeQueries } from './shared';

type LessonDoc = Omit<LessonRecord, 'id'> & { vendorKey: string };

export function createLessonModel(connection: Connection, clock: Clock) {
  const schema = new Schema<LessonDoc>(
    {
      contractRef: { type: String, required: true },
      vendorName: { type: String, required: true },
      vendorKey: { type: String, required: true },
      category: String,
      text: { type: String, required: true },
      author: { type: personSchema, required: true },
      createdAt: { type: Date, required: true },
    },
    baseOptions(clock, 'lessons', false),
  );
  schema.index({ contractRef: 1, createdAt: -1 });
  // "What did we learn with this vendor / in this category" when a new contract starts.
  schema.index({ vendorKey: 1, createdAt: -1 });
  schema.index({ category: 1, createdAt: -1 });
  return defineModel(connection, 'Lesson', withSafeQueries(schema));
}

export type LessonModel = ReturnType<typeof createLessonModel>;

export interface LessonRepository {
  add(input: NewLesson): Promise<LessonRecord>;
  /** Newest first. */
  listForContract(contractRef: string): Promise<LessonRecord[]>;
  /** Every lesson about a vendor, matched without case, newest first. */
  listForVendor(vendorName: string, options?: { limit?: number }): Promise<LessonRecord[]>;
  listForCategory(category: string, options?: { limit?: number }): Promise<LessonRecord[]>;
}

const PUBLIC_FIELDS = { vendorKey: 0 };

export function createLessonRepository(Lesson: LessonModel, clock: Clock): LessonRepository {
  const list = async (query: Record<string, unknown>, limit = 0) =>
    (await Lesson.find(query).select(PUBLIC_FIELDS).sort({ createdAt: -1 }).limit(limit).lean()).map((d) =>
      toRecord<LessonRecord>(d),
    );
  return {
    async add(input) {
      const created = await Lesson.create({
        ...input,
        contractRef: exactText(input.contractRef, 'contractRef'),
        vendorKey: normalizeName(exactText(input.vendorName, 'vendorName')),
        createdAt: clock(),
      });
      const { vendorKey: _key, ...lesson } = created.toObject();
      return toRecord<LessonRecord>(lesson);
    },
    async listForContract(contractRef) {
      return list({ contractRef: exactText(contractRef, 'contractRef') });
    },
    async listForVendor(vendorName, options = {}) {
      return list({ vendorKey: normalizeName(exactText(vendorName, 'vendorName')) }, options.limit);
    },
    async listForCategory(category, options = {}) {
      return list({ category: exactText(category, 'category') }, options.limit);
    },
  };
}
