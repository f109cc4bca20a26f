import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { appHomeOpened } from './app-home-opened';

// The Refresh button is registered with the other buttons (actions/index.ts).
const register = (app: App, deps: SlackDeps): void => {
  app.event('app_home_opened', appHomeOpened(deps));
};

export default { register };
