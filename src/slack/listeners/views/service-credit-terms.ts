import { CREDIT_TERMS_FORM, creditTermsErrors, creditTermsInput } from '../../../chat/forms';
import { isStewardError } from '../../../domain/errors';
import { readForm } from '../../blocks/form';
import { serviceCreditTermsSaved } from '../../blocks/service-credits';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

/** A negative fee, a cap over 100% or a rule for a KPI the contract lacks is refused on its field (rules by line). */
export function serviceCreditTerms(deps: SlackDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const values = readViewValues(view);
    await submitModal({
      ack,
      view,
      body,
      client,
      deps,
      run: async () => {
        const context = modalContextOf(view);
        const actor = await submitter(deps, body, context);
        const form = creditTermsInput(readForm(CREDIT_TERMS_FORM, values));
        try {
          const terms = await deps.services.serviceCredits.setTerms(actor, context.subject, form.input);
          return { terms, context };
        } catch (error) {
          throw isStewardError(error) && error.code === 'validation' ? creditTermsErrors(error, form.lineOf) : error;
        }
      },
      after: async ({ terms, context }) => {
        await confirmPrivately(client, body.user.id, context.channelId, serviceCreditTermsSaved(terms));
      },
      lateMessage: ({ terms }) => `The service credit terms of ${terms.contractRef} were saved.`,
    });
  };
}
