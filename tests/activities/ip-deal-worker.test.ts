// The real activities under the real deal workflow: a worker registered by createActivities runs
// a transfer listed on an exchange on the Temporal dev server, from draft to a signed, paid and
// completed deal, and the read model, the stored contract, the income events and the audit log
// show each step. (The workflow's own logic is tested with stubs in tests/workflows.)
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { storeDocument } from '../../activities/documents/store-document';
import { shanghaiDateOf } from '../../domain/calendar';
import { ZDealDraft, type TDealDraft } from '../../domain/licensing';
import { dealDraftFor, ipDealInputFor, seedCalendar, type SeededInstitution } from '../../prisma/factories';
import {
  attachSignedContractUpdate,
  decideDealUpdate,
  ipDealWorkflowId,
  recordExchangeResultUpdate,
  recordPaymentUpdate,
  recordTechContractRegistrationUpdate,
  submitDealUpdate,
  type Actor,
} from '../../workflows/contracts/ip-deal';
import { ipDealWorkflow } from '../../workflows/ip-deal';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { temporalClient, testConfig, testStorage, testWorker } from '../support/stack';
import { seedTestInstitution } from './support/case-fixture';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink';

let database: TestDatabase;
let smtp: SmtpSink;
let seeded: SeededInstitution;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpSink();
  await seedCalendar(database.db);
  seeded = await seedTestInstitution(database.db);
});
afterAll(async () => {
  await smtp?.close();
  await database?.drop();
});

const actorOf = (person: SeededInstitution['people'][keyof SeededInstitution['people']]): Actor => ({ personId: person.id, roles: person.roles, departmentId: person.departmentId });

describe('the IP deal workflow on the real activities', () => {
  it('takes a listed transfer from draft to a signed contract under lock, books its payment and completes', { timeout: 120_000 }, async () => {
    const config = testConfig(database.url, { SMTP_URL: smtp.url });
    const storage = await testStorage(config);
    const { worker, close } = await testWorker(config, { db: database.db, storage });
    const temporal = await temporalClient(config);
    const { db } = database;
    const draft = ZDealDraft.parse(
      dealDraftFor(seeded, {
        title: '缺陷检测专利转让',
        mode: 'TRANSFER',
        pricingMethod: 'LISTED',
        terms: { upfrontFeeFen: 150_000_000, upfrontDueDays: 30, milestones: [], sublicensing: 'NONE', patentCostReimbursementFen: 0 },
      }),
    ) as TDealDraft;
    const input = ipDealInputFor(seeded, draft);
    const { dealId } = input;
    const today = shanghaiDateOf(Date.now());
    try {
      await worker.runUntil(async () => {
        const handle = await temporal.client.workflow.start(ipDealWorkflow, { taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId: ipDealWorkflowId(dealId), args: [input] });
        await vi.waitFor(() => db.ipDeal.findUniqueOrThrow({ where: { id: dealId } }), { timeout: 15_000 });

        // ¥1.5M: the TTO decides alone; the TTO officers hear of it by e-mail.
        await handle.executeUpdate(submitDealUpdate, { args: [{ actor: actorOf(seeded.people.researcher) }] });
        const reviewKey = `${dealId}:r1:tto-review`;
        expect(await db.ipDeal.findUniqueOrThrow({ where: { id: dealId } })).toMatchObject({ status: 'IN_REVIEW', currentStepKey: 'tto-review', totalValueFen: 150_000_000n, submittedAt: expect.any(Date) });
        expect(await db.task.findUniqueOrThrow({ where: { key: reviewKey } })).toMatchObject({ dealId, caseId: null, state: 'OPEN', candidateRole: 'TTO_OFFICER', escalationRole: 'LEADERSHIP' });
        await vi.waitFor(() => expect(smtp.messages.some((mail) => mail.headers.get('x-spinway-delivery') === `${reviewKey}:opened:${seeded.people.tto.id}:email`)).toBe(true), { timeout: 15_000 });

        const exchange = await handle.executeUpdate(decideDealUpdate, { args: [{ actor: actorOf(seeded.people.tto), taskKey: reviewKey, decision: 'APPROVE', comment: '同意挂牌' }] });
        expect(exchange.status).toBe('EXCHANGE');
        expect(await db.task.findUniqueOrThrow({ where: { key: `${dealId}:r1:exchange` } })).toMatchObject({ kind: 'EXCHANGE_RESULT', state: 'OPEN' });

        const contract = await handle.executeUpdate(recordExchangeResultUpdate, {
          args: [{ actor: actorOf(seeded.people.tto), result: { venue: '浙江知识产权交易中心', listingReference: 'ZJIPX-2026-0042', concludedOn: today, finalPriceFen: 160_000_000, winningParty: '杭州明远智能科技有限公司', documentId: null } }],
        });
        expect(contract.status).toBe('CONTRACT');
        const contractDocument = await db.document.findUniqueOrThrow({ where: { id: contract.contractDocumentId! } });
        expect(contractDocument).toMatchObject({ dealId, kind: 'CONTRACT_DRAFT', contentType: 'application/pdf' });
        // Sold for ¥1.6M: the exchange's price is the upfront fee, in the read model too.
        expect(await db.ipDeal.findUniqueOrThrow({ where: { id: dealId } })).toMatchObject({ status: 'CONTRACT', totalValueFen: 160_000_000n, terms: expect.objectContaining({ terms: expect.objectContaining({ upfrontFeeFen: 160_000_000 }) }), exchangeResult: expect.objectContaining({ finalPriceFen: 160_000_000 }) });

        // The signed copy, uploaded as the API does (stored, then linked to the deal).
        const signed = await storeDocument({ db, storage, config }, {
          institutionId: seeded.institution.id, caseId: null, kind: 'SIGNED_CONTRACT', fileName: '转让合同-双方盖章.pdf', contentType: 'application/pdf',
          data: Buffer.from(`%PDF-1.7\n% ${randomUUID()}\n%%EOF\n`), uploadedById: seeded.people.tto.id,
        });
        await db.document.update({ where: { id: signed.id }, data: { dealId } });
        const active = await handle.executeUpdate(attachSignedContractUpdate, { args: [{ actor: actorOf(seeded.people.tto), documentId: signed.id, signedOn: today }] });
        expect(active.status).toBe('ACTIVE');
        expect((await db.document.findUniqueOrThrow({ where: { id: signed.id } })).retainUntil).not.toBeNull();
        const upfrontKey = `${dealId}:ob:upfront`;
        expect(await db.dealObligation.findUniqueOrThrow({ where: { key: upfrontKey } })).toMatchObject({ kind: 'UPFRONT', amountFen: 160_000_000n, status: 'PENDING' });

        const payment = { actor: actorOf(seeded.people.finance), paymentKey: 'bank-ref-77', obligationKey: upfrontKey, amountFen: 160_000_000, receivedOn: today };
        const paid = await handle.executeUpdate(recordPaymentUpdate, { args: [payment] });
        expect(paid).toMatchObject({ status: 'COMPLETED', awaitingRegistration: true });
        // Paid before its registration: the process ends once the number is recorded.
        await handle.executeUpdate(recordTechContractRegistrationUpdate, { args: [{ actor: actorOf(seeded.people.tto), number: '2026330100000077', registeredOn: today }] });
        await handle.result();
      });

      expect(await db.ipDeal.findUniqueOrThrow({ where: { id: dealId } })).toMatchObject({ status: 'COMPLETED', closedAt: expect.any(Date), signedOn: today });
      expect(await db.incomeEvent.findMany({ where: { dealId } })).toEqual([expect.objectContaining({ kind: 'UPFRONT', amountFen: 160_000_000n, key: `${dealId}:payment:bank-ref-77` })]);
      expect(await db.dealObligation.findUniqueOrThrow({ where: { key: `${dealId}:ob:upfront` } })).toMatchObject({ status: 'PAID', paidFen: 160_000_000n });
      const actions = (await db.auditEntry.findMany({ where: { entityType: 'IpDeal', entityId: dealId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })).map((entry) => entry.action);
      expect(actions).toEqual([
        'deal.created',
        'deal.submitted',
        'deal.step_approved',
        'deal.exchange_started',
        'deal.exchange_result_recorded',
        'deal.contract_started',
        'deal.signed',
        'deal.payment_recorded',
        'deal.completed',
        'deal.tech_contract_registered',
      ]);
      expect(await db.ipDeal.findUniqueOrThrow({ where: { id: dealId } })).toMatchObject({ status: 'COMPLETED', techContractRegNo: '2026330100000077' });
      expect(await db.task.count({ where: { dealId, state: { in: ['OPEN', 'CLAIMED'] } } })).toBe(0);
    } finally {
      await temporal.close();
      await close();
    }
  });
});
