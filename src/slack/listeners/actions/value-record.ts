import { defaultValuePeriod, valueRecordModal } from '../../blocks/value';
import type { SlackDeps } from '../../deps';
import { type ButtonArgs, buttonValue } from './button-args';

/** "Record value" under a value summary: the same modal as `/steward value REF record`. */
export function valueRecord(deps: SlackDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const reference = buttonValue(action);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: valueRecordModal(
        { subject: reference, ...(body.channel?.id ? { channelId: body.channel.id } : {}) },
        reference,
        {
          periodKey: defaultValuePeriod(deps.clock()),
        },
      ),
    });
  };
}
