// /cases: open, edit, submit and withdraw spin-out cases, list and read them, and upload the
// signed copies of the agreement. Every change goes to the case's workflow as an Update; the
// workflow writes PostgreSQL before the update returns, so each answer reads the new state.
import { createRoute, z } from '@hono/zod-openapi';
import { shanghaiDateOf } from '../../domain/calendar';
import { AppError } from '../../domain/errors';
import {
  attachSignedCopyUpdate,
  editDraftUpdate,
  stateQuery,
  submitUpdate,
  withdrawUpdate,
} from '../../workflows/contracts/spinout-case';
import { actorOf } from '../auth/access';
import { authenticated } from '../auth/require-auth';
import { caseWorkflow } from '../cases/case-workflow';
import { createSpinoutCase, withRegisteredMakerSpace } from '../cases/create-spinout-case';
import { findCases } from '../cases/find-cases';
import { getCaseDetail } from '../cases/get-case-detail';
import { assertOpen, assertOwner, loadVisibleCase } from '../cases/load-visible-case';
import { toDocuments } from '../cases/views';
import { storeUpload } from '../documents/store-upload';
import { errorResponses, fieldError } from '../errors';
import { createRouter } from '../router';
import { ZIdParam } from './common.schemas';
import {
  ZCaseDetail,
  ZCaseList,
  ZCaseListQuery,
  ZCreateCaseBody,
  ZEditCaseBody,
  ZSignedCopyForm,
  ZSubmitCaseBody,
  ZWithdrawCaseBody,
} from './cases.schemas';
import { ZDocument } from './documents.schemas';
import { json, jsonBody } from './openapi-responses';

const tags = ['cases'];

export const cases = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/cases',
      tags,
      summary: 'Open a spin-out case (researcher)',
      description: 'Starts the case process with the institution’s current policy profile; the case starts as a DRAFT.',
      ...authenticated,
      request: { body: jsonBody(ZCreateCaseBody) },
      responses: { 201: json(ZCaseDetail, 'The new case'), 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403], 409: errorResponses[409] },
    }),
    async (c) => {
      const { db, temporal, config } = c.get('deps');
      const me = c.get('me');
      const { caseId } = await createSpinoutCase({ db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE }, me, c.req.valid('json'));
      return c.json(await getCaseDetail(db, me, caseId), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/cases',
      tags,
      summary: 'List the cases you may see',
      description: 'A researcher sees their own cases; staff see their institution’s. Most recently changed first.',
      ...authenticated,
      request: { query: ZCaseListQuery },
      responses: { 200: json(ZCaseList, 'One page of cases'), 400: errorResponses[400], 401: errorResponses[401] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      return c.json(await findCases(db, c.get('me'), c.req.valid('query')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/cases/{id}',
      tags,
      summary: 'A case with its team, IP assets, open tasks, documents, notices and timeline',
      ...authenticated,
      request: { params: ZIdParam },
      responses: { 200: json(ZCaseDetail, 'The case'), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      // getCaseDetail answers 404 for a case `me` may not see, in the same query that loads it.
      return c.json(await getCaseDetail(db, me, c.req.valid('param').id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/cases/{id}',
      tags,
      summary: 'Edit the draft (owner; DRAFT or RETURNED cases)',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZEditCaseBody) },
      responses: {
        200: json(ZCaseDetail, 'The case with the edited draft'),
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
        404: errorResponses[404],
        409: errorResponses[409],
      },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { expectedVersion, makerSpaceId, ...changes } = c.req.valid('json');
      const row = await loadVisibleCase(db, me, id);
      assertOwner(me, row, 'edit it');
      assertOpen(row);
      const handle = caseWorkflow(temporal, row.workflowId);
      const current = await handle.query(stateQuery);
      const draft = await withRegisteredMakerSpace(db, { ...current.draft, ...changes }, makerSpaceId);
      await handle.executeUpdate(editDraftUpdate, { args: [{ actor: actorOf(me), draft, ...(expectedVersion === undefined ? {} : { expectedVersion }) }] });
      return c.json(await getCaseDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/cases/{id}/submit',
      tags,
      summary: 'Submit (or resubmit) the case for approval (owner)',
      description: 'The draft is validated in full against the case’s policy profile; problems come back as 400 naming each field, ineligibility as 409 NOT_ELIGIBLE.',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZSubmitCaseBody, false) },
      responses: {
        200: json(ZCaseDetail, 'The case, now IN_REVIEW with its first approval task open'),
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
        404: errorResponses[404],
        409: errorResponses[409],
      },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { expectedVersion } = c.req.valid('json');
      const row = await loadVisibleCase(db, me, id);
      assertOwner(me, row, 'submit it');
      assertOpen(row);
      await caseWorkflow(temporal, row.workflowId).executeUpdate(submitUpdate, {
        args: [{ actor: actorOf(me), ...(expectedVersion === undefined ? {} : { expectedVersion }) }],
      });
      return c.json(await getCaseDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/cases/{id}/withdraw',
      tags,
      summary: 'Withdraw the case (owner; until the agreement is signed)',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZWithdrawCaseBody) },
      responses: {
        200: json(ZCaseDetail, 'The withdrawn case'),
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
        404: errorResponses[404],
        409: errorResponses[409],
      },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const row = await loadVisibleCase(db, me, id);
      assertOwner(me, row, 'withdraw it');
      assertOpen(row);
      await caseWorkflow(temporal, row.workflowId).executeUpdate(withdrawUpdate, { args: [{ actor: actorOf(me), reason }] });
      return c.json(await getCaseDetail(db, me, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/cases/{id}/signed-copies',
      tags,
      summary: 'Upload a signed copy of the agreement (AGREEMENT cases)',
      description:
        'The researcher (or the tech-transfer office) uploads the researcher’s copy; the tech-transfer office uploads the institution’s. ' +
        'Once both are in, the case is SIGNED and the retention clock starts on the later signing date. An `Idempotency-Key` header makes a retried upload store once.',
      ...authenticated,
      request: { params: ZIdParam, body: { required: true, content: { 'multipart/form-data': { schema: ZSignedCopyForm } } } },
      responses: {
        201: json(z.object({ document: ZDocument, case: ZCaseDetail }).openapi('SignedCopyResult'), 'The stored copy and the case'),
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
        404: errorResponses[404],
        409: errorResponses[409],
      },
    }),
    async (c) => {
      const { db, temporal, storage, config } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { file, party, signedOn } = c.req.valid('form');
      const row = await loadVisibleCase(db, me, id);
      // Checked before storing anything, so a refused upload leaves no document behind; the
      // workflow's validator checks the same again.
      if (row.status !== 'AGREEMENT') {
        throw new AppError('INVALID_TRANSITION', `Case ${row.reference} is ${row.status}; signed copies are accepted only while the agreement awaits signature`);
      }
      const isTto = me.roles.includes('TTO_OFFICER');
      if (party === 'INSTITUTION' ? !isTto : !(isTto || row.researcherId === me.id)) {
        throw new AppError(
          'FORBIDDEN',
          party === 'INSTITUTION' ? "Only the tech-transfer office uploads the institution's signed copy" : "Only the researcher or the tech-transfer office uploads the researcher's signed copy",
        );
      }
      const today = shanghaiDateOf(Date.now());
      if (signedOn > today) throw fieldError('signedOn', `must not be after today (${today})`);
      const document = await storeUpload({ db, storage, config }, c, {
        institutionId: row.institutionId,
        caseId: row.id,
        kind: 'SIGNED_AGREEMENT',
        file,
        uploadedById: me.id,
      });
      await caseWorkflow(temporal, row.workflowId).executeUpdate(attachSignedCopyUpdate, {
        args: [{ actor: actorOf(me), party, documentId: document.id, signedOn }],
      });
      const [stored] = await toDocuments(db, [document]);
      return c.json({ document: stored!, case: await getCaseDetail(db, me, id) }, 201);
    },
  );
