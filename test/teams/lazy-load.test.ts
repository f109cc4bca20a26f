import { mayRunWithoutAuth } from '../../src/teams/teams-app';

/**
 * app.ts imports the Teams module whether or not Teams is on; the SDK (and jose, which Jest cannot load on
 * Node 20) must only load when a Teams surface is created. This file deliberately does not stub jose.
 */
it('does not load the Teams SDK until a Teams surface is created', () => {
  expect(mayRunWithoutAuth({ teamsConfigured: false, host: '127.0.0.1' })).toBe(true);
  const loaded = Object.keys(require.cache).filter((path) => path.includes('@microsoft/teams.apps'));
  expect(loaded).toEqual([]);
});
