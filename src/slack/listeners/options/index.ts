import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { ACTION } from '../../ids';
import { contractPickerOptions } from './contract-picker-options';

/**
 * Options for external selects (`block_suggestion`). Over HTTP Slack sends them to the manifest's
 * `message_menu_options_url`, which is the same /slack/events as every other request.
 */
const register = (app: App, deps: SlackDeps): void => {
  app.options({ type: 'block_suggestion', action_id: ACTION.contractPicker }, contractPickerOptions(deps));
};

export default { register };
