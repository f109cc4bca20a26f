import type { webApi } from '@slack/bolt';
import type { Actor } from '../../../services/service-api';
import { homeView } from '../../blocks/home';
import type { SlackDeps } from '../../deps';

/** Builds and publishes a person's Home tab (views.publish replaces it whole). */
export async function publishHome(deps: SlackDeps, client: webApi.WebClient, actor: Actor): Promise<void> {
  const userId = actor.person.slackUserId;
  if (!userId) return;
  const home = await deps.services.dashboard.home(actor);
  await client.views.publish({ user_id: userId, view: homeView(home, deps.clock()) });
}
