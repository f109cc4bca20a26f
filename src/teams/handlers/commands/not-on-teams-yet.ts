import type { Command } from '../../commands';
import type { CommandHandler } from '../types';

/**
 * Creating contracts and KPIs, and setting roles and escalation paths, are long forms that Slack shows
 * as modals; Teams would need dialogs (task modules) for them, which Steward does not have yet.
 */
export const notOnTeamsYet: CommandHandler<Extract<Command, { name: 'new' | 'kpi' | 'roles' | 'path' }>> = async ({
  command,
}) => ({
  text: `"steward ${command.name}" opens a form that Steward has in Slack only for now: run /steward ${command.name}${
    command.reference ? ` ${command.reference}` : ''
  } there. Everything else works here; type "steward help".`,
});
