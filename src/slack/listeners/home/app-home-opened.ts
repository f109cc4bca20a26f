import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { publishHome } from './publish-home';

/** Opening Steward's Home tab shows pending check-ins, owned contracts and open escalations. */
export function appHomeOpened(deps: SlackDeps) {
  return async ({
    event,
    body,
    client,
  }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>): Promise<void> => {
    // The same event fires for the Messages tab; only the Home tab needs a view.
    if (event.tab !== 'home') return;
    const actor = await deps.actors.fromEvent({ userId: event.user, envelope: body });
    await publishHome(deps, client, actor);
  };
}
