import { isStewardError, StewardError } from '../../../domain/errors';
import type { KickoffView } from '../../../services/service-api';
import type { FormProblem } from '../../cards/forms';
import type { CommandArgs } from '../types';

/**
 * Who holds the roles and the escalation path now, to prefill the forms: setGovernance and
 * setEscalationPath replace what is there, so a form that showed nothing would clear what it did not show.
 * The kickoff checklist has both and checks access; a refusal (no such contract, not yours) is the answer.
 * In a vendor-shared place it gives the vendor view only, and the form would show internal people to the
 * vendor, so it is refused there. When it cannot be read, the form comes empty with a warning. Anyone who may
 * not change the contract is refused before any of that.
 */
export type CurrentSetup = { view: KickoffView; notice?: undefined } | { view?: undefined; notice: FormProblem };

export async function currentSetup(args: CommandArgs, reference: string, what: string): Promise<CurrentSetup> {
  // Only the contract's managers may save the form, so nobody else is given it to fill in.
  await args.deps.services.contracts.requireManager(args.actor, reference);
  let view: KickoffView;
  try {
    view = await args.deps.services.kickoff.checklist(args.actor, reference);
  } catch (error) {
    if (isStewardError(error)) throw error;
    args.deps.logger.warn({ err: error }, `could not read the current ${what} to prefill the Teams form`);
    return warning(`Steward could not load the current ${what}, so the form is empty. Saving replaces them all.`);
  }
  if (view.vendorView) {
    throw new StewardError(
      'forbidden',
      `This place is shared with the vendor, so Steward does not show the ${what} here. Type the command in your chat with Steward.`,
    );
  }
  return { view };
}

function warning(message: string): CurrentSetup {
  return { notice: { message, fieldErrors: {}, values: {} } };
}
