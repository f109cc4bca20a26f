import type { webApi } from '@slack/bolt';
import { addDays, localDate } from '../../../domain/local-time';
import type { Actor, HomeView, ObligationView, RiskView } from '../../../services/service-api';
import { type HomeFollowUps, homeView } from '../../blocks/home';
import type { SlackDeps } from '../../deps';

/** How far ahead "due soon" and "to review" look. */
export const HOME_HORIZON_DAYS = 14;
/** Contracts whose obligations and risks are read for one Home tab: two service calls each. */
const FOLLOWED_CONTRACTS = 20;

/** Builds and publishes a person's Home tab (views.publish replaces it whole). */
export async function publishHome(deps: SlackDeps, client: webApi.WebClient, actor: Actor): Promise<void> {
  const userId = actor.person.slackUserId;
  if (!userId) return;
  const home = await deps.services.dashboard.home(actor);
  const followUps = actor.external ? undefined : await homeFollowUps(deps, actor, home);
  await client.views.publish({ user_id: userId, view: homeView(home, deps.clock(), followUps) });
}

/**
 * Obligations due within the horizon (or overdue) and open risks due for review, on the contracts the person
 * owns, through the same list calls as `/steward obligations` and `/steward risks`. A contract whose lists
 * fail is left out (and logged) rather than costing the whole tab.
 */
export async function homeFollowUps(deps: SlackDeps, actor: Actor, home: HomeView): Promise<HomeFollowUps> {
  // Each contract's own dates are compared as text; a day either way of the horizon does not matter here.
  const until = addDays(localDate(deps.clock(), 'UTC'), HOME_HORIZON_DAYS);
  const references = home.ownedContracts
    .filter((contract) => contract.status !== 'closed' && contract.status !== 'terminated')
    .slice(0, FOLLOWED_CONTRACTS)
    .map((contract) => contract.reference);
  const lists = await Promise.all(
    references.map(async (reference) => {
      try {
        const [obligations, risks] = await Promise.all([
          deps.services.obligations.list(actor, reference, { open: true }),
          deps.services.risks.list(actor, reference),
        ]);
        return { obligations, risks };
      } catch (error) {
        deps.logger.warn({ err: error, contractRef: reference }, 'Home tab: could not read obligations or risks');
        return { obligations: [] as ObligationView[], risks: [] as RiskView[] };
      }
    }),
  );
  const obligations = lists
    .flatMap((list) => list.obligations)
    .filter((obligation) => obligation.overdue || obligation.dueDate <= until)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const risks = lists
    .flatMap((list) => list.risks)
    .filter((risk) => risk.reviewDate <= until)
    .sort((a, b) => a.reviewDate.localeCompare(b.reviewDate) || b.score - a.score);
  return { obligations, risks, horizonDays: HOME_HORIZON_DAYS };
}
