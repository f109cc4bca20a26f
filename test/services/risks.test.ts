import type { Actor } from '../../src/services/service-api';
import { useTestDatabase } from '../support/database';
import { PNG_SIGNATURE } from '../support/png';
import { bystander, director, owner, setupServices, vendor } from '../support/service-harness';

const database = useTestDatabase();

const inInternal: Actor = { ...owner, channel: { surface: 'slack', channelId: 'C0INTERNAL', shared: false } };
const inShared: Actor = { ...owner, channel: { surface: 'slack', channelId: 'C0SHARED', shared: true } };

describe('risk register', () => {
  it('rates risks, refuses bad input and outsiders, prompts reviews once per date and draws the heat map', async () => {
    const reference = 'RISK-2026-001';
    const { services, surface, store, clock } = await setupServices(database.connection(), reference);
    const good = {
      title: 'Single data centre',
      likelihood: '4',
      impact: 5,
      mitigation: 'Second site in the renewal',
      owner: director.person,
      reviewDate: '2026-03-10',
    };

    for (const [input, field, message] of [
      [{ likelihood: 6 }, 'likelihood', /Likelihood must be a whole number from 1 to 5/],
      [{ impact: '2.5' }, 'impact', /Impact must be a whole number from 1 to 5/],
      [{ reviewDate: '2026-13-01' }, 'reviewDate', /Review date must be a real date/],
      [{ reviewDate: '2026-02-27' }, 'reviewDate', /Choose today \(2026-03-02\)/],
    ] as const) {
      await expect(services.risks.create(owner, reference, { ...good, ...input })).rejects.toMatchObject({
        code: 'validation',
        fieldErrors: { [field]: expect.stringMatching(message) },
      });
    }
    expect(await store.risks.listForContract(reference)).toHaveLength(0);
    await expect(services.risks.create(vendor, reference, good)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.risks.create(bystander, reference, good)).rejects.toMatchObject({ code: 'forbidden' });

    const risk = await services.risks.create(owner, reference, good);
    expect(risk).toMatchObject({ likelihood: 4, impact: 5, score: 20, rating: 'critical', status: 'open' });
    await services.risks.create(owner, reference, {
      ...good,
      title: 'Key engineer leaves',
      likelihood: 2,
      impact: 2,
      owner: owner.person,
      reviewDate: '2026-06-30',
    });

    // Risks are internal: not for the vendor, and not answered in the shared channel.
    await expect(services.risks.list(vendor, reference)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.risks.list(inShared, reference)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('shared with the vendor'),
    });
    expect((await services.risks.list(owner, reference)).map((r) => r.score)).toEqual([20, 4]);

    // The risk's owner updates it; a bystander may not.
    await expect(services.risks.update(bystander, risk.id, { impact: 3 })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.risks.update(director, risk.id, {})).rejects.toMatchObject({ code: 'validation' });
    const updated = await services.risks.update(director, risk.id, { impact: '3', status: 'mitigating' });
    expect(updated).toMatchObject({ impact: 3, score: 12, rating: 'high', status: 'mitigating' });

    const map = await services.risks.heatMap(owner, reference);
    expect(map.total).toBe(2);
    expect(map.cells[3]?.[2]).toMatchObject({ likelihood: 4, impact: 3, count: 1, titles: ['Single data centre'] });
    expect(map.cells[1]?.[1]).toMatchObject({ count: 1, rating: 'low' });

    const png = await services.risks.postHeatMap(inInternal, reference);
    expect(png.file.content.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(png.posted?.channelId).toBe('C0INTERNAL');
    expect(surface.ofKind('file').at(-1)).toMatchObject({
      destination: { channelId: 'C0INTERNAL' },
      file: { mimeType: 'image/png', filename: `${reference}-risks.png` },
    });
    await expect(services.risks.postHeatMap(inShared, reference)).rejects.toMatchObject({ code: 'forbidden' });

    // Review prompts: at the prompt hour on the review date, once per date.
    clock.set('2026-03-10T07:00:00Z');
    expect(await services.risks.runScheduled(clock())).toEqual({ prompted: 0 });
    clock.set('2026-03-10T08:00:00Z');
    expect(await services.risks.runScheduled(clock())).toEqual({ prompted: 1 });
    expect(await services.risks.runScheduled(clock())).toEqual({ prompted: 0 });
    const prompts = () => surface.ofKind('notice').filter((post) => post.notice.text.startsWith('Risk review due'));
    expect(prompts()[0]).toMatchObject({
      destination: { channelId: 'C0INTERNAL' },
      notice: { mention: [expect.objectContaining({ slackUserId: 'U0DIRECTOR' })] },
    });
    expect(prompts()[0]?.notice.text).toContain('“Single data centre” is high (likelihood 4 × impact 3 = 12)');
    await services.risks.update(director, risk.id, { reviewDate: '2026-03-20' });
    clock.set('2026-03-20T09:00:00Z');
    expect(await services.risks.runScheduled(clock())).toEqual({ prompted: 1 });
    await services.risks.update(director, risk.id, { status: 'closed' });
    clock.set('2026-07-01T09:00:00Z');
    // Only the open second risk (due 30 June) is left to review.
    expect(await services.risks.runScheduled(clock())).toEqual({ prompted: 1 });
    expect(prompts()).toHaveLength(3);

    const actions = (await store.audit.list(reference)).map((event) => event.action);
    expect(actions.filter((action) => action === 'risk.created')).toHaveLength(2);
    expect(actions).toContain('risk.updated');
    expect(actions).toContain('access.refused');
  });
});
