import type { Command } from '../../../src/chat/commands';
import { fixedClock } from '../../../src/domain/clock';
import { createLogger } from '../../../src/logger';
import { InMemoryTeamsConversationStore } from '../../../src/teams/conversation-store';
import type { CardActionArgs, CommandArgs, TeamsHandlerDeps } from '../../../src/teams/handlers/types';
import { FakeStewardServices } from '../../support/fake-steward-services';

/** Handler arguments with defaults (bolt-ts starter template habit): each test states only what matters to it. */
export type FakeDeps = TeamsHandlerDeps & { services: FakeStewardServices };

export function buildDeps(overrides: Partial<TeamsHandlerDeps> = {}): FakeDeps {
  const clock = fixedClock('2026-12-01T10:00:00Z');
  return {
    services: new FakeStewardServices(),
    store: new InMemoryTeamsConversationStore(clock),
    logger: createLogger('silent'),
    clock,
    ...overrides,
  } as FakeDeps;
}

export function buildCommandArgs<C extends Command>(
  command: C,
  overrides: Partial<Omit<CommandArgs<C>, 'deps'>> & { deps?: FakeDeps } = {},
): CommandArgs<C> & { deps: FakeDeps } {
  return {
    command,
    actor: { person: { teamsUserId: 'aad-alex', name: 'Alex Wilber' }, surface: 'teams', external: false },
    conversation: { id: 'a:personal-alex', serviceUrl: 'http://127.0.0.1:9/', type: 'personal' },
    deps: buildDeps(),
    ...overrides,
  };
}

export function buildCardActionArgs(
  data: Record<string, unknown>,
  overrides: Partial<Omit<CardActionArgs, 'deps'>> & { deps?: FakeDeps } = {},
): CardActionArgs & { deps: FakeDeps } {
  return {
    data,
    actor: { person: { teamsUserId: 'aad-alex', name: 'Alex Wilber' }, surface: 'teams', external: false },
    conversation: { id: 'a:personal-alex', serviceUrl: 'http://127.0.0.1:9/', type: 'personal' },
    deps: buildDeps(),
    ...overrides,
  };
}
