import { escapeMrkdwn } from '../../blocks/mrkdwn';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { contractErrorAlias, contractInput } from '../../service-inputs';
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
      alias: contractErrorAlias,
      run: async () => {
        const context = modalContextOf(view);
        const actor = await submitter(deps, body, context);
        const contract = await deps.services.contracts.create(actor, contractInput(values));
        return { contract, context };
      },
      after: async ({ contract, context }) => {
        await confirmPrivately(
          client,
          body.user.id,
          context.channelId,
          `:white_check_mark: Created *${escapeMrkdwn(contract.reference)}* · ${escapeMrkdwn(contract.title)}. ${nextSteps(contract.reference)}`,
        );
      },
      lateMessage: ({ contract }) => `Contract ${contract.reference} was created.`,
    });
  };
}
