// /deals/{id}/income: the income a deal brought in, which settlements take as input. Payments
// under the contract are booked by the deal's workflow (POST /deals/{id}/payments); dividends
// and exit proceeds of the shares held for 作价投资, operating profit of self-implementation and
// corrections are entered here by finance or the TTO, with evidence documents of the deal
// (upload them first, kind PAYMENT_EVIDENCE) and an Idempotency-Key, so a retry records once.
import { createRoute, z } from '@hono/zod-openapi';
import { attachIncomeEvidence } from '../../activities/settlement/attach-income-evidence';
import { recordIncomeEvent } from '../../activities/settlement/record-income-event';
import { systemClock } from '../../activities/infra/clock';
import { AppError } from '../../domain/errors';
import type { Prisma } from '../../prisma/generated/client';
import { authenticated } from '../auth/require-auth';
import { loadVisibleDeal, requireDealRole } from '../deals/load-visible-deal';
import { errorResponses } from '../errors';
import { createRouter } from '../router';
import { toIncomeEvent } from '../settlements/views';
import { ZId, ZIdParam } from './common.schemas';
import { ZAttachEvidenceBody, ZIncomeEvent, ZIncomeList, ZIncomeListQuery, ZRecordIncomeBody } from './settlements.schemas';
import { json } from './openapi-responses';

// Income belongs to a deal (its path) and feeds settlements: listed under both tags.
const tags = ['deals', 'settlements'];

const ZIdempotencyHeader = z.object({
  'idempotency-key': z
    .string({ error: 'the Idempotency-Key header is required: the same income sent again is recorded once' })
    .trim()
    .min(1, { error: 'the Idempotency-Key header is required' })
    .max(200, { error: 'the Idempotency-Key header must be at most 200 characters' })
    .openapi({ param: { name: 'idempotency-key', in: 'header', description: 'Idempotency-Key: the same key is acted on once' }, example: 'dividend-2026-06-30' }),
});

/** Income is recorded for deals that produced it: once the contract is signed. */
const INCOME_DEAL_STATUSES = ['ACTIVE', 'TERMINATED', 'EXPIRED', 'COMPLETED'];

export const settlementIncome = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals/{id}/income',
      tags,
      summary: 'Record income not paid under the contract: a dividend, exit proceeds, operating profit, a correction (finance or TTO officer)',
      description:
        'kind DIVIDEND or EQUITY_EXIT (作价投资 proceeds), OPERATING_PROFIT (自行实施; fiscalYear required) or OTHER (note required). ' +
        'Evidence: documents of the deal. The same Idempotency-Key with the same income answers 200 with the first record; with different income 409.',
      ...authenticated,
      request: { params: ZIdParam, headers: ZIdempotencyHeader, body: { required: true, content: { 'application/json': { schema: ZRecordIncomeBody } } } },
      responses: {
        201: json(ZIncomeEvent, 'The income recorded'),
        200: json(ZIncomeEvent, 'Recorded before under this Idempotency-Key'),
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
        404: errorResponses[404],
        409: errorResponses[409],
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      const body = c.req.valid('json');
      const deal = await loadVisibleDeal(db, me, c.req.valid('param').id);
      requireDealRole(me, deal, ['FINANCE_OFFICER', 'TTO_OFFICER'], 'record income of a deal');
      if (!INCOME_DEAL_STATUSES.includes(deal.status)) {
        throw new AppError('INVALID_TRANSITION', `Deal ${deal.reference} is ${deal.status}; income is recorded once the contract is in force`, { details: { status: deal.status } });
      }
      const { income, created } = await recordIncomeEvent(
        { db, clock: systemClock },
        {
          clientKey: c.req.valid('header')['idempotency-key'],
          institutionId: deal.institutionId,
          dealId: deal.id,
          kind: body.kind,
          amountFen: body.amountFen,
          receivedOn: body.receivedOn,
          evidenceDocumentIds: body.evidenceDocumentIds,
          fiscalYear: body.fiscalYear ?? null,
          note: body.note || null,
          recordedById: me.id,
        },
      );
      return created ? c.json(toIncomeEvent(income), 201) : c.json(toIncomeEvent(income), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/deals/{id}/income',
      tags,
      summary: 'The income of a deal, oldest first, with the settlement that took each in',
      description: 'Staff of the institution (and the deal’s lead researcher) may read it.',
      ...authenticated,
      request: { params: ZIdParam, query: ZIncomeListQuery },
      responses: { 200: json(ZIncomeList, 'The income events'), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      const { from, to, unsettled } = c.req.valid('query');
      const deal = await loadVisibleDeal(db, me, c.req.valid('param').id);
      const where: Prisma.IncomeEventWhereInput = {
        dealId: deal.id,
        ...(from || to ? { receivedOn: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } } : {}),
        ...(unsettled === 'true' ? { settlementId: null } : unsettled === 'false' ? { settlementId: { not: null } } : {}),
      };
      const rows = await db.incomeEvent.findMany({ where, orderBy: [{ receivedOn: 'asc' }, { createdAt: 'asc' }] });
      return c.json({ items: rows.map(toIncomeEvent) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals/{id}/income/{incomeId}/evidence',
      tags,
      summary: 'Add evidence to income already recorded, e.g. a payment booked before its bank slip was at hand (finance or TTO officer)',
      description: 'A settlement takes in only income with evidence. Allowed while no settlement has taken the income in (409 afterwards).',
      ...authenticated,
      request: {
        params: ZIdParam.extend({ incomeId: ZId.openapi({ param: { name: 'incomeId', in: 'path' } }) }),
        body: { required: true, content: { 'application/json': { schema: ZAttachEvidenceBody } } },
      },
      responses: {
        200: json(ZIncomeEvent, 'The income with its evidence'),
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
        404: errorResponses[404],
        409: errorResponses[409],
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      const { id, incomeId } = c.req.valid('param');
      const deal = await loadVisibleDeal(db, me, id);
      requireDealRole(me, deal, ['FINANCE_OFFICER', 'TTO_OFFICER'], 'add evidence to income of a deal');
      const income = await attachIncomeEvidence(
        { db, clock: systemClock },
        { institutionId: deal.institutionId, dealId: deal.id, incomeEventId: incomeId, evidenceDocumentIds: c.req.valid('json').evidenceDocumentIds, actorId: me.id },
      );
      return c.json(toIncomeEvent(income), 200);
    },
  );
