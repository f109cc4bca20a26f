import type { AllMiddlewareArgs, BlockAction, RespondFn } from '@slack/bolt';
import { decodeChoice } from '../../../chat/contract-choices';
import { StewardError } from '../../../domain/errors';
import type { SlackDeps } from '../../deps';
import { runTyped } from '../commands/steward-command';
import type { ButtonArgs } from './button-args';

/**
 * "Open" beside a contract offered for a command given none or part of a reference: runs that command for the
 * contract chosen, as if typed, and answers privately the way the command does.
 */
export function contractPick(deps: SlackDeps) {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    await runChoice(deps, { body, respond, client }, action.value);
  };
}

/** Runs the command a choice carries (encodeChoice) for the person who made it; shared with the contract picker. */
export async function runChoice(
  deps: SlackDeps,
  { body, respond, client }: { body: BlockAction; respond: RespondFn; client: AllMiddlewareArgs['client'] },
  value: unknown,
): Promise<void> {
  const choice = decodeChoice(value);
  if (!choice) throw new StewardError('validation', 'That choice has expired. Type the command again.');
  const actor = await deps.actors.fromInteraction(body);
  await runTyped(
    {
      deps,
      actor,
      client,
      // What the command's handlers read of a slash command, taken from the button press.
      payload: {
        text: choice.text,
        command: '/steward',
        channel_id: body.channel?.id ?? '',
        channel_name: body.channel?.name ?? '',
        user_id: body.user.id,
        user_name: body.user.name ?? body.user.username ?? '',
        team_id: body.user.team_id ?? body.team?.id ?? '',
        team_domain: body.team?.domain ?? '',
        trigger_id: body.trigger_id,
        response_url: body.response_url ?? '',
        api_app_id: body.api_app_id,
        token: '',
      } as never,
      reply: async (message) => {
        await respond({ response_type: 'ephemeral', replace_original: false, ...message });
      },
    },
    choice.text,
  );
}
