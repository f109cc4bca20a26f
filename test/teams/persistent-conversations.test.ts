import { fixedClock } from '../../src/domain/clock';
import { createLogger } from '../../src/logger';
import {
  createTeamsConversationRepository,
  type TeamsConversationRepository,
} from '../../src/store/teams-conversations';
import { CachedTeamsConversationStore } from '../../src/teams/conversation-store';
import { useTestDatabase } from '../support/database';
import { cannedCheckin, cannedEscalation } from '../support/fake-steward-services';
import { messageActivity, postActivity, TEAMS_TEST } from '../support/teams-activities';
import { cardOf, cardText, startTeamsConnector, type TeamsConnectorStandin } from '../support/teams-connector';
import { startTeamsHarness } from './harness';

/**
 * Conversation references and posted cards in the database (FerretDB in tests), behind the in-memory
 * cache: what one Steward process learned reaches the next one on the same database.
 */
const database = useTestDatabase();
const clock = fixedClock('2026-12-01T10:00:00Z');
let repository: TeamsConversationRepository;

beforeAll(async () => {
  repository = createTeamsConversationRepository(database.connection(), clock);
  for (const model of repository.models) await model.syncIndexes();
});

const storeOnDatabase = () => new CachedTeamsConversationStore(repository, { clock, logger: createLogger('silent') });

describe('a restart', () => {
  let connector: TeamsConnectorStandin;

  beforeEach(async () => {
    connector = await startTeamsConnector();
  });

  afterEach(async () => {
    await connector.close();
  });

  it('still reaches a conversation, finds its prompt and redraws its card after the surface is created again', async () => {
    // Before the restart: Alex writes to the bot, and a prompt is posted in their chat.
    const before = await startTeamsHarness({ store: storeOnDatabase(), connector });
    await postActivity(before.endpoint, messageActivity(connector.serviceUrl, 'steward help'));
    await connector.waitFor((r) => r.kind === 'create');
    const destination = {
      surface: 'teams' as const,
      channelId: TEAMS_TEST.personalConversationId,
      purpose: 'direct' as const,
    };
    const prompt = { items: [cannedCheckin(), cannedCheckin({ checkinId: 'chk-2' })], addressees: [] };
    const posted = await before.teams.surface.postCheckinPrompt(destination, prompt, { promptKey: 'chk-1:2026-11' });
    await before.close();

    // After: a new surface, a new (empty) cache, the same database. No activity has arrived since.
    const after = await startTeamsHarness({ store: storeOnDatabase(), connector });
    try {
      expect(
        await after.teams.surface.findPostedPrompt(destination, 'chk-1:2026-11', new Date('2026-11-30T00:00:00Z')),
      ).toEqual(posted);
      expect(await after.teams.surface.directDestination({ teamsUserId: 'AAD-ALEX' })).toMatchObject({
        channelId: TEAMS_TEST.personalConversationId,
        serviceUrl: connector.serviceUrl.replace(/\/$/, ''),
      });

      // A proactive send goes to the stored service URL, not the default (which the test network blocks).
      await after.teams.surface.postEscalation({ ...destination, purpose: 'internal' }, cannedEscalation());
      const escalation = await connector.waitFor(
        (r) => r.kind === 'create' && cardText(cardOf(r)).includes('Escalation'),
      );
      expect(escalation.conversationId).toBe(TEAMS_TEST.personalConversationId);
      expect(escalation.body.from).toEqual(TEAMS_TEST.bot);

      // Answering one check-in of the grouped prompt redraws the card with the other one still open.
      const response = await postActivity(after.endpoint, {
        ...messageActivity(connector.serviceUrl, ''),
        type: 'invoke',
        name: 'adaptiveCard/action',
        text: undefined,
        replyToId: posted.messageId,
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'checkin_submit_score',
            data: { action: 'checkin_submit_score', checkinId: 'chk-2', slot: 1, s1_value: '99.8' },
          },
          trigger: 'manual',
        },
      });
      const text = cardText((response.body as { value: unknown }).value);
      expect(text).toContain('Score (%)');
      expect(text).toContain('🟢 Green');
    } finally {
      await after.close();
    }
  });
});

describe('the repository', () => {
  it('upserts a reference by conversation id: the last writer wins', async () => {
    const base = {
      conversationId: '19:upsert@thread.tacv2',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      conversationType: 'channel',
      tenantId: TEAMS_TEST.tenantId,
      bot: { id: '28:bot', name: 'Steward' },
    };

    await Promise.all([
      repository.saveReference({ ...base, updatedAt: new Date('2026-12-01T10:00:00Z') }),
      repository.saveReference({ ...base, updatedAt: new Date('2026-12-01T10:00:00Z') }),
    ]);
    await repository.saveReference({
      ...base,
      serviceUrl: 'https://smba.trafficmanager.net/amer/',
      updatedAt: new Date('2026-12-01T11:00:00Z'),
    });

    expect(await repository.reference(base.conversationId)).toEqual({
      ...base,
      serviceUrl: 'https://smba.trafficmanager.net/amer/',
      updatedAt: new Date('2026-12-01T11:00:00Z'),
    });
    expect(
      await database
        .connection()
        .collection('teams_conversations')
        .countDocuments({ conversationId: base.conversationId }),
    ).toBe(1);
    expect((await repository.latestReference())?.conversationId).toBe(base.conversationId);
  });

  it('keeps the first prompt key and posting time, replaces the view, and finds prompts by key since a time', async () => {
    const message = { conversationId: 'a:chat', messageId: 'm-1', kind: 'checkin-prompt' as const };
    await repository.saveMessage({ ...message, promptKey: 'k-1', view: { items: [cannedCheckin()], addressees: [] } });
    await repository.saveMessage({ ...message, view: { items: [], addressees: [], reminder: true, gone: undefined } });

    const stored = await repository.message('a:chat', 'm-1', 'checkin-prompt');
    expect(stored).toMatchObject({
      promptKey: 'k-1',
      postedAt: clock(),
      view: { items: [], addressees: [], reminder: true },
    });
    expect(stored?.view).not.toHaveProperty('gone');
    expect(await repository.findPrompt('a:chat', 'k-1', new Date('2026-12-01T09:00:00Z'))).toMatchObject({
      messageId: 'm-1',
    });
    expect(await repository.findPrompt('a:chat', 'k-1', new Date('2026-12-01T11:00:00Z'))).toBeNull();
    expect(await repository.message('a:chat', 'm-1', 'escalation')).toBeNull();
  });

  it('compares ids as text: an operator smuggled in as an id finds nothing', async () => {
    await expect(repository.reference({ $gt: '' } as unknown as string)).rejects.toThrow('must be text');
  });

  it('keeps Dates in stored views as Dates', async () => {
    await repository.saveMessage({
      conversationId: 'a:chat',
      messageId: 'm-2',
      kind: 'escalation',
      view: cannedEscalation(),
    });
    const stored = await repository.message('a:chat', 'm-2', 'escalation');
    expect(stored?.view).toMatchObject({ ackDueAt: new Date('2026-12-02T09:00:00Z') });
    expect(stored?.view.ackDueAt).toBeInstanceOf(Date);
  });
});

describe('writing references', () => {
  it('writes an unchanged reference again only after a while, a changed one at once, a failed one on the next activity', async () => {
    const saveReference = jest.fn(repository.saveReference);
    const store = new CachedTeamsConversationStore(
      { ...repository, saveReference },
      { clock, logger: createLogger('silent') },
    );
    const at = (minutes: number) => new Date(clock().getTime() + minutes * 60_000);
    const reference = {
      conversationId: 'a:busy',
      serviceUrl: 'http://127.0.0.1:9/',
      bot: { id: '28:bot' },
      conversationType: 'personal',
      updatedAt: at(0),
    };

    await store.saveReference(reference);
    await store.saveReference({ ...reference, updatedAt: at(1) });
    expect(saveReference).toHaveBeenCalledTimes(1);

    await store.saveReference({ ...reference, serviceUrl: 'http://127.0.0.1:10/', updatedAt: at(2) });
    expect(saveReference).toHaveBeenCalledTimes(2);

    saveReference.mockRejectedValueOnce(new Error('database unavailable'));
    await store.saveReference({ ...reference, updatedAt: at(30) });
    await store.saveReference({ ...reference, updatedAt: at(31) });
    expect(saveReference).toHaveBeenCalledTimes(4);
    expect((await repository.reference('a:busy'))?.updatedAt).toEqual(at(31));
  });
});

describe('when the database fails', () => {
  it('keeps working from memory and says so in the log', async () => {
    const failing = new Proxy(repository, {
      get: (target, key) =>
        key === 'models'
          ? target.models
          : async () => {
              throw new Error('database unavailable');
            },
    });
    const logger = createLogger('silent');
    const warn = jest.spyOn(logger, 'warn');
    const store = new CachedTeamsConversationStore(failing, { clock, logger });
    const reference = {
      conversationId: 'a:offline',
      serviceUrl: 'http://127.0.0.1:9/',
      bot: { id: '28:bot' },
      conversationType: 'personal',
      userAadObjectId: 'aad-offline',
      updatedAt: clock(),
    };

    await store.saveReference(reference);

    expect(await store.reference('a:offline')).toEqual(reference);
    expect(await store.personalChatOf('aad-offline')).toEqual(reference);
    expect(await store.latestReference()).toEqual(reference);
    expect(warn.mock.calls.map((call) => call[1])).toEqual([
      'could not save a conversation reference in the database; kept in memory only',
      'could not read the latest reference from the database; using memory only',
    ]);
  });
});
