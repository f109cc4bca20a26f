import { useTestDatabase } from '../support/database';
import { director, owner, setupServices } from '../support/service-harness';

const database = useTestDatabase();

describe('governance roles', () => {
  it('keeps roles left out of an edit, replaces roles given, and never leaves a contract without an owner', async () => {
    const { services, store } = await setupServices(database.connection(), 'ROLES-2026-001');
    await services.contracts.setGovernance(owner, 'ROLES-2026-001', { legal: [director.person] });
    expect((await store.contracts.require('ROLES-2026-001')).governance).toMatchObject({
      owner: [expect.objectContaining({ slackUserId: 'U0OWNER' })],
      legal: [expect.objectContaining({ slackUserId: 'U0DIRECTOR' })],
    });
    await services.contracts.setGovernance(owner, 'ROLES-2026-001', { legal: [] });
    expect((await store.contracts.require('ROLES-2026-001')).governance.legal).toEqual([]);
    await expect(services.contracts.setGovernance(owner, 'ROLES-2026-001', { owner: [] })).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: { owner: 'Choose at least one owner.' },
    });
    expect((await store.contracts.require('ROLES-2026-001')).governance.owner).toHaveLength(1);
  });
});
