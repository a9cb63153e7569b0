// /settlements: benefit-sharing settlements (收益分配) — open one for a deal and a period,
// prepare its plan (income events, deductions, equity grant), submit it, record its payout,
// reverse it, cancel it; read the plan, its ledger and the statements. Reviews (finance, the
// tier's leadership) and objections are decided in the inbox (/tasks/{id}/decide). Every change
// is an Update to the settlement's workflow, which writes PostgreSQL before it answers.
//
// Who may do what. Everyone must be signed in (401); a settlement is visible to the staff of its
// institution and to the people on its deal's team (404 to everyone else). Among those:
//
//   action                                      TTO   FINANCE  LEADERSHIP  other staff  person in plan
//   GET /settlements, /settlements/{id}          yes   yes      yes         yes          own lines only
//   POST /settlements, PATCH, submit, cancel     yes   403      403         403          403
//   POST /settlements/{id}/documents             yes   yes      403         403          403
//   POST /settlements/{id}/payout                403   yes*     403         403          403
//   POST /settlements/{id}/reverse               yes   yes      403         403          403
//   GET  /settlements/{id}/statements/{person}   yes   yes      yes         yes          own only
//   * never for a settlement whose plan names them (403 CONFLICT_OF_INTEREST)
//
// Then the state: an action the status does not allow is 409 INVALID_TRANSITION, a stale
// expectedVersion 409 STALE_VERSION; income of another settlement 409 CONFLICT.
import { createRoute, z } from '@hono/zod-openapi';
import { presignDownload } from '../../activities/documents/store-document';
import { AppError } from '../../domain/errors';
import {
  cancelSettlementUpdate,
  editSettlementDraftUpdate,
  recordPayoutUpdate,
  reverseSettlementUpdate,
  settlementStateQuery,
  submitSettlementUpdate,
  type SettlementDraft,
} from '../../workflows/contracts/settlement';
import { actorOf, isStaff, notFound } from '../auth/access';
import { authenticated } from '../auth/require-auth';
import { toDocuments } from '../cases/views';
import { storeUpload } from '../documents/store-upload';
import { errorResponses } from '../errors';
import { createRouter } from '../router';
import { checkDraftReferences, createSettlement } from '../settlements/create-settlement';
import { findSettlements } from '../settlements/find-settlements';
import {
  assertSettlementStatus,
  assertSettlementVersion,
  loadVisibleSettlement,
  requireSettlementRole,
} from '../settlements/load-visible-settlement';
import { settlementWorkflow } from '../settlements/settlement-workflow';
import { getSettlementDetail } from '../settlements/views';
import { ZId, ZIdParam } from './common.schemas';
import { ZDocument } from './documents.schemas';
import {
  ZCreateSettlementBody,
  ZEditSettlementBody,
  ZPayoutBody,
  ZReasonBody,
  ZSettlementDetail,
  ZSettlementList,
  ZSettlementListQuery,
  ZStatementLink,
  ZSubmitSettlementBody,
  ZUploadSettlementDocumentForm,
} from './settlements.schemas';
import { actionErrors, json, jsonBody } from './openapi-responses';

const tags = ['settlements'];
export const STATEMENT_LINK_TTL_SECONDS = 300;

const ZStatementParams = z.object({
  id: ZId.openapi({ param: { name: 'id', in: 'path' } }),
  personId: ZId.openapi({ param: { name: 'personId', in: 'path' } }),
});

const ZIdempotencyHeader = z.object({
  'idempotency-key': z
    .string({ error: 'the Idempotency-Key header is required: the same payout sent again is booked once' })
    .trim()
    .min(1, { error: 'the Idempotency-Key header is required' })
    .max(200, { error: 'the Idempotency-Key header must be at most 200 characters' })
    .openapi({ param: { name: 'idempotency-key', in: 'header', description: 'Idempotency-Key: the same key is acted on once' }, example: 'payout-2026-11-27-001' }),
});

/** The fields a client sent, without the keys zod leaves undefined. */
const given = <T extends object>(changes: T): Partial<T> =>
  Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;

export const settlements = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/settlements',
      tags,
      summary: 'Open a settlement of a deal for a period (TTO officer)',
      description:
        'Starts the settlement process under the policy profile version the deal runs under. Unless `incomeEventIds` is given, every income event of the deal ' +
        'received in the period and not yet settled is taken in. The plan is computed at once and recomputed on every change: read it with GET /settlements/{id} ' +
        '(`result`, or `problems` naming each field while the draft cannot be settled). 409 when the deal is not ACTIVE (or terminated or expired) or an income event belongs to another settlement.',
      ...authenticated,
      request: { body: jsonBody(ZCreateSettlementBody) },
      responses: { 201: json(ZSettlementDetail, 'The new settlement, PREPARING'), ...actionErrors },
    }),
    async (c) => {
      const { db, temporal, config } = c.get('deps');
      const me = c.get('me');
      const { settlementId } = await createSettlement({ db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE }, me, c.req.valid('json'));
      return c.json(await getSettlementDetail(db, me, await loadVisibleSettlement(db, me, settlementId)), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/settlements',
      tags,
      summary: 'List the settlements you may see',
      description: 'Staff see their institution’s; a researcher those of deals they are on the team of. Most recently changed first.',
      ...authenticated,
      request: { query: ZSettlementListQuery },
      responses: { 200: json(ZSettlementList, 'One page of settlements'), 400: errorResponses[400], 401: errorResponses[401] },
    }),
    async (c) => c.json(await findSettlements(c.get('deps').db, c.get('me'), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/settlements/{id}',
      tags,
      summary: 'A settlement: its plan with every line and explanation step, the income, the ledger and open tasks',
      description: 'Staff see everything. A researcher in the plan sees the totals, their own lines and their own explanation (`statement`), never another member’s amounts.',
      ...authenticated,
      request: { params: ZIdParam },
      responses: { 200: json(ZSettlementDetail, 'The settlement'), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      return c.json(await getSettlementDetail(db, me, await loadVisibleSettlement(db, me, c.req.valid('param').id)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/settlements/{id}',
      tags,
      summary: 'Change the draft: income events, deductions, equity grant, dates (TTO officer; PREPARING only)',
      description: 'Fields left out stay as they are. The plan is recomputed before the answer; a draft that cannot be settled is kept, with `problems` naming each field.',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZEditSettlementBody) },
      responses: { 200: json(ZSettlementDetail, 'The settlement with its recomputed plan'), ...actionErrors },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { expectedVersion, ...body } = c.req.valid('json');
      const settlement = await loadVisibleSettlement(db, me, c.req.valid('param').id);
      requireSettlementRole(me, settlement, ['TTO_OFFICER'], 'prepare a settlement');
      assertSettlementStatus(settlement, ['PREPARING'], 'the plan can be changed');
      assertSettlementVersion(settlement, expectedVersion);
      const changes = given(body);
      await checkDraftReferences(db, { institutionId: settlement.institutionId, dealId: settlement.dealId, settlementId: settlement.id }, changes);
      const handle = settlementWorkflow(temporal, settlement.workflowId);
      const current = await handle.query(settlementStateQuery);
      const draft: SettlementDraft = { ...current.draft, ...changes };
      await handle.executeUpdate(editSettlementDraftUpdate, {
        args: [{ actor: actorOf(me), draft, ...(expectedVersion === undefined ? {} : { expectedVersion }) }],
      });
      return c.json(await getSettlementDetail(db, me, await loadVisibleSettlement(db, me, settlement.id)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/settlements/{id}/submit',
      tags,
      summary: 'Submit the plan for finance review (TTO officer)',
      description: 'Refused with 400 naming each field while the plan cannot be computed (e.g. `benefitShare.licenceIncome.teamBp` below the legal minimum, a deduction kind the profile does not allow).',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZSubmitSettlementBody, false) },
      responses: { 200: json(ZSettlementDetail, 'The settlement, now FINANCE_REVIEW with its review task open'), ...actionErrors },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { expectedVersion } = c.req.valid('json');
      const settlement = await loadVisibleSettlement(db, me, c.req.valid('param').id);
      requireSettlementRole(me, settlement, ['TTO_OFFICER'], 'submit a settlement');
      assertSettlementStatus(settlement, ['PREPARING'], 'it can be submitted');
      assertSettlementVersion(settlement, expectedVersion);
      await settlementWorkflow(temporal, settlement.workflowId).executeUpdate(submitSettlementUpdate, {
        args: [{ actor: actorOf(me), ...(expectedVersion === undefined ? {} : { expectedVersion }) }],
      });
      return c.json(await getSettlementDetail(db, me, await loadVisibleSettlement(db, me, settlement.id)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/settlements/{id}/cancel',
      tags,
      summary: 'Cancel the settlement before approval (TTO officer); its income is freed',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZReasonBody) },
      responses: { 200: json(ZSettlementDetail, 'The cancelled settlement'), ...actionErrors },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { reason } = c.req.valid('json');
      const settlement = await loadVisibleSettlement(db, me, c.req.valid('param').id);
      requireSettlementRole(me, settlement, ['TTO_OFFICER'], 'cancel a settlement');
      if (settlement.status === 'APPROVED' || settlement.status === 'PAID') {
        throw new AppError('INVALID_TRANSITION', `Settlement ${settlement.reference} is ${settlement.status}: reverse it (POST /settlements/${settlement.id}/reverse) instead`, {
          details: { status: settlement.status },
        });
      }
      assertSettlementStatus(settlement, ['PREPARING', 'FINANCE_REVIEW', 'PUBLICITY', 'OBJECTION_REVIEW', 'LEADERSHIP_APPROVAL'], 'it can be cancelled');
      await settlementWorkflow(temporal, settlement.workflowId).executeUpdate(cancelSettlementUpdate, { args: [{ actor: actorOf(me), reason }] });
      return c.json(await getSettlementDetail(db, me, await loadVisibleSettlement(db, me, settlement.id)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/settlements/{id}/payout',
      tags,
      summary: 'Record the payout of an approved plan (finance officer; Idempotency-Key required)',
      description:
        'Books a PAYOUT ledger entry per line and marks the lines paid with the payment reference. The same Idempotency-Key sent again books nothing more ' +
        'and answers as the first time; a line already paid under another key is 409. When every line is paid, each person’s statement (PDF) is generated, ' +
        'stored and sent, and the settlement is PAID.',
      ...authenticated,
      request: { params: ZIdParam, headers: ZIdempotencyHeader, body: jsonBody(ZPayoutBody) },
      responses: { 200: json(ZSettlementDetail, 'The settlement with the lines paid'), ...actionErrors },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const paymentKey = c.req.valid('header')['idempotency-key'];
      const { lineIds, paymentRef, paidOn } = c.req.valid('json');
      const settlement = await loadVisibleSettlement(db, me, c.req.valid('param').id);
      requireSettlementRole(me, settlement, ['FINANCE_OFFICER'], 'record a payout');
      // A retry of a payout that completed the settlement is answered as the first was.
      assertSettlementStatus(settlement, ['APPROVED', 'PAID'], 'a payout can be recorded');
      await settlementWorkflow(temporal, settlement.workflowId).executeUpdate(recordPayoutUpdate, {
        updateId: `payout:${paymentKey}`,
        args: [{ actor: actorOf(me), paymentKey, paymentRef, paidOn, ...(lineIds === undefined ? {} : { lineIds }) }],
      });
      return c.json(await getSettlementDetail(db, me, await loadVisibleSettlement(db, me, settlement.id)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/settlements/{id}/reverse',
      tags,
      summary: 'Reverse an approved or paid settlement (finance or TTO officer; reason required)',
      description:
        'Books the reversal of every entry of the settlement (same accounts, negated amounts, the reason on each); nothing is edited or deleted. ' +
        'The income events are freed, so a corrected settlement can take them in.',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZReasonBody) },
      responses: { 200: json(ZSettlementDetail, 'The reversed settlement'), ...actionErrors },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { reason } = c.req.valid('json');
      const settlement = await loadVisibleSettlement(db, me, c.req.valid('param').id);
      requireSettlementRole(me, settlement, ['FINANCE_OFFICER', 'TTO_OFFICER'], 'reverse a settlement');
      assertSettlementStatus(settlement, ['APPROVED', 'PAID'], 'it can be reversed (before approval, cancel it)');
      await settlementWorkflow(temporal, settlement.workflowId).executeUpdate(reverseSettlementUpdate, { args: [{ actor: actorOf(me), reason }] });
      return c.json(await getSettlementDetail(db, me, await loadVisibleSettlement(db, me, settlement.id)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/settlements/{id}/documents',
      tags,
      summary: 'Upload evidence of a deduction to the settlement (TTO or finance officer)',
      description: 'Multipart: `file` and `kind` (DEDUCTION_EVIDENCE). Refer to it from a deduction’s evidenceDocumentIds. An `Idempotency-Key` header makes a retried upload store once.',
      ...authenticated,
      request: { params: ZIdParam, body: { required: true, content: { 'multipart/form-data': { schema: ZUploadSettlementDocumentForm } } } },
      responses: { 201: json(ZDocument, 'The stored document'), ...actionErrors },
    }),
    async (c) => {
      const { db, storage, config } = c.get('deps');
      const me = c.get('me');
      const { file, kind } = c.req.valid('form');
      const settlement = await loadVisibleSettlement(db, me, c.req.valid('param').id);
      requireSettlementRole(me, settlement, ['TTO_OFFICER', 'FINANCE_OFFICER'], 'upload evidence to a settlement');
      assertSettlementStatus(settlement, ['PREPARING', 'FINANCE_REVIEW', 'PUBLICITY', 'OBJECTION_REVIEW', 'LEADERSHIP_APPROVAL'], 'evidence can be added');
      const row = await storeUpload({ db, storage, config }, c, { institutionId: settlement.institutionId, caseId: null, kind, file, uploadedById: me.id });
      if (row.settlementId !== settlement.id) {
        if (row.settlementId !== null || row.caseId !== null || row.dealId !== null) {
          throw new AppError('CONFLICT', 'This Idempotency-Key was already used for another upload', { details: { field: 'Idempotency-Key' } });
        }
        await db.document.update({ where: { id: row.id }, data: { settlementId: settlement.id } });
      }
      const [document] = await toDocuments(db, [await db.document.findUniqueOrThrow({ where: { id: row.id } })]);
      return c.json(document!, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/settlements/{id}/statements/{personId}',
      tags,
      summary: 'A short-lived link to a person’s statement (PDF)',
      description: `A person downloads only their own statement; staff of the institution anyone’s. The link is valid for ${STATEMENT_LINK_TTL_SECONDS} s. 404 until the settlement is paid and the statement generated.`,
      ...authenticated,
      request: { params: ZStatementParams },
      responses: { 200: json(ZStatementLink, 'The link'), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db, storage } = c.get('deps');
      const me = c.get('me');
      const { id, personId } = c.req.valid('param');
      const settlement = await loadVisibleSettlement(db, me, id);
      // Another person's statement is as invisible as a settlement one may not see.
      if (personId !== me.id && !(settlement.viewer === 'STAFF' && isStaff(me))) throw notFound('Statement of person', personId);
      const line = await db.payoutLine.findFirst({ where: { settlementId: settlement.id, personId, statementDocumentId: { not: null } }, select: { statementDocumentId: true } });
      if (!line?.statementDocumentId) throw notFound('Statement of person', personId);
      const document = await db.document.findUniqueOrThrow({ where: { id: line.statementDocumentId } });
      const url = await presignDownload({ storage }, document, STATEMENT_LINK_TTL_SECONDS);
      const [view] = await toDocuments(db, [document]);
      return c.json({ url, expiresInSeconds: STATEMENT_LINK_TTL_SECONDS, document: view! }, 200);
    },
  );
