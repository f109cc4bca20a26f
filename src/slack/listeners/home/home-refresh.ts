import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { publishHome } from './publish-home';

export function homeRefresh(deps: SlackDeps) {
  return async ({
    ack,
    body,
    client,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> => {
    await ack();
    const actor = await deps.actors.fromInteraction(body);
    await publishHome(deps, client, actor);
  };
}
