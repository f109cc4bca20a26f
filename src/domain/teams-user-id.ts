/**
 * A Teams user's id as Steward keeps it: the Microsoft Entra object id, a GUID. The Agents Playground's own users
 * carry GUID-shaped ids whose last group has 13 digits (`00000000-0000-0000-0000-0000000000020`); they are taken
 * too, so the sandbox's people can own contracts, actions and risks like anyone else.
 */
export const TEAMS_USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}$/i;
