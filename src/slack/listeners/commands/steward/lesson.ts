import { lessonRecorded } from '../../../blocks/closeout';
import type { SubcommandContext } from './context';

/** The lesson is the rest of the command as typed; the service checks the author took part in the contract. */
export async function runLesson(ctx: SubcommandContext, reference: string, text: string): Promise<void> {
  const lesson = await ctx.deps.services.closeout.recordLesson(ctx.actor, reference, { text });
  await ctx.reply({ text: lessonRecorded(lesson) });
}
