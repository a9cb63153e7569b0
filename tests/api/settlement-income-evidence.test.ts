// Evidence added to income already booked (a payment recorded before its bank slip was at hand):
// a settlement takes in only income with evidence, so without this the income could never be
// settled. Allowed to finance and the TTO while no settlement has taken the income in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedActiveDeal, seedDealDocument, seedIncomeEvent, type SeededDeal } from '../../prisma/factories';
import { startApiHarness, type ApiHarness } from '../support/api';

let h: ApiHarness;
let deal: SeededDeal;

beforeAll(async () => {
  h = await startApiHarness();
  const { researcher } = h.a.people;
  deal = await seedActiveDeal(h.db, h.a, { team: [{ personId: researcher.id, name: researcher.name, contributionShareBp: 10_000, mainContributor: true }] });
});
afterAll(async () => {
  await h?.close();
});

const incomeRow = (id: string) => h.db.incomeEvent.findUniqueOrThrow({ where: { id } });

describe('POST /deals/{id}/income/{incomeId}/evidence', () => {
  it('adds evidence to a payment booked without it, keeps what was there, and audits the change', async () => {
    const incomeId = await seedIncomeEvent(h.db, deal, { kind: 'UPFRONT', amountFen: 123_456_78, receivedOn: '2026-10-08' });
    const slip = await seedDealDocument(h.db, deal);
    const invoice = await seedDealDocument(h.db, deal);

    const first = await h.call('POST', `/deals/${deal.id}/income/${incomeId}/evidence`, { as: h.a.people.finance, json: { evidenceDocumentIds: [slip] } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect((await incomeRow(incomeId)).evidenceDocumentIds).toEqual([slip]);

    // Sending the same document again changes nothing; a second one is added after it.
    const again = await h.call('POST', `/deals/${deal.id}/income/${incomeId}/evidence`, { as: h.a.people.tto, json: { evidenceDocumentIds: [slip, invoice] } });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect((await incomeRow(incomeId)).evidenceDocumentIds).toEqual([slip, invoice]);

    const audit = await h.db.auditEntry.findMany({ where: { entityType: 'IncomeEvent', entityId: incomeId, action: 'income.evidence-added' }, orderBy: { at: 'asc' } });
    expect(audit.map((entry) => [entry.actorId, entry.after])).toEqual([
      [h.a.people.finance.id, { evidenceDocumentIds: [slip] }],
      [h.a.people.tto.id, { evidenceDocumentIds: [slip, invoice] }],
    ]);
  });

  it('refuses bad input, other people and income a settlement has taken, changing nothing', async () => {
    const incomeId = await seedIncomeEvent(h.db, deal, { kind: 'ROYALTY', amountFen: 9_999, receivedOn: '2026-10-09' });
    const slip = await seedDealDocument(h.db, deal);
    const path = `/deals/${deal.id}/income/${incomeId}/evidence`;
    const before = await incomeRow(incomeId);

    const empty = await h.call('POST', path, { as: h.a.people.finance, json: { evidenceDocumentIds: [] } });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('evidenceDocumentIds');

    const notOfDeal = await h.call('POST', path, { as: h.a.people.finance, json: { evidenceDocumentIds: ['5f1c3c0e-8a9b-4f4e-9a51-2b7c2d1e7a10'] } });
    expect(notOfDeal.status).toBe(400);
    expect(JSON.stringify(notOfDeal.body)).toContain('evidenceDocumentIds[0]');

    const researcher = await h.call('POST', path, { as: h.a.people.researcher, json: { evidenceDocumentIds: [slip] } });
    expect(researcher.status).toBe(403);
    const hr = await h.call('POST', path, { as: h.a.people.hr, json: { evidenceDocumentIds: [slip] } });
    expect(hr.status).toBe(403);
    const otherInstitution = await h.call('POST', path, { as: h.b.people.finance, json: { evidenceDocumentIds: [slip] } });
    expect(otherInstitution.status).toBe(404);
    const unknownIncome = await h.call('POST', `/deals/${deal.id}/income/5f1c3c0e-8a9b-4f4e-9a51-2b7c2d1e7a10/evidence`, { as: h.a.people.finance, json: { evidenceDocumentIds: [slip] } });
    expect(unknownIncome.status).toBe(404);
    expect(await incomeRow(incomeId)).toEqual(before);

    expect((await h.db.auditEntry.count({ where: { entityId: incomeId, action: 'income.evidence-added' } }))).toBe(0);
  });

  it('refuses once a settlement has taken the income in (409), leaving the income as the settlement saw it', async () => {
    const slip = await seedDealDocument(h.db, deal);
    const incomeId = await seedIncomeEvent(h.db, deal, { kind: 'MILESTONE', amountFen: 50_000_01, receivedOn: '2026-11-02', evidenceDocumentId: slip });
    const opened = await h.call('POST', '/settlements', {
      as: h.a.people.tto,
      json: { dealId: deal.id, period: { from: '2026-11-01', to: '2026-11-30' }, incomeEventIds: [incomeId] },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect((await incomeRow(incomeId)).settlementId).toBe(opened.body.id);
    const before = await incomeRow(incomeId);

    const late = await h.call('POST', `/deals/${deal.id}/income/${incomeId}/evidence`, { as: h.a.people.finance, json: { evidenceDocumentIds: [await seedDealDocument(h.db, deal)] } });
    expect(late.status, JSON.stringify(late.body)).toBe(409);
    expect(await incomeRow(incomeId)).toEqual(before);
  });
});
