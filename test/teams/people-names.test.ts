import type { AdaptiveCard } from '../../src/teams/cards/adaptive-card';
import { useTestDatabase } from '../support/database';
import { owner, vendor } from '../support/service-harness';
import { cardActionInvoke, messageActivity, postActivity } from '../support/teams-activities';
import { cardOf, cardText } from '../support/teams-connector';
import { type RealTeamsHarness, startRealTeamsHarness, TESS } from './real-services-harness';

/**
 * People by display name on Teams: a person typed or picked by their Entra object id is named from what Teams
 * told the bot (the conversation's members), in the kickoff, the roles and a corrective action's thread note;
 * nobody is shown a GUID. The Bot Connector stand-in answers the members list as Teams would.
 */
const database = useTestDatabase();
const REF = 'TEAMS-2026-301';
const MEGAN = { id: '29:megan', name: 'Megan Bowen', aadObjectId: 'c0ffee00-1111-4222-8333-444455556666' };
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
let h: RealTeamsHarness;

beforeAll(async () => {
  h = await startRealTeamsHarness(database.connection(), REF);
  h.connector.setMembers([TESS.account, MEGAN]);
});

afterAll(async () => {
  await h?.close();
});

async function say(text: string) {
  const before = h.connector.requests.length;
  await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, text, { from: TESS.account }));
  return h.connector.waitFor((r) => h.connector.requests.indexOf(r) >= before && r.kind === 'create');
}

describe('people by display name on Teams', () => {
  it('names a role holder given by Entra object id from the conversation’s members, in the roles and the kickoff', async () => {
    const saved = await postActivity(
      h.endpoint,
      cardActionInvoke(
        h.connector.serviceUrl,
        { action: 'contract_roles_save', reference: REF, role_finance: MEGAN.aadObjectId },
        { from: TESS.account },
      ),
    );
    expect(cardText((saved.body as { value: AdaptiveCard }).value)).not.toMatch(GUID);
    // The members list was asked for once, and the name is stored with the id.
    expect(h.connector.requests.filter((r) => r.kind === 'members').length).toBeGreaterThanOrEqual(1);
    const contract = await h.store.contracts.require(REF);
    expect(contract.governance.finance).toEqual([{ name: 'Megan Bowen', teamsUserId: MEGAN.aadObjectId }]);

    const kickoff = cardText(cardOf(await say(`steward kickoff ${REF}`)));
    expect(kickoff).toContain('Megan Bowen');
    expect(kickoff).not.toMatch(GUID);
  });

  it('names an owner stored before names were kept (an import, an older record) when the list is shown', async () => {
    await h.store.obligations.create({
      contractRef: REF,
      kind: 'report',
      title: 'Quarterly service report',
      owner: { teamsUserId: MEGAN.aadObjectId },
      dueDate: '2026-06-30',
      recurrence: 'none',
      createdBy: TESS.actor.person,
    });

    const list = cardText(cardOf(await say(`steward obligations ${REF}`)));
    expect(list).toContain('Quarterly service report');
    expect(list).toContain('Megan Bowen');
    expect(list).not.toMatch(GUID);
  });

  it('names the owner of a corrective action in the escalation’s thread note', async () => {
    await h.services.checkins.sendNow(owner, REF, 'availability');
    const [checkin] = await h.store.checkins.listForContract(REF, { kpiKey: 'availability' });
    await h.services.checkins.submitScore(vendor, checkin!.id, { value: '97' });
    const [escalation] = await h.store.escalations.listActive({ contractRef: REF });

    await h.services.escalations.addCorrectiveAction(owner, escalation!.id, {
      action: 'Replace the core switch',
      owner: MEGAN.aadObjectId,
      dueDate: '2026-03-20',
    });

    const noted = await h.store.escalations.require(escalation!.id);
    const note = JSON.stringify(noted);
    expect(note).toContain('owner Megan Bowen');
    expect(note).not.toContain(`owner ${MEGAN.aadObjectId}`);
    const [action] = await h.store.correctiveActions.listForContract(REF);
    expect(action?.owner).toEqual({ name: 'Megan Bowen', teamsUserId: MEGAN.aadObjectId });
  });
});
