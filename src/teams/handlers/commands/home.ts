import { homeFollowUps as sharedFollowUps } from '../../../chat/home';
import type { Actor, HomeView } from '../../../services/service-api';
import { type HomeFollowUps, homeCard } from '../../cards/list-cards';
import { viewOf } from '../context';
import type { CommandHandler, TeamsHandlerDeps } from '../types';

/**
 * `steward home` stands in for Slack's App Home: check-ins, contracts and escalations, and for the contract
 * team the owned contracts' obligations due soon and risks due for review. Both are internal, so a vendor,
 * or anyone in a place shared with one, gets the first part only.
 */
export const showHome: CommandHandler<'home'> = async ({ actor, conversation, deps }) => {
  const home = await deps.services.dashboard.home(actor);
  const internal = !actor.external && !actor.channel?.shared;
  const followUps = internal ? await homeFollowUps(deps, actor, home) : undefined;
  return { card: homeCard(home, followUps, viewOf(conversation)) };
};

/** The home card's obligations and risks for the contract team (src/chat/home.ts). */
export function homeFollowUps(deps: TeamsHandlerDeps, actor: Actor, home: HomeView): Promise<HomeFollowUps> {
  return sharedFollowUps(deps.services, actor, home.ownedContracts, deps.clock(), (error, reference) =>
    deps.logger.warn({ err: error, contractRef: reference }, 'home card: could not read obligations or risks'),
  );
}
