// /deals: IP licensing, transfer and equity investment (转让 / 许可 / 作价投资) — open, edit,
// submit and withdraw a deal, list and read deals. The process after approval (exchange result,
// signed contract, payments, royalty reports, amendments, termination) is in deals-active.ts,
// uploads to a deal in documents.ts, decisions in tasks.ts. Every change goes to the deal's
// workflow as an Update; the workflow writes PostgreSQL before the update returns, so each
// answer reads the new state.
//
// Who may do what. Everyone must be signed in (401); a deal is visible to its lead researcher
// and to the staff of its institution, and is 404 to everyone else (other researchers, other
// institutions). Among those who can see it:
//
//   action                                          lead res.  creator*  TTO   FINANCE  other staff
//   GET /deals, /deals/{id}, /deals/{id}/contract    yes        yes       yes   yes      yes
//   POST /deals                                      own        —         on behalf (leadResearcherId)
//   PATCH /deals/{id}, submit, withdraw              yes        yes       403   403      403
//   upload ATTACHMENT, VALUATION_REPORT,
//          CONFLICT_DISCLOSURE                       yes        yes       yes   403      403
//   upload EXCHANGE_RECORD, SIGNED_CONTRACT,
//          ROYALTY_REPORT                            403        —         yes   403      403
//   upload PAYMENT_EVIDENCE                          403        —         yes   yes      403
//   exchange-result, signed-contract,
//   tech-contract-registration, obligation event,
//   obligation waive, royalty-reports, amendments,
//   terminate                                        403        —         yes   403      403
//   payments                                         403        —         yes   yes      403
//   tasks: claim / decide / delegate                 the task's assignee or role (workflow); never the
//                                                    lead researcher, a team member or anyone with an
//                                                    interest in the counterparty (403 CONFLICT_OF_INTEREST)
//
//   * creator: the TTO officer who opened the deal on the lead researcher's behalf; as a TTO
//     officer they also have the TTO column. Researchers do not record royalty reports or
//     payments: the TTO (and finance, for payments) records what the licensee reports and pays.
//
// Then the state: an action the deal's status does not allow is 409 INVALID_TRANSITION, a
// stale expectedVersion 409 STALE_VERSION, a closed deal (REJECTED, WITHDRAWN; TERMINATED or
// EXPIRED once its process has finished) 409 for every change. A TERMINATED or EXPIRED deal
// with something still owed takes payments, royalty reports, waivers and its closing
// termination until then.
import { createRoute } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors';
import type { TDealDraft } from '../../domain/licensing';
import { dealStateQuery, editDealDraftUpdate, submitDealUpdate, withdrawDealUpdate } from '../../workflows/contracts/ip-deal';
import { actorOf } from '../auth/access';
import { authenticated } from '../auth/require-auth';
import { createIpDeal } from '../deals/create-deal';
import { checkDealReferences } from '../deals/deal-references';
import { assertSubmittable } from '../deals/deal-submission';
import { dealWorkflow, updateDeal } from '../deals/deal-workflow';
import { findDeals } from '../deals/find-deals';
import { getDealDetail } from '../deals/get-deal-detail';
import { assertDealOwner, assertDealStatus, assertDealVersion, loadVisibleDeal } from '../deals/load-visible-deal';
import { errorResponses, fieldError } from '../errors';
import { createRouter } from '../router';
import { ZIdParam } from './common.schemas';
import { ZCreateDealBody, ZDealDetail, ZDealList, ZDealListQuery, ZEditDealBody, ZReasonBody, ZSubmitDealBody } from './deals.schemas';
import { actionErrors, json, jsonBody } from './openapi-responses';

const tags = ['deals'];

/** The fields a client sent, without the keys zod leaves undefined. */
const given = <T extends object>(changes: T): Partial<T> =>
  Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;

export const deals = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals',
      tags,
      summary: 'Open an IP deal (researcher for their own result; TTO officer on a researcher’s behalf)',
      description:
        'Starts the deal process with the institution’s current policy profile; the deal starts as a DRAFT. ' +
        'caseId, when given, must be a spin-out case of the lead researcher; assets named by ipAssetId must be IP assets of the institution; ' +
        'team members named by personId people of the institution. Documents (valuation report, conflict disclosure) are uploaded to the deal afterwards and referred to with PATCH.',
      ...authenticated,
      request: { body: jsonBody(ZCreateDealBody) },
      responses: { 201: json(ZDealDetail, 'The new deal'), 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403], 409: errorResponses[409] },
    }),
    async (c) => {
      const { db, temporal, config } = c.get('deps');
      const me = c.get('me');
      const { dealId } = await createIpDeal({ db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE }, me, c.req.valid('json'));
      return c.json(await getDealDetail(db, me, dealId), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/deals',
      tags,
      summary: 'List the deals you may see',
      description: 'A researcher sees the deals they lead; staff see their institution’s. Most recently changed first.',
      ...authenticated,
      request: { query: ZDealListQuery },
      responses: { 200: json(ZDealList, 'One page of deals'), 400: errorResponses[400], 401: errorResponses[401] },
    }),
    async (c) => c.json(await findDeals(c.get('deps').db, c.get('me'), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/deals/{id}',
      tags,
      summary: 'A deal with its terms, assets, team, obligations, royalty periods, amendments, income, documents, open tasks and timeline',
      ...authenticated,
      request: { params: ZIdParam },
      responses: { 200: json(ZDealDetail, 'The deal'), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      await loadVisibleDeal(db, me, id);
      return c.json(await getDealDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/deals/{id}',
      tags,
      summary: 'Edit the draft (lead researcher or creator; DRAFT or RETURNED deals)',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZEditDealBody) },
      responses: { 200: json(ZDealDetail, 'The deal with the edited draft'), ...actionErrors },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { expectedVersion, ...body } = c.req.valid('json');
      const deal = await loadVisibleDeal(db, me, id);
      assertDealOwner(me, deal, 'edit it');
      assertDealStatus(deal, ['DRAFT', 'RETURNED'], 'the draft can be edited');
      assertDealVersion(deal, expectedVersion);
      const changes = given(body);
      if (changes.caseId !== undefined && changes.caseId !== deal.caseId) throw fieldError('caseId', 'is set when the deal is opened and cannot change');
      await checkDealReferences(db, { institutionId: deal.institutionId, leadResearcherId: deal.leadResearcherId, dealId: deal.id }, changes);
      const handle = dealWorkflow(temporal, deal.workflowId);
      const current = await handle.query(dealStateQuery);
      const draft: TDealDraft = { ...current.draft, ...changes };
      await updateDeal(temporal, deal, editDealDraftUpdate, { actor: actorOf(me), draft, ...(expectedVersion === undefined ? {} : { expectedVersion }) });
      return c.json(await getDealDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals/{id}/submit',
      tags,
      summary: 'Submit (or resubmit) the deal for approval (lead researcher or creator)',
      description:
        'The draft is validated in full against the deal’s policy profile; problems come back as 400 naming each field ' +
        '(e.g. `assets` when the allocations do not add up to 10000, `valuationReportDocumentId` when the profile requires a valuation report). ' +
        'The approval chain follows the value’s tier: the tech-transfer office’s review, then the tier’s approver.',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZSubmitDealBody, false) },
      responses: { 200: json(ZDealDetail, 'The deal, now IN_REVIEW with its first approval task open'), ...actionErrors },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { expectedVersion } = c.req.valid('json');
      const deal = await loadVisibleDeal(db, me, id);
      assertDealOwner(me, deal, 'submit it');
      assertDealStatus(deal, ['DRAFT', 'RETURNED'], 'it can be submitted');
      assertDealVersion(deal, expectedVersion);
      const handle = dealWorkflow(temporal, deal.workflowId);
      const { draft } = await handle.query(dealStateQuery);
      await assertSubmittable(db, deal, draft);
      await updateDeal(temporal, deal, submitDealUpdate, { actor: actorOf(me), ...(expectedVersion === undefined ? {} : { expectedVersion }) });
      return c.json(await getDealDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals/{id}/withdraw',
      tags,
      summary: 'Withdraw the deal (lead researcher or creator; until the contract is signed)',
      description: 'An ACTIVE deal is not withdrawn but terminated (POST /deals/{id}/terminate).',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZReasonBody) },
      responses: { 200: json(ZDealDetail, 'The withdrawn deal'), ...actionErrors },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const deal = await loadVisibleDeal(db, me, id);
      assertDealOwner(me, deal, 'withdraw it');
      if (deal.status === 'ACTIVE') {
        throw new AppError('INVALID_TRANSITION', `Deal ${deal.reference} is ACTIVE: it is terminated (POST /deals/${deal.id}/terminate), not withdrawn`, {
          details: { status: deal.status },
        });
      }
      assertDealStatus(deal, ['DRAFT', 'IN_REVIEW', 'RETURNED', 'PUBLICITY', 'OBJECTION_REVIEW', 'EXCHANGE', 'CONTRACT'], 'it can be withdrawn');
      await updateDeal(temporal, deal, withdrawDealUpdate, { actor: actorOf(me), reason });
      return c.json(await getDealDetail(db, me, id), 200);
    },
  );
