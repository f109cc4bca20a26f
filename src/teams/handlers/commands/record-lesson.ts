import type { CommandHandler } from '../types';

/** `steward lesson REF text…`: kept per vendor and category, and shown when a similar contract is created. */
export const recordLesson: CommandHandler<'lesson'> = async ({ command, actor, deps }) => {
  const lesson = await deps.services.closeout.recordLesson(actor, command.reference, command.text);
  const where = lesson.category ? `${lesson.vendorName} or ${lesson.category}` : lesson.vendorName;
  return {
    text: `Recorded your lesson on ${lesson.contractRef}. It is shown when a contract with ${where} is created.`,
  };
};
