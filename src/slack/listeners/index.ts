import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import { dedupeEvents, type EventClaims } from '../event-dedupe';
import actions from './actions';
import commands from './commands';
import events from './events';
import home from './home';
import options from './options';
import views from './views';

/** Registers every listener, folder by folder (after slack-samples/bolt-ts-starter-template). */
export function registerListeners(app: App, deps: SlackDeps, dedupe: EventClaims): void {
  // First, so a redelivered event never reaches a listener.
  app.use(dedupeEvents(dedupe, deps.logger));
  commands.register(app, deps);
  actions.register(app, deps);
  views.register(app, deps);
  events.register(app, deps);
  home.register(app, deps);
  options.register(app, deps);
}
