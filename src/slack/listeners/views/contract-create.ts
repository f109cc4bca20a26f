import { CONTRACT_FORM, contractInput, fieldOfError } from '../../../chat/forms';
import type { Actor, LessonView } from '../../../services/service-api';
import { lessonsText } from '../../blocks/closeout';
import { readForm } from '../../blocks/form';
import { escapeMrkdwn } from '../../blocks/mrkdwn';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

function nextSteps(reference: string): string {
  const ref = escapeMrkdwn(reference);
  return `Next: \`/steward kpi ${ref}\` to add KPIs, \`/steward roles ${ref}\`, \`/steward path ${ref}\`, and \`/steward link ${ref} internal\` in the team's channel.`;
}

export function contractCreate(deps: SlackDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const values = readViewValues(view);
    await submitModal({
      ack,
      view,
      body,
      client,
      deps,
      alias: (key) => fieldOfError(CONTRACT_FORM, key)?.field,
      run: async () => {
        const context = modalContextOf(view);
        const actor = await submitter(deps, body, context);
        const contract = await deps.services.contracts.create(actor, contractInput(readForm(CONTRACT_FORM, values)));
        return { contract, context, actor };
      },
      after: async ({ contract, context, actor }) => {
        const lessons = await earlierLessons(deps, actor, contract.reference);
        await confirmPrivately(
          client,
          body.user.id,
          context.channelId,
          `:white_check_mark: Created *${escapeMrkdwn(contract.reference)}* · ${escapeMrkdwn(contract.title)}. ${nextSteps(contract.reference)}${lessonsText(lessons)}`,
        );
      },
      lateMessage: ({ contract }) => `Contract ${contract.reference} was created.`,
    });
  };
}

/**
 * Lessons from earlier contracts with the same vendor or category, for the confirmation. They are internal, so
 * they are not asked for where the vendor could read the answer; a failure costs the lessons, not the confirmation.
 */
async function earlierLessons(deps: SlackDeps, actor: Actor, reference: string): Promise<LessonView[]> {
  if (actor.external || actor.channel?.shared) return [];
  try {
    return await deps.services.closeout.lessonsFor(actor, reference);
  } catch (error) {
    deps.logger.warn({ err: error, contractRef: reference }, 'could not read lessons for a new contract');
    return [];
  }
}
