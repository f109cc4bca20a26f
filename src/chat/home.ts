import { addDays, localDate } from '../domain/local-time';

/** How far ahead "due soon" and "to review" look on the home of both surfaces. */
export const HOME_HORIZON_DAYS = 14;
/** Contracts whose obligations and risks are read for one home: two service calls each. */
const FOLLOWED_CONTRACTS = 20;

interface Obligation {
  overdue: boolean;
  dueDate: string;
}
interface Risk {
  reviewDate: string;
  score: number;
}

/** The two list calls the follow-ups are read through (the services' obligations.list and risks.list). */
export interface FollowUpCalls<Caller, O extends Obligation, R extends Risk> {
  obligations: { list(actor: Caller, reference: string, options: { open: true }): Promise<O[]> };
  risks: { list(actor: Caller, reference: string): Promise<R[]> };
}

/**
 * What home adds for the contract team, on Slack's Home tab and `home` alike: the owned contracts' obligations
 * due within the horizon (or overdue) and risks due for review, through the same list calls as `obligations`
 * and `risks`. A contract whose lists fail is left out (and `onError` told) rather than costing the whole home.
 */
export async function homeFollowUps<Caller, O extends Obligation, R extends Risk>(
  services: FollowUpCalls<Caller, O, R>,
  actor: Caller,
  owned: ReadonlyArray<{ reference: string; status: string }>,
  now: Date,
  onError: (error: unknown, reference: string) => void,
): Promise<{ obligations: O[]; risks: R[]; horizonDays: number }> {
  // Each contract's own dates are compared as text; a day either way of the horizon does not matter here.
  const until = addDays(localDate(now, 'UTC'), HOME_HORIZON_DAYS);
  const references = owned
    .filter((contract) => contract.status !== 'closed' && contract.status !== 'terminated')
    .slice(0, FOLLOWED_CONTRACTS)
    .map((contract) => contract.reference);
  const lists = await Promise.all(
    references.map(async (reference) => {
      try {
        const [obligations, risks] = await Promise.all([
          services.obligations.list(actor, reference, { open: true }),
          services.risks.list(actor, reference),
        ]);
        return { obligations, risks };
      } catch (error) {
        onError(error, reference);
        return { obligations: [] as O[], risks: [] as R[] };
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
