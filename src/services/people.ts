import type { ChatSurfaces, SurfaceName } from '../chat/chat-surface';
import type { Person } from '../domain/types';
import type { Logger } from '../logger';

/**
 * People by display name. A person picked in Slack arrives as `{ slackUserId }`, one picked or typed in Teams as
 * `{ teamsUserId }` or `{ email }`: before such a person is stored or shown, the surface that knows them is
 * asked for their name (src/chat/chat-surface.ts `displayName`, cached there), so a kickoff, a role list, a
 * corrective action's note or an export names them instead of showing `U07…` or a GUID.
 */
export async function withNames<P extends Person>(
  surfaces: ChatSurfaces,
  people: readonly P[],
  logger?: Logger,
): Promise<P[]> {
  return Promise.all(people.map((person) => withName(surfaces, person, logger)));
}

export async function withName<P extends Person>(surfaces: ChatSurfaces, person: P, logger?: Logger): Promise<P> {
  if (person.name) return person;
  for (const surface of askable(person)) {
    try {
      const name = await surfaces.get(surface)?.displayName?.(person);
      if (name) return { ...person, name };
    } catch (error) {
      // A name is a courtesy: the person is kept as they are, and asked about again next time.
      logger?.debug({ err: error, surface }, 'could not look up a display name');
    }
  }
  return person;
}

/** The same for an optional person (an owner left empty). */
export async function withNameIfAny<P extends Person>(
  surfaces: ChatSurfaces,
  person: P | undefined,
  logger?: Logger,
): Promise<P | undefined> {
  return person ? withName(surfaces, person, logger) : undefined;
}

/** Which surfaces may know the person: theirs by id; by email, both. */
function askable(person: Person): SurfaceName[] {
  const surfaces: SurfaceName[] = [];
  if (person.slackUserId) surfaces.push('slack');
  if (person.teamsUserId) surfaces.push('teams');
  if (surfaces.length === 0 && person.email) surfaces.push('slack', 'teams');
  return surfaces;
}
