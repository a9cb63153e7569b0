// /deals/{id}/…: the deal after approval — the exchange's result (挂牌交易 / 拍卖), the signed
// contract (→ ACTIVE), the 技术合同认定登记 number, milestones, payments (each an income event),
// royalty reports, amendments, an obligation waived, termination — and the contract's download.
// A terminated deal keeps what had fallen due by its effective date owed: it still takes
// payments, royalty reports and waivers until that is settled (or it is closed). Who may do what is
// in the header of deals.ts. Documents a request names (exchange record, signed contract,
// payment evidence, royalty report) are uploaded first with POST /deals/{id}/documents.
import { createRoute, z } from '@hono/zod-openapi';
import { presignDownload } from '../../activities/documents/store-document';
import { shanghaiDateOf } from '../../domain/calendar';
import { AppError } from '../../domain/errors';
import type { TDealDraft } from '../../domain/licensing';
import {
  attachSignedContractUpdate,
  dealStateQuery,
  recordExchangeResultUpdate,
  recordMilestoneEventUpdate,
  recordPaymentUpdate,
  recordTechContractRegistrationUpdate,
  requestAmendmentUpdate,
  submitRoyaltyReportUpdate,
  SETTLED_OBLIGATION_STATUSES,
  terminateDealUpdate,
  waiveDealObligationUpdate,
  type ObligationStatus,
} from '../../workflows/contracts/ip-deal';
import { actorOf } from '../auth/access';
import { authenticated } from '../auth/require-auth';
import { toDocuments } from '../cases/views';
import { assertDealDocument, checkDealReferences } from '../deals/deal-references';
import { assertSubmittable } from '../deals/deal-submission';
import { dealWorkflow, updateDeal } from '../deals/deal-workflow';
import { getDealDetail } from '../deals/get-deal-detail';
import { assertDealStatus, assertDealVersion, loadVisibleDeal, requireDealRole, type VisibleDeal } from '../deals/load-visible-deal';
import { errorResponses, fieldError, toAppError } from '../errors';
import { createRouter } from '../router';
import { ZIdParam } from './common.schemas';
import {
  ZAmendmentBody,
  ZContractQuery,
  ZDealDetail,
  ZExchangeResultBody,
  ZMilestoneEventBody,
  ZObligationParams,
  ZPaymentBody,
  ZRoyaltyReportBody,
  ZSignedContractBody,
  ZTechContractRegistrationBody,
  ZTerminateBody,
  ZWaiveObligationBody,
} from './deals.schemas';
import { ZDocument, ZDownloadLink } from './documents.schemas';
import { DOWNLOAD_TTL_SECONDS } from './documents';
import { actionErrors, json, jsonBody } from './openapi-responses';

const tags = ['deals'];
const dealResponse = (description: string) => ({ 200: json(ZDealDetail, description), ...actionErrors });

/** A date the client reports as past (a signing, a payment): today (Asia/Shanghai) at the latest. */
function notAfterToday(field: string, date: string): void {
  const today = shanghaiDateOf(Date.now());
  if (date > today) throw fieldError(field, `must not be after today (${today})`);
}

/**
 * The workflow names some fields inside its input (`result.winningParty`); the request has them
 * at the top level (`winningParty`), so a refusal names the field the client sent.
 */
async function withTopLevelFields<T>(prefix: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const appError = toAppError(error);
    if (appError?.code !== 'VALIDATION_FAILED' || !appError.message.startsWith(prefix) || appError.details?.issues !== undefined) throw error;
    throw new AppError('VALIDATION_FAILED', appError.message.slice(prefix.length), { cause: error });
  }
}


const scopeOf = (deal: VisibleDeal) => ({ institutionId: deal.institutionId, leadResearcherId: deal.leadResearcherId, dealId: deal.id });

const given = <T extends object>(changes: T): Partial<T> =>
  Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;

export const dealsActive = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals/{id}/exchange-result',
      tags,
      summary: 'Record the exchange’s or auction’s result (TTO; 挂牌交易 / 拍卖 deals in EXCHANGE)',
      description: 'The final price (integer fen) becomes the contract price; the contract draft is generated next.',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZExchangeResultBody) },
      responses: dealResponse('The deal, now in CONTRACT'),
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { expectedVersion, documentId, ...result } = c.req.valid('json');
      const deal = await loadVisibleDeal(db, me, id);
      requireDealRole(me, deal, ['TTO_OFFICER'], 'record an exchange result');
      if (deal.pricingMethod === 'AGREED') {
        throw new AppError('INVALID_TRANSITION', `Deal ${deal.reference} is priced by agreement (协议定价): it has publicity, not an exchange result`);
      }
      assertDealStatus(deal, ['EXCHANGE'], 'the exchange result is recorded');
      assertDealVersion(deal, expectedVersion);
      notAfterToday('concludedOn', result.concludedOn);
      if (documentId !== undefined) await assertDealDocument(db, scopeOf(deal), 'documentId', documentId, 'EXCHANGE_RECORD');
      await withTopLevelFields('result.', () =>
        updateDeal(temporal, deal, recordExchangeResultUpdate, { actor: actorOf(me), result: { ...result, documentId: documentId ?? null } }),
      );
      return c.json(await getDealDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals/{id}/signed-contract',
      tags,
      summary: 'Record the signed contract (TTO; deals in CONTRACT) — the deal becomes ACTIVE',
      description:
        'Upload the signed contract first (POST /deals/{id}/documents, kind SIGNED_CONTRACT), then name it here with the signing date. ' +
        'It is put under object lock; the licence runs from the terms’ effective date, or the signing date.',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZSignedContractBody) },
      responses: dealResponse('The deal, now ACTIVE'),
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { documentId, signedOn, expectedVersion } = c.req.valid('json');
      const deal = await loadVisibleDeal(db, me, id);
      requireDealRole(me, deal, ['TTO_OFFICER'], 'record the signed contract');
      assertDealStatus(deal, ['CONTRACT'], 'the signed contract is recorded');
      assertDealVersion(deal, expectedVersion);
      notAfterToday('signedOn', signedOn);
      await assertDealDocument(db, scopeOf(deal), 'documentId', documentId, 'SIGNED_CONTRACT');
      await updateDeal(temporal, deal, attachSignedContractUpdate, { actor: actorOf(me), documentId, signedOn });
      return c.json(await getDealDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals/{id}/tech-contract-registration',
      tags,
      summary: 'Record the 技术合同认定登记 number (TTO; once the contract is drafted, and after the deal has run its course: its process waits for the number)',
      description: 'Needed for the tax treatment of the team’s rewards (财税〔2018〕58号).',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZTechContractRegistrationBody) },
      responses: dealResponse('The deal with its registration number'),
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { number, registeredOn } = c.req.valid('json');
      const deal = await loadVisibleDeal(db, me, id);
      requireDealRole(me, deal, ['TTO_OFFICER'], 'record the technology contract registration');
      assertDealStatus(deal, ['CONTRACT', 'ACTIVE', 'EXPIRED', 'TERMINATED', 'COMPLETED'], 'the registration is recorded');
      notAfterToday('registeredOn', registeredOn);
      await updateDeal(temporal, deal, recordTechContractRegistrationUpdate, { actor: actorOf(me), number, registeredOn });
      return c.json(await getDealDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals/{id}/obligations/{key}/event',
      tags,
      summary: 'Record that a milestone’s event occurred (TTO; ACTIVE deals) — its payment falls due',
      ...authenticated,
      request: { params: ZObligationParams, body: jsonBody(ZMilestoneEventBody) },
      responses: dealResponse('The deal with the milestone’s due date'),
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id, key } = c.req.valid('param');
      const { eventOn } = c.req.valid('json');
      const deal = await loadVisibleDeal(db, me, id);
      requireDealRole(me, deal, ['TTO_OFFICER'], 'record a milestone event');
      const obligation = await db.dealObligation.findUnique({ where: { key }, select: { dealId: true, kind: true, label: true, eventOn: true } });
      if (!obligation || obligation.dealId !== deal.id) throw new AppError('NOT_FOUND', `Deal ${deal.reference} has no obligation ${key}`);
      if (obligation.kind !== 'MILESTONE') throw new AppError('WRONG_STEP', `Obligation ${key} (${obligation.label}) is ${obligation.kind}, not a milestone`);
      assertDealStatus(deal, ['ACTIVE'], 'milestone events are recorded');
      if (obligation.eventOn !== null) throw new AppError('ALREADY_DECIDED', `The event of milestone "${obligation.label}" was already recorded (${obligation.eventOn})`);
      notAfterToday('eventOn', eventOn);
      await updateDeal(temporal, deal, recordMilestoneEventUpdate, { actor: actorOf(me), obligationKey: key, eventOn });
      return c.json(await getDealDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals/{id}/obligations/{key}/waive',
      tags,
      summary: 'Waive what is still owed on an obligation (TTO; ACTIVE, EXPIRED or TERMINATED deals) — what was paid stays paid',
      description:
        'The obligation becomes WAIVED, its follow-up tasks are closed and the reason is kept in the audit log (deal.obligation_waived); ' +
        'a deal with nothing else outstanding completes. 409 ALREADY_DECIDED when it is already PAID, WAIVED or CANCELLED.',
      ...authenticated,
      request: { params: ZObligationParams, body: jsonBody(ZWaiveObligationBody) },
      responses: dealResponse('The deal with the obligation waived'),
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id, key } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const deal = await loadVisibleDeal(db, me, id);
      requireDealRole(me, deal, ['TTO_OFFICER'], 'waive an obligation');
      const obligation = await db.dealObligation.findUnique({ where: { key }, select: { dealId: true, label: true, status: true } });
      if (!obligation || obligation.dealId !== deal.id) throw new AppError('NOT_FOUND', `Deal ${deal.reference} has no obligation ${key}`);
      assertDealStatus(deal, ['ACTIVE', 'EXPIRED', 'TERMINATED'], 'obligations are waived');
      if (SETTLED_OBLIGATION_STATUSES.includes(obligation.status as ObligationStatus)) {
        throw new AppError('ALREADY_DECIDED', `"${obligation.label}" is ${obligation.status}; nothing is owed on it`, { details: { status: obligation.status } });
      }
      await updateDeal(temporal, deal, waiveDealObligationUpdate, { actor: actorOf(me), obligationKey: key, reason });
      return c.json(await getDealDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals/{id}/payments',
      tags,
      summary: 'Record a payment received (TTO or finance; ACTIVE, EXPIRED or TERMINATED deals) — it becomes an income event',
      description:
        '`amountFen` is the amount in integer fen (¥0.01): 150000000 is ¥1,500,000.00; no decimals or strings. ' +
        '`paymentKey` is yours to choose (e.g. the bank transaction number): sending the same payment again books it once. ' +
        'Name what it settles — `obligationKey` or `royaltyPeriodKey` (see the deal’s obligations and royalty periods) — or neither for other income. ' +
        'An expired or terminated deal takes payments until what it still owes is settled; once its process has finished, 409.',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZPaymentBody) },
      responses: dealResponse('The deal with the payment booked'),
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const payment = c.req.valid('json');
      const deal = await loadVisibleDeal(db, me, id);
      requireDealRole(me, deal, ['TTO_OFFICER', 'FINANCE_OFFICER'], 'record a payment');
      assertDealStatus(deal, ['ACTIVE', 'EXPIRED', 'TERMINATED'], 'payments are recorded');
      notAfterToday('receivedOn', payment.receivedOn);
      if (payment.obligationKey !== undefined) {
        const obligation = await db.dealObligation.findUnique({ where: { key: payment.obligationKey }, select: { dealId: true } });
        if (obligation?.dealId !== deal.id) throw fieldError('obligationKey', `deal ${deal.reference} has no obligation ${payment.obligationKey}`);
      }
      if (payment.royaltyPeriodKey !== undefined) {
        const period = await db.royaltyPeriod.findUnique({ where: { key: payment.royaltyPeriodKey }, select: { dealId: true, status: true } });
        if (period?.dealId !== deal.id) throw fieldError('royaltyPeriodKey', `deal ${deal.reference} has no royalty period ${payment.royaltyPeriodKey}`);
        if (period.status !== 'REPORTED') {
          throw new AppError('INVALID_TRANSITION', `The royalty period ${payment.royaltyPeriodKey} is ${period.status}: record its report first (POST /deals/${deal.id}/royalty-reports)`);
        }
      }
      if (payment.evidenceDocumentId !== undefined) {
        await assertDealDocument(db, scopeOf(deal), 'evidenceDocumentId', payment.evidenceDocumentId, 'PAYMENT_EVIDENCE');
      }
      await updateDeal(temporal, deal, recordPaymentUpdate, { actor: actorOf(me), ...payment });
      return c.json(await getDealDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals/{id}/royalty-reports',
      tags,
      summary: 'Record the licensee’s royalty report for a period that has ended (TTO; ACTIVE, EXPIRED or TERMINATED deals)',
      description: 'Net sales in integer fen; the royalty owed (rate × net sales, rounded half up to the fen) follows. Upload the report first (kind ROYALTY_REPORT).',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZRoyaltyReportBody) },
      responses: dealResponse('The deal with the period reported'),
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { periodKey, netSalesFen, documentId } = c.req.valid('json');
      const deal = await loadVisibleDeal(db, me, id);
      requireDealRole(me, deal, ['TTO_OFFICER'], 'record a royalty report');
      assertDealStatus(deal, ['ACTIVE', 'EXPIRED', 'TERMINATED'], 'royalty reports are recorded');
      const period = await db.royaltyPeriod.findUnique({ where: { key: periodKey }, select: { dealId: true, status: true, periodStart: true, periodEnd: true } });
      if (period?.dealId !== deal.id) throw fieldError('periodKey', `deal ${deal.reference} has no royalty period ${periodKey}`);
      if (period.status === 'REPORTED') throw new AppError('ALREADY_DECIDED', `The royalty period ${period.periodStart}–${period.periodEnd} is already reported`);
      await assertDealDocument(db, scopeOf(deal), 'documentId', documentId, 'ROYALTY_REPORT');
      await updateDeal(temporal, deal, submitRoyaltyReportUpdate, { actor: actorOf(me), periodKey, netSalesFen, documentId });
      return c.json(await getDealDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals/{id}/amendments',
      tags,
      summary: 'Propose an amendment of an active deal (TTO) — it goes through approval',
      description:
        'The fields given replace the deal’s (as for PATCH); the amended deal must pass the submission rules (400 naming each field) and is approved ' +
        'by the tier of its new value. One amendment at a time (409 while one is pending).',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZAmendmentBody) },
      responses: dealResponse('The deal with the amendment pending'),
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { reason, ...body } = c.req.valid('json');
      const deal = await loadVisibleDeal(db, me, id);
      requireDealRole(me, deal, ['TTO_OFFICER'], 'propose an amendment');
      assertDealStatus(deal, ['ACTIVE'], 'amendments are proposed');
      const pending = await db.dealAmendment.findFirst({ where: { dealId: deal.id, status: 'PENDING' }, select: { id: true } });
      if (pending) throw new AppError('CONFLICT', `Deal ${deal.reference} already has an amendment awaiting approval`);
      const changes = given(body);
      await checkDealReferences(db, scopeOf(deal), changes);
      const { draft: current } = await dealWorkflow(temporal, deal.workflowId).query(dealStateQuery);
      const draft: TDealDraft = { ...current, ...changes };
      await assertSubmittable(db, deal, draft);
      await updateDeal(temporal, deal, requestAmendmentUpdate, { actor: actorOf(me), reason, draft });
      return c.json(await getDealDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals/{id}/terminate',
      tags,
      summary: 'Terminate an active deal, or close an expired or terminated one with items outstanding (TTO)',
      description:
        'An ACTIVE deal becomes TERMINATED on `effectiveOn`: what had fallen due by then (unpaid obligations due on or before it, milestones reached by then, ' +
        'royalties reported, overdue reports, the report of the period running on it, which then ends the day before) stays owed and tracked — payments, royalty reports and waivers are still taken — and the rest is cancelled. ' +
        'On an EXPIRED or TERMINATED deal that still has something outstanding it closes the deal: everything outstanding is cancelled, the status stays. ' +
        'Once the deal’s process has finished, 409.',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZTerminateBody) },
      responses: dealResponse('The terminated deal'),
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { reason, effectiveOn } = c.req.valid('json');
      const deal = await loadVisibleDeal(db, me, id);
      requireDealRole(me, deal, ['TTO_OFFICER'], 'terminate a deal');
      assertDealStatus(deal, ['ACTIVE', 'EXPIRED', 'TERMINATED'], 'a deal is terminated or closed');
      await updateDeal(temporal, deal, terminateDealUpdate, { actor: actorOf(me), reason, effectiveOn });
      return c.json(await getDealDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/deals/{id}/contract',
      tags,
      summary: 'Download the contract: the signed one once recorded, the generated draft before (presigned URL, 5 minutes)',
      description: 'Redirects (302) to the URL; with `format=json` answers `{ url, expiresAt, document }`. 404 while there is no contract yet.',
      ...authenticated,
      request: { params: ZIdParam, query: ZContractQuery },
      responses: {
        200: json(ZDownloadLink.extend({ document: ZDocument }).openapi('ContractDownload'), 'The presigned URL and the document (format=json)'),
        302: { description: 'Redirect to the presigned URL', headers: z.object({ Location: z.url() }) },
        400: errorResponses[400],
        401: errorResponses[401],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { db, storage } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const deal = await loadVisibleDeal(db, me, id);
      const row =
        (await db.document.findFirst({ where: { dealId: deal.id, kind: 'SIGNED_CONTRACT', retainUntil: { not: null } }, orderBy: { uploadedAt: 'desc' } })) ??
        (await db.document.findFirst({ where: { dealId: deal.id, kind: 'CONTRACT_DRAFT' }, orderBy: { uploadedAt: 'desc' } }));
      if (!row) throw new AppError('NOT_FOUND', `Deal ${deal.reference} has no contract yet`);
      const expiresAt = new Date(Date.now() + DOWNLOAD_TTL_SECONDS * 1000);
      const url = await presignDownload({ storage }, row, DOWNLOAD_TTL_SECONDS);
      if (c.req.valid('query').format === 'json') {
        const [document] = await toDocuments(db, [row]);
        return c.json({ url, expiresAt: expiresAt.toISOString(), document: document! }, 200);
      }
      c.header('Cache-Control', 'no-store');
      return c.redirect(url, 302);
    },
  );
