import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { botJoinedChannel } from './bot-joined-channel';

const register = (app: App, deps: SlackDeps): void => {
  app.event('member_joined_channel', botJoinedChannel(deps));
};

export default { register };
