import { addDays, localDate } from '../../../domain/local-time';
import type { Actor, HomeView, ObligationView, RiskView } from '../../../services/service-api';
import { type HomeFollowUps, homeCard } from '../../cards/list-cards';
import type { CommandHandler, TeamsHandlerDeps } from '../types';

/** How far ahead "due soon" and "to review" look, as on Slack's Home tab. */
export const HOME_HORIZON_DAYS = 14;
/** Contracts whose obligations and risks are read for one home card: two service calls each. */
const FOLLOWED_CONTRACTS = 20;

/**
 * `steward home` stands in for Slack's App Home: check-ins, contracts and escalations, and for the contract
 * team the owned contracts' obligations due soon and risks due for review. Both are internal, so a vendor,
 * or anyone in a place shared with one, gets the first part only.
 */
export const showHome: CommandHandler<'home'> = async ({ actor, deps }) => {
  const home = await deps.services.dashboard.home(actor);
  const internal = !actor.external && !actor.channel?.shared;
  return { card: homeCard(home, internal ? await homeFollowUps(deps, actor, home) : undefined) };
};

/**
 * Through the same list calls as `steward obligations` and `steward risks`. A contract whose lists fail is
 * left out (and logged) rather than costing the whole card.
 */
export async function homeFollowUps(deps: TeamsHandlerDeps, actor: Actor, home: HomeView): Promise<HomeFollowUps> {
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
        deps.logger.warn({ err: error, contractRef: reference }, 'home card: could not read obligations or risks');
        return { obligations: [] as ObligationView[], risks: [] as RiskView[] };
      }
    }),
  );
  return {
    obligations: lists
      .flatMap((list) => list.obligations)
      .filter((obligation) => obligation.overdue || obligation.dueDate <= until)
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate)),
    risks: lists
      .flatMap((list) => list.risks)
      .filter((risk) => risk.reviewDate <= until)
      .sort((a, b) => a.reviewDate.localeCompare(b.reviewDate) || b.score - a.score),
    horizonDays: HOME_HORIZON_DAYS,
  };
}
