// /tasks: a person's inbox and the actions on a task — claim, decide, delegate. Each action is
// an Update to the workflow the task belongs to — the spin-out case's, its retention clock's,
// or the IP deal's (api/deals/deal-tasks.ts) — whose validators refuse the wrong person (403),
// the wrong step or a stale version (409); the API maps them and reads the effect from PostgreSQL.
// Each action reads its task once (loadVisibleTask: task, subject and visibility in one query)
// and its answer once, after the Update: the decision round trip is the busiest path.
import { createRoute } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors';
import {
  claimUpdate,
  decideUpdate,
  delegateUpdate,
  resolveObjectionUpdate,
} from '../../workflows/contracts/spinout-case';
import { actorOf, notFound } from '../auth/access';
import { authenticated } from '../auth/require-auth';
import { caseWorkflow } from '../cases/case-workflow';
import { caseSummarySelect, taskInclude, toCaseSummary, toTask } from '../cases/views';
import { claimDealTask, decideDealTask, delegateDealTask, isDealTask } from '../deals/deal-tasks';
import { dealSummarySelect, toDealSummary } from '../deals/views';
import type { ApiDeps } from '../deps';
import { errorResponses, fieldError } from '../errors';
import { decideClockTask, isClockTask, refuseClockTaskAction } from '../retention/clock-tasks';
import { createRouter } from '../router';
import { claimSettlementTask, decideSettlementTask, delegateSettlementTask, isSettlementTask } from '../settlements/settlement-tasks';
import { findInboxTasks } from '../tasks/find-inbox-tasks';
import { assertTaskOpen, loadVisibleTask, requireCaseTask } from '../tasks/load-visible-task';
import { ZIdParam } from './common.schemas';
import { ZDecideBody, ZDelegateBody, ZInbox, ZInboxQuery, ZTaskResult } from './tasks.schemas';
import { actionErrors, json, jsonBody } from './openapi-responses';

const tags = ['tasks'];

// The answer of an action: the task as the Update left it, with its case or its deal (a task has
// exactly one subject, so only that one is joined).
async function caseTaskResult(db: ApiDeps['db'], taskId: string) {
  const task = await db.task.findUniqueOrThrow({ where: { id: taskId }, include: { ...taskInclude, case: { select: caseSummarySelect } } });
  return { task: toTask(task), case: task.case ? toCaseSummary(task.case) : null, deal: null };
}

async function dealTaskResult(db: ApiDeps['db'], taskId: string) {
  const task = await db.task.findUniqueOrThrow({ where: { id: taskId }, include: { ...taskInclude, deal: { select: dealSummarySelect } } });
  return { task: toTask(task), case: null, deal: task.deal ? toDealSummary(task.deal) : null };
}

export const tasks = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/tasks/inbox',
      tags,
      summary: 'Your inbox: assigned to you, open to one of your roles, or escalated to you',
      description: 'Open and claimed tasks of your institution, soonest due first. A department head sees only their department’s.',
      ...authenticated,
      request: { query: ZInboxQuery },
      responses: { 200: json(ZInbox, 'One page of tasks'), 400: errorResponses[400], 401: errorResponses[401] },
    }),
    async (c) => c.json(await findInboxTasks(c.get('deps').db, c.get('me'), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/tasks/{id}/claim',
      tags,
      summary: 'Claim a task open to your role, so it is yours alone',
      ...authenticated,
      request: { params: ZIdParam },
      responses: { 200: json(ZTaskResult, 'The claimed task'), ...actionErrors },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const visible = await loadVisibleTask(db, me, c.req.valid('param').id);
      if (isSettlementTask(visible)) return c.json(await claimSettlementTask({ db, temporal }, me, visible), 200);
      assertTaskOpen(visible);
      if (isDealTask(visible)) {
        await claimDealTask({ db, temporal }, me, actorOf(me), visible);
        return c.json(await dealTaskResult(db, visible.id), 200);
      }
      const task = requireCaseTask(visible);
      if (isClockTask(task)) refuseClockTaskAction(task, 'claimed');
      await caseWorkflow(temporal, task.case.workflowId).executeUpdate(claimUpdate, { args: [{ actor: actorOf(me), taskKey: task.key }] });
      return c.json(await caseTaskResult(db, task.id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/tasks/{id}/decide',
      tags,
      summary: 'Decide a task',
      description:
        'Approval steps (of a spin-out case or an IP deal): APPROVE, REJECT (comment = the reason) or RETURN (comment = what to change). ' +
        'Objection reviews: DISMISS (publicity resumes) or UPHOLD (the case or deal goes back to review), with the reasoning as comment. ' +
        'No one decides a step of a deal they lead, are on the team of, or have an interest in the counterparty of (403 CONFLICT_OF_INTEREST); ' +
        'deal tasks done elsewhere (exchange result, signed contract, payments, royalty reports) answer 409 WRONG_STEP naming the endpoint. ' +
        'Retention-clock requests (early return, extension step, resignation): APPROVE or REJECT (comment = the reason); the clock’s ' +
        '“record the outcome” task is done with POST /cases/{id}/clock/outcome (409 WRONG_STEP here, naming that path).',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZDecideBody) },
      responses: { 200: json(ZTaskResult, 'The decided task and its case or deal'), ...actionErrors },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { decision, comment, expectedVersion } = c.req.valid('json');
      const visible = await loadVisibleTask(db, me, c.req.valid('param').id);
      if (isSettlementTask(visible)) return c.json(await decideSettlementTask({ db, temporal }, me, visible, { decision, comment, expectedVersion }), 200);
      assertTaskOpen(visible);
      const actor = actorOf(me);
      if (isDealTask(visible)) {
        await decideDealTask({ db, temporal }, me, actor, visible, { decision, comment, expectedVersion });
        return c.json(await dealTaskResult(db, visible.id), 200);
      }
      const task = requireCaseTask(visible);
      const handle = caseWorkflow(temporal, task.case.workflowId);
      if (isClockTask(task)) {
        // The retention clock's own tasks go to the clock's workflow (expectedVersion is the case's and does not apply).
        await decideClockTask(temporal, actor, task, { decision, comment });
      } else if (task.kind === 'APPROVAL') {
        if (decision !== 'APPROVE' && decision !== 'REJECT' && decision !== 'RETURN') {
          throw fieldError('decision', 'an approval step is decided with APPROVE, REJECT or RETURN');
        }
        await handle.executeUpdate(decideUpdate, {
          args: [{ actor, taskKey: task.key, decision, ...(comment ? { comment } : {}), ...(expectedVersion === undefined ? {} : { expectedVersion }) }],
        });
      } else if (task.kind === 'OBJECTION_REVIEW') {
        if (decision !== 'DISMISS' && decision !== 'UPHOLD') throw fieldError('decision', 'an objection review is decided with DISMISS or UPHOLD');
        if (!comment) throw fieldError('comment', 'the reasoning for the resolution is required');
        await handle.executeUpdate(resolveObjectionUpdate, { args: [{ actor, taskKey: task.key, outcome: decision, comment }] });
      } else {
        throw new AppError(
          'WRONG_STEP',
          task.kind === 'RESUBMIT'
            ? 'A resubmission task is done by editing and resubmitting the case (POST /cases/{id}/submit)'
            : task.kind === 'SIGN_AGREEMENT'
              ? 'The agreement task is done by uploading the signed copies (POST /cases/{id}/signed-copies)'
              : `A ${task.kind} task is not decided here`,
        );
      }
      return c.json(await caseTaskResult(db, task.id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/tasks/{id}/delegate',
      tags,
      summary: 'Delegate a task to a deputy',
      description: 'The deputy must be an active person of your institution holding the task’s role (for a department head’s task, of the same department).',
      ...authenticated,
      request: { params: ZIdParam, body: jsonBody(ZDelegateBody) },
      responses: { 200: json(ZTaskResult, 'The task, now assigned to the deputy'), ...actionErrors },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const me = c.get('me');
      const { deputyId, comment } = c.req.valid('json');
      const task = await loadVisibleTask(db, me, c.req.valid('param').id);
      if (isSettlementTask(task)) return c.json(await delegateSettlementTask({ db, temporal }, me, task, { deputyId, comment }), 200);
      assertTaskOpen(task);
      if (!isDealTask(task)) {
        const caseTask = requireCaseTask(task);
        if (isClockTask(caseTask)) refuseClockTaskAction(caseTask, 'delegated');
      }
      const deputy = await db.person.findUnique({ where: { id: deputyId }, select: { id: true, institutionId: true, departmentId: true, roles: true, active: true } });
      if (!deputy || deputy.institutionId !== me.institutionId) throw notFound('Deputy (deputyId)', deputyId);
      if (!deputy.active) throw fieldError('deputyId', 'the deputy’s account is deactivated');
      const role = task.candidateRole;
      if (role !== null) {
        if (!deputy.roles.includes(role)) throw fieldError('deputyId', `the deputy must hold the task’s role ${role}`);
        if (role === 'DEPT_HEAD' && task.departmentId !== null && deputy.departmentId !== task.departmentId) {
          throw fieldError('deputyId', 'the deputy must head the case’s own department');
        }
      }
      if (isDealTask(task)) {
        await delegateDealTask({ db, temporal }, me, actorOf(me), task, { deputyId, comment });
        return c.json(await dealTaskResult(db, task.id), 200);
      }
      await caseWorkflow(temporal, requireCaseTask(task).case.workflowId).executeUpdate(delegateUpdate, {
        args: [{ actor: actorOf(me), taskKey: task.key, deputyId, ...(comment ? { comment } : {}) }],
      });
      return c.json(await caseTaskResult(db, task.id), 200);
    },
  );
