import { formInput, VALUE_FORM } from '../../../chat/forms';
import { readForm } from '../../blocks/form';
import { valueRecorded } from '../../blocks/value';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

export function valueRecordSubmit(deps: SlackDeps) {
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
        const record = await deps.services.value.record(
          actor,
          context.subject,
          formInput(VALUE_FORM, readForm(VALUE_FORM, values)),
        );
        return { record, context };
      },
      after: async ({ record, context }) => {
        await confirmPrivately(client, body.user.id, context.channelId, valueRecorded(record));
      },
      lateMessage: ({ record }) => `Value for ${record.contractRef}, ${record.periodKey}, was recorded.`,
    });
  };
}
