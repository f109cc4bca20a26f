import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { ACTION } from '../../ids';
import { appHomeOpened } from './app-home-opened';
import { homeRefresh } from './home-refresh';

const register = (app: App, deps: SlackDeps): void => {
  app.event('app_home_opened', appHomeOpened(deps));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION.homeRefresh }, homeRefresh(deps));
};

export default { register };
