// Request and response shapes of /cases.
import { z } from '@hono/zod-openapi';
import { ZRole } from '../../domain/policy';
import { SPINOUT_MODES, ZCaseStatus, ZSpinoutDraft } from '../../domain/spinout';
import { ZId, ZIsoDateString, ZPageMeta, ZPageQuery, ZPersonRef, ZTimestamp } from './common.schemas';
import { ZDocument } from './documents.schemas';

const ZExpectedVersion = z
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be at least 1' })
  .optional()
  .openapi({ description: 'The case version the change was made on; a newer version answers 409 STALE_VERSION.' });

export const ZCreateCaseBody = ZSpinoutDraft.extend({
  makerSpaceId: ZId.optional().openapi({ description: 'A registered maker space; fills makerSpace from the register.' }),
}).openapi('CreateCase');

export const ZEditCaseBody = ZSpinoutDraft.extend({
  makerSpaceId: ZId.optional(),
  expectedVersion: ZExpectedVersion,
}).openapi('EditCase', { description: 'Fields given replace the draft’s fields of the same name; fields left out are kept.' });

export const ZSubmitCaseBody = z.object({ expectedVersion: ZExpectedVersion }).openapi('SubmitCase');

export const ZWithdrawCaseBody = z
  .object({
    reason: z
      .string({ error: 'reason is required' })
      .trim()
      .min(1, { error: 'reason is required' })
      .max(2000, { error: 'reason must be at most 2000 characters' }),
  })
  .openapi('WithdrawCase');

export const ZCaseListQuery = ZPageQuery.extend({
  status: ZCaseStatus.optional(),
  mode: z.enum(SPINOUT_MODES).optional(),
  q: z.string().trim().min(1).max(200).optional().openapi({ description: 'Part of the reference or the title' }),
  researcherId: ZId.optional(),
  departmentId: ZId.optional(),
});

export const ZSignedCopyForm = z
  .object({
    file: z.instanceof(File, { error: 'file is required (multipart file field)' }).openapi({ type: 'string', format: 'binary' }),
    party: z.enum(['RESEARCHER', 'INSTITUTION'], { error: 'party must be RESEARCHER or INSTITUTION' }),
    signedOn: z.iso.date({ error: 'signedOn must be a date as YYYY-MM-DD' }),
  })
  .openapi('SignedCopyUpload');

export const ZCaseSummary = z
  .object({
    id: z.uuid(),
    reference: z.string().openapi({ example: 'SW-2026-5F1C3C0E' }),
    title: z.string(),
    status: ZCaseStatus,
    mode: z.enum(SPINOUT_MODES),
    institutionId: z.uuid(),
    researcher: ZPersonRef,
    department: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    currentStepKey: z.string().nullable(),
    version: z.int(),
    submittedAt: ZTimestamp.nullable(),
    closedAt: ZTimestamp.nullable(),
    signingDate: ZIsoDateString.nullable(),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .openapi('CaseSummary');

export const ZCaseList = z.object({ items: z.array(ZCaseSummary), meta: ZPageMeta }).openapi('CaseList');

export const TASK_KINDS = [
  'APPROVAL',
  'RESUBMIT',
  'OBJECTION_REVIEW',
  'SIGN_AGREEMENT',
  'ESCALATION',
  'EXCHANGE_RESULT',
  'SIGN_CONTRACT',
  'PAYMENT_FOLLOW_UP',
  'ROYALTY_FOLLOW_UP',
  // Benefit-sharing settlements (api/settlements/settlement-tasks.ts)
  'PREPARE_SETTLEMENT',
  'FINANCE_REVIEW',
  'RECORD_PAYOUT',
] as const;

export const ZTask = z
  .object({
    id: z.uuid(),
    key: z.string(),
    /** A task belongs to a spin-out case or to an IP deal. */
    caseId: z.uuid().nullable(),
    dealId: z.uuid().nullable(),
    kind: z.enum(TASK_KINDS),
    stepKey: z.string(),
    title: z.string(),
    state: z.enum(['OPEN', 'CLAIMED', 'DONE', 'CANCELLED']),
    assignee: ZPersonRef.nullable(),
    candidateRole: ZRole.nullable(),
    departmentId: z.uuid().nullable(),
    escalated: z.boolean(),
    escalationRole: ZRole.nullable(),
    dueAt: ZTimestamp.nullable(),
    overdue: z.boolean(),
    decision: z.string().nullable(),
    comment: z.string().nullable(),
    decidedById: z.uuid().nullable(),
    decidedAt: ZTimestamp.nullable(),
    delegatedFrom: z.uuid().nullable(),
    createdAt: ZTimestamp,
  })
  .openapi('Task');

export const ZObjection = z
  .object({
    id: z.uuid(),
    status: z.enum(['OPEN', 'DISMISSED', 'UPHELD']),
    reason: z.string(),
    /** Staff only: who objected and how to reach them. */
    name: z.string().nullable().optional(),
    contact: z.string().optional(),
    resolution: z.string().nullable(),
    filedAt: ZTimestamp,
    resolvedAt: ZTimestamp.nullable(),
  })
  .openapi('Objection');

export const ZCaseNotice = z
  .object({
    id: z.uuid(),
    status: z.enum(['OPEN', 'PAUSED', 'CLOSED', 'WITHDRAWN']),
    title: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    publishedAt: ZTimestamp,
    objections: z.array(ZObjection),
  })
  .openapi('CaseNotice');

export const ZTimelineEntry = z
  .object({
    id: z.uuid(),
    at: ZTimestamp,
    action: z.string().openapi({ example: 'case.submitted' }),
    actor: ZPersonRef.nullable(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .openapi('TimelineEntry');

export const ZCaseDetail = ZCaseSummary.extend({
  draft: z.unknown().openapi({ description: 'The request as the researcher wrote it (SpinoutDraft)' }),
  policyProfile: z.object({ id: z.uuid(), version: z.int(), name: z.string() }),
  makerSpace: z.object({ id: z.uuid(), name: z.string(), address: z.string().nullable() }).nullable(),
  team: z.array(
    z.object({ personId: z.uuid().nullable(), name: z.string(), role: z.string(), contributionShareBp: z.int() }),
  ),
  ipAssets: z.array(z.object({ id: z.uuid(), kind: z.string(), title: z.string(), number: z.string().nullable(), ownership: z.string() })),
  openTasks: z.array(ZTask),
  documents: z.array(ZDocument),
  notices: z.array(ZCaseNotice),
  timeline: z.array(ZTimelineEntry),
}).openapi('CaseDetail');

export type TCaseDetail = z.infer<typeof ZCaseDetail>;
export type TCaseSummary = z.infer<typeof ZCaseSummary>;
export type TTask = z.infer<typeof ZTask>;
