// Request and response shapes of /tasks.
import { z } from '@hono/zod-openapi';
import { ZCaseStatus } from '../../domain/spinout';
import { ZBooleanQuery, ZId, ZPageMeta, ZPageQuery } from './common.schemas';
import { TASK_KINDS, ZCaseSummary, ZTask } from './cases.schemas';
import { ZDealStatus, ZDealSummary } from './deals.schemas';

export { TASK_KINDS };

export const ZInboxQuery = ZPageQuery.extend({
  kind: z.enum(TASK_KINDS).optional(),
  overdue: ZBooleanQuery.optional().openapi({ description: 'true: only overdue tasks; false: only tasks not overdue' }),
});

export const ZInboxTask = ZTask.extend({
  case: z.object({ id: z.uuid(), reference: z.string(), title: z.string(), status: ZCaseStatus }).nullable(),
  deal: z.object({ id: z.uuid(), reference: z.string(), title: z.string(), status: ZDealStatus }).nullable(),
  /** A benefit-sharing settlement's task (finance review, leadership approval, payout, objection). */
  settlement: z
    .object({ id: z.uuid(), reference: z.string(), status: z.string(), period: z.object({ from: z.string(), to: z.string() }) })
    .nullable(),
  why: z.enum(['ASSIGNED', 'CANDIDATE', 'ESCALATED']).openapi({ description: 'Why the task is in your inbox' }),
}).openapi('InboxTask');
export type TInboxTask = z.infer<typeof ZInboxTask>;

export const ZInbox = z.object({ items: z.array(ZInboxTask), meta: ZPageMeta }).openapi('Inbox');

const comment = z.string().trim().max(5000, { error: 'comment must be at most 5000 characters' });

export const ZDecideBody = z
  .object({
    decision: z.enum(['APPROVE', 'REJECT', 'RETURN', 'DISMISS', 'UPHOLD'], {
      error: 'decision must be APPROVE, REJECT or RETURN (approval tasks) or DISMISS or UPHOLD (objection reviews)',
    }),
    comment: comment.optional().openapi({ description: 'Required to REJECT (the reason), RETURN (what to change), DISMISS and UPHOLD' }),
    expectedVersion: z.int({ error: 'must be a whole number' }).min(1).optional(),
  })
  .openapi('Decision');

export const ZDelegateBody = z
  .object({ deputyId: ZId, comment: comment.optional() })
  .openapi('Delegation');

export const ZTaskResult = z
  .object({ task: ZTask, case: ZCaseSummary.nullable(), deal: ZDealSummary.nullable() })
  .openapi('TaskResult', { description: 'The task, and the case or the deal it belongs to' });
