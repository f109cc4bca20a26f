import { ChatSurfaces } from '../../src/chat/chat-surface';
import type { Person } from '../../src/domain/types';
import { withName, withNames } from '../../src/services/people';
import { RecordingSurface } from '../support/recording-surface';

/**
 * The people directory as the services use it: a person stored or shown by a bare Slack id, Entra object id or
 * email is named by the surface that knows them; one nobody knows is kept as they are (and shown as "someone",
 * never as the id).
 */
class NamingSurface extends RecordingSurface {
  readonly asked: Person[] = [];
  constructor(
    name: 'slack' | 'teams',
    private readonly names: Record<string, string>,
    private readonly failing = false,
  ) {
    super(name);
  }

  async displayName(person: Person): Promise<string | null> {
    this.asked.push(person);
    if (this.failing) throw new Error('directory down');
    const key = person.slackUserId ?? person.teamsUserId ?? person.email ?? '';
    return this.names[key] ?? null;
  }
}

const MEGAN = 'c0ffee00-1111-4222-8333-444455556666';

function surfaces(options: { teamsFails?: boolean } = {}) {
  const slack = new NamingSurface('slack', { U07OWNER: 'Olivia Owner' });
  const teams = new NamingSurface(
    'teams',
    { [MEGAN]: 'Megan Bowen', 'dana@example.com': 'Dana Director' },
    options.teamsFails,
  );
  const all = new ChatSurfaces();
  all.register(slack);
  all.register(teams);
  return { all, slack, teams };
}

describe('naming people through the surfaces', () => {
  it('asks the surface of each id, and both surfaces for an email', async () => {
    const { all } = surfaces();
    const named = await withNames<Person>(all, [
      { slackUserId: 'U07OWNER' },
      { teamsUserId: MEGAN },
      { email: 'dana@example.com' },
    ]);
    expect(named.map((person) => person.name)).toEqual(['Olivia Owner', 'Megan Bowen', 'Dana Director']);
    // The ids stay with the name: mentions and direct messages still need them.
    expect(named[0]).toEqual({ slackUserId: 'U07OWNER', name: 'Olivia Owner' });
  });

  it('keeps a name already known without asking', async () => {
    const { all, slack } = surfaces();
    const person = await withName(all, { name: 'Olivia', slackUserId: 'U07OWNER' });
    expect(person.name).toBe('Olivia');
    expect(slack.asked).toEqual([]);
  });

  it('keeps a person nobody knows, or whose surface fails, as they are', async () => {
    const { all } = surfaces({ teamsFails: true });
    expect(await withName(all, { slackUserId: 'U07STRANGER' })).toEqual({ slackUserId: 'U07STRANGER' });
    expect(await withName(all, { teamsUserId: MEGAN })).toEqual({ teamsUserId: MEGAN });
  });
});
