// The spin-out case process's contract: what the API (and tests) may say to a case workflow and
// what the workflow needs from its activities. Imports nothing with side effects, so the API
// imports this file instead of the workflow implementation.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CalendarDay } from '../../domain/calendar';
import type { Role, TPolicyProfile } from '../../domain/policy';
import type { CaseStatus, TSpinoutDraft } from '../../domain/spinout';

export const spinoutCaseWorkflowId = (caseId: string) => `spinout-case-${caseId}`;

/** Who acts, as the API authenticated them. The workflow checks it against the task. */
export interface Actor {
  personId: string;
  roles: Role[];
  departmentId: string | null;
}

export interface SpinoutCaseInput {
  caseId: string;
  reference: string;
  institutionId: string;
  researcherId: string;
  departmentId: string | null;
  /** The profile version the case started with; it keeps it for life. */
  profile: TPolicyProfile;
  profileId: string;
  draft: TSpinoutDraft;
}

export type TaskKind = 'APPROVAL' | 'RESUBMIT' | 'OBJECTION_REVIEW' | 'SIGN_AGREEMENT' | 'ESCALATION';

export interface CaseTask {
  /** Stable and unique: also the read model's idempotency key. */
  key: string;
  kind: TaskKind;
  stepKey: string;
  title: string;
  assigneeId: string | null;
  candidateRole: Role | null;
  /** Limits a DEPT_HEAD task to the case's own department. */
  departmentId: string | null;
  dueAt: number | null;
  escalated: boolean;
  escalationRole: Role | null;
  openedAt: number;
}

export interface PublicityState {
  noticeKey: string;
  startsOn: string;
  endsOn: string;
  /** End of the period as an instant; moves when an objection pauses it. */
  endsAt: number;
  pausedRemainingMs: number | null;
  objectionId: string | null;
}

export interface SignedCopy {
  documentId: string;
  signedOn: string;
  uploadedBy: string;
}

export interface SpinoutCaseState {
  caseId: string;
  status: CaseStatus;
  /**
   * Increments with every change recorded on the case row (status, draft, step, signed copies),
   * so it equals the read model's version: a client may send what it read as expectedVersion.
   */
  version: number;
  /** Resubmission round, from 1. */
  round: number;
  stepIndex: number;
  currentStepKey: string | null;
  openTasks: CaseTask[];
  publicity: PublicityState | null;
  agreementDocumentId: string | null;
  signedCopies: { RESEARCHER: SignedCopy | null; INSTITUTION: SignedCopy | null };
  signingDate: string | null;
  draft: TSpinoutDraft;
  lastDecision: { taskKey: string; decision: Decision; byId: string; comment: string | null } | null;
}

export type Decision = 'APPROVE' | 'REJECT' | 'RETURN';

export interface EditDraftInput { actor: Actor; draft: TSpinoutDraft; expectedVersion?: number }
export interface SubmitInput { actor: Actor; today?: string; expectedVersion?: number }
export interface DecideInput {
  actor: Actor;
  taskKey: string;
  decision: Decision;
  /** Required for REJECT (the reason) and RETURN (what to change). */
  comment?: string;
  expectedVersion?: number;
}
export interface ClaimInput { actor: Actor; taskKey: string }
export interface DelegateInput { actor: Actor; taskKey: string; deputyId: string; comment?: string }
export interface FileObjectionInput { name?: string; contact: string; reason: string }
export interface ResolveObjectionInput { actor: Actor; taskKey: string; outcome: 'DISMISS' | 'UPHOLD'; comment: string }
export interface AttachSignedCopyInput { actor: Actor; party: 'RESEARCHER' | 'INSTITUTION'; documentId: string; signedOn: string }
export interface WithdrawInput { actor: Actor; reason: string }

export const editDraftUpdate = defineUpdate<SpinoutCaseState, [EditDraftInput]>('editDraft');
export const submitUpdate = defineUpdate<SpinoutCaseState, [SubmitInput]>('submit');
export const decideUpdate = defineUpdate<SpinoutCaseState, [DecideInput]>('decide');
export const claimUpdate = defineUpdate<SpinoutCaseState, [ClaimInput]>('claim');
export const delegateUpdate = defineUpdate<SpinoutCaseState, [DelegateInput]>('delegate');
export const fileObjectionUpdate = defineUpdate<{ objectionId: string }, [FileObjectionInput]>('fileObjection');
export const resolveObjectionUpdate = defineUpdate<SpinoutCaseState, [ResolveObjectionInput]>('resolveObjection');
export const attachSignedCopyUpdate = defineUpdate<SpinoutCaseState, [AttachSignedCopyInput]>('attachSignedCopy');
export const withdrawUpdate = defineUpdate<SpinoutCaseState, [WithdrawInput]>('withdraw');
export const stateQuery = defineQuery<SpinoutCaseState>('state');

// ─── What the workflow needs from its activities (implemented in activities/spinout-case) ──

export interface AuditEvent {
  /** Idempotency key: the same event recorded twice is one entry. */
  key: string;
  actorId: string | null;
  action: string;
  before?: unknown;
  after?: unknown;
}

export interface NotifyInput {
  /** Idempotency key per message; each recipient gets it once in-app, once by e-mail. */
  key: string;
  institutionId: string;
  caseId: string;
  /** People by id, and/or every active person of the institution with this role. */
  personIds?: string[];
  role?: Role;
  /** With role DEPT_HEAD: only the heads of this department. */
  departmentId?: string | null;
  kind: string;
  title: string;
  body: string;
}

export interface RecordCaseStateInput {
  caseId: string;
  status: CaseStatus;
  version: number;
  currentStepKey: string | null;
  draft?: TSpinoutDraft;
  signingDate?: string | null;
  event: AuditEvent;
}
export interface OpenTaskInput { institutionId: string; caseId: string; task: CaseTask }
export interface CloseTaskInput { key: string; state: 'DONE' | 'CANCELLED'; decision?: string; comment?: string | null; decidedById?: string | null }

export interface SpinoutCaseActivities {
  /** Creates the case's read-model row (idempotent: an existing row is left as it is). */
  createCase(input: SpinoutCaseInput & { workflowId: string }): Promise<void>;
  loadCalendar(): Promise<CalendarDay[]>;
  /** Writes the case's status (and draft, when given) with an audit entry, in one transaction. */
  recordCaseState(input: RecordCaseStateInput): Promise<void>;
  openTask(input: OpenTaskInput): Promise<void>;
  updateTask(input: { key: string; assigneeId?: string | null; escalated?: boolean; delegatedFrom?: string | null }): Promise<void>;
  closeTask(input: CloseTaskInput): Promise<void>;
  /**
   * A decision and what follows, in one transaction: the task closed, the case's state recorded
   * (its `currentStepKey` names the step under review), the next task opened; each part optional.
   */
  recordTransition(input: { close: CloseTaskInput; state: RecordCaseStateInput; open?: OpenTaskInput }): Promise<void>;
  publishNotice(input: { key: string; institutionId: string; caseId: string; startsOn: string; endsOn: string }): Promise<void>;
  updateNotice(input: { key: string; status: 'OPEN' | 'PAUSED' | 'CLOSED' | 'WITHDRAWN'; endsOn?: string }): Promise<void>;
  recordObjection(input: { key: string; noticeKey: string; name?: string; contact: string; reason: string }): Promise<{ objectionId: string }>;
  resolveObjection(input: { objectionId: string; outcome: 'DISMISSED' | 'UPHELD'; resolution: string; resolvedById: string }): Promise<void>;
  generateAgreement(input: { caseId: string; key: string }): Promise<{ documentId: string }>;
  /** Puts the signed copies under object lock (compliance retention) once the agreement is signed. */
  lockDocuments(input: { documentIds: string[]; caseId: string }): Promise<void>;
  notify(input: NotifyInput): Promise<void>;
}
