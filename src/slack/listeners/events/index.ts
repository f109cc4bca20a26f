import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { botJoinedChannel } from './bot-joined-channel';
import { mentionInThread } from './mention-in-thread';

const register = (app: App, deps: SlackDeps): void => {
  app.event('member_joined_channel', botJoinedChannel(deps));
  app.event('app_mention', mentionInThread(deps));
};

export default { register };
