import type { Person } from '../domain/types';

/**
 * People typed into a Teams form: emails or Microsoft Entra object ids, separated by commas, semicolons
 * or spaces. Nothing here judges them: each token goes to the service as typed, and the service's person
 * schema reads an email, an Entra object id (or a Slack user id) and refuses anything else.
 *
 * A form prefilled with the people who hold a role today shows one token per person. On saving, each
 * token that names someone the contract already knows is read back as that person (looked up again on
 * the server, never taken from the card), so a form saved unchanged keeps them exactly as they were
 * (name, Slack and Teams identities) instead of reducing each to the one id shown.
 */
export type PersonOrToken = Person | string;

/** The id shown for a person: their Entra object id, else email, else Slack user id. */
export function personToken(person: Person): string {
  return person.teamsUserId ?? person.email ?? person.slackUserId ?? '';
}

export function peopleText(people: readonly Person[]): string {
  return people.map(personToken).filter(Boolean).join(', ');
}

export function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,;]+/)
    .map((token) => token.trim())
    .filter(Boolean);
}

/** Each typed token, or the known person it names (matched on any of their ids, without case). */
export function peopleInput(text: string | undefined, known: readonly Person[]): PersonOrToken[] {
  return splitList(text).map((token) => known.find((person) => names(person, token)) ?? token);
}

function names(person: Person, token: string): boolean {
  const wanted = token.toLowerCase();
  return [person.teamsUserId, person.email, person.slackUserId].some((id) => id?.toLowerCase() === wanted);
}
