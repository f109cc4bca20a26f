import { valueRecorded } from '../../blocks/value';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { valueInput } from '../../service-inputs';
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
        const record = await deps.services.value.record(actor, context.subject, valueInput(values));
        return { record, context };
      },
      after: async ({ record, context }) => {
        await confirmPrivately(client, body.user.id, context.channelId, valueRecorded(record));
      },
      lateMessage: ({ record }) => `Value for ${record.contractRef}, ${record.periodKey}, was recorded.`,
    });
  };
}
