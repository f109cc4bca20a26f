import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { SLASH_COMMAND } from '../../ids';
import { stewardCommand } from './steward-command';

const register = (app: App, deps: SlackDeps): void => {
  app.command(SLASH_COMMAND, stewardCommand(deps));
};

export default { register };
