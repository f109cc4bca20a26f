import type { webApi } from '@slack/bolt';
import { homeFollowUps as sharedFollowUps } from '../../../chat/home';
import type { Actor, HomeView } from '../../../services/service-api';
import { type HomeFollowUps, homeView } from '../../blocks/home';
import type { SlackDeps } from '../../deps';

/** Builds and publishes a person's Home tab (views.publish replaces it whole). */
export async function publishHome(deps: SlackDeps, client: webApi.WebClient, actor: Actor): Promise<void> {
  const userId = actor.person.slackUserId;
  if (!userId) return;
  const home = await deps.services.dashboard.home(actor);
  const followUps = actor.external ? undefined : await homeFollowUps(deps, actor, home);
  await client.views.publish({ user_id: userId, view: homeView(home, deps.clock(), followUps) });
}

/** The Home tab's obligations and risks for the contract team (src/chat/home.ts). */
export function homeFollowUps(deps: SlackDeps, actor: Actor, home: HomeView): Promise<HomeFollowUps> {
  return sharedFollowUps(deps.services, actor, home.ownedContracts, deps.clock(), (error, reference) =>
    deps.logger.warn({ err: error, contractRef: reference }, 'Home tab: could not read obligations or risks'),
  );
}
