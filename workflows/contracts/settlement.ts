// The benefit-sharing settlement process's contract (收益分配): what the API (and tests) may say
// to a settlement workflow and what the workflow needs from its activities. Imports nothing with
// side effects, so the API imports this file instead of the workflow implementation.
//
// One workflow per settlement, id `settlement-<settlementId>`: PREPARING (the TTO picks the
// deal's income events of the period and lists deductions; the plan is recomputed on every
// change) → FINANCE_REVIEW → PUBLICITY of the distribution plan (objections pause it) →
// LEADERSHIP_APPROVAL when the amount's tier says so → APPROVED (ledger booked) → payouts
// recorded → statements → PAID. Reversal from APPROVED or PAID; cancellation before approval.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CalendarDay } from '../../domain/calendar';
import type { Fen } from '../../domain/money';
import type { Role, TPolicyProfile } from '../../domain/policy';
import type {
  SettlementKind,
  TDeduction,
  TEquityGrant,
  TSettlementApproval,
  TSettlementInputDraft,
  TSettlementResult,
  TSettlementTotals,
} from '../../domain/settlement';
import type { Actor, AuditEvent } from './spinout-case';

export type { Actor, AuditEvent };

export const settlementWorkflowId = (settlementId: string) => `settlement-${settlementId}`;
/** The workflow type the API starts by name (the exported workflow function's name). */
export const SETTLEMENT_WORKFLOW_TYPE = 'settlementWorkflow';

export const SETTLEMENT_STATUSES = [
  'PREPARING',
  'FINANCE_REVIEW',
  'PUBLICITY',
  'OBJECTION_REVIEW',
  'LEADERSHIP_APPROVAL',
  'APPROVED',
  'PAID',
  'REVERSED',
  'REJECTED',
  'CANCELLED',
] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

/** Before approval a settlement may be cancelled; from approval on only reversed. */
export const CANCELLABLE_SETTLEMENT_STATUSES: readonly SettlementStatus[] = ['PREPARING', 'FINANCE_REVIEW', 'PUBLICITY', 'OBJECTION_REVIEW', 'LEADERSHIP_APPROVAL'];
export const REVERSIBLE_SETTLEMENT_STATUSES: readonly SettlementStatus[] = ['APPROVED', 'PAID'];
/** The workflow has finished: no more updates. */
export const CLOSED_SETTLEMENT_STATUSES: readonly SettlementStatus[] = ['REVERSED', 'REJECTED', 'CANCELLED'];

/**
 * What the tech-transfer office chooses while preparing: which of the deal's income events of
 * the period are settled, the costs deducted (kinds from the profile's deductibleCosts), shares
 * received for 作价投资, and dates the tax treatment and self-implementation rules need.
 */
export interface SettlementDraft {
  incomeEventIds: string[];
  deductions: TDeduction[];
  equityGrant: TEquityGrant | null;
  /** When the cash is planned to be paid (the 36-month limit of 财税〔2018〕58号). */
  plannedPayoutOn: string | null;
  /** First day of self-implementation (自行实施), needed to settle operating profit. */
  selfImplementationStartedOn: string | null;
}

export const emptySettlementDraft = (): SettlementDraft => ({
  incomeEventIds: [],
  deductions: [],
  equityGrant: null,
  plannedPayoutOn: null,
  selfImplementationStartedOn: null,
});

export interface SettlementInput {
  settlementId: string;
  reference: string;
  institutionId: string;
  dealId: string;
  dealReference: string;
  /** The TTO officer who opened the settlement. */
  createdById: string;
  kind: SettlementKind;
  period: { from: string; to: string };
  /** The profile version the deal runs under; the settlement keeps it for life. */
  profile: TPolicyProfile;
  profileId: string;
  draft: SettlementDraft;
}

export type SettlementTaskKind = 'PREPARE_SETTLEMENT' | 'FINANCE_REVIEW' | 'APPROVAL' | 'OBJECTION_REVIEW' | 'RECORD_PAYOUT';

export interface SettlementTask {
  /** Stable and unique: also the read model's idempotency key. */
  key: string;
  kind: SettlementTaskKind;
  stepKey: string;
  title: string;
  assigneeId: string | null;
  candidateRole: Role | null;
  dueAt: number | null;
  escalated: boolean;
  escalationRole: Role | null;
  openedAt: number;
}

export interface SettlementPublicityState {
  noticeKey: string;
  startsOn: string;
  endsOn: string;
  /** End of the period as an instant; moves when an objection pauses it. */
  endsAt: number;
  pausedRemainingMs: number | null;
  objectionId: string | null;
}

/** The plan in short: what the workflow needs to run the process (the full result is in the read model). */
export interface SettlementPlanSummary {
  totals: TSettlementTotals;
  approval: TSettlementApproval;
  lines: Array<{ lineId: string; recipientKey: string; personId: string | null; name: string; unit: 'FEN' | 'SHARES'; amount: number }>;
  people: Array<{ personId: string; name: string; cashFen: Fen; shares: number }>;
}

/** Why the draft cannot be settled as it is: the domain's refusal reason and the fields. */
export interface SettlementProblems {
  reason: string;
  message: string;
  issues: Array<{ path: string; message: string }>;
}

export interface SettlementPayment {
  key: string;
  lineIds: string[];
  paymentRef: string;
  paidOn: string;
  byId: string;
}

export type Decision = 'APPROVE' | 'REJECT' | 'RETURN';

export interface SettlementState {
  settlementId: string;
  status: SettlementStatus;
  /** Equals the read model's version; clients may send what they read as expectedVersion. */
  version: number;
  /** Preparation round, from 1: a return or an upheld objection starts the next. */
  round: number;
  currentStepKey: string | null;
  openTasks: SettlementTask[];
  draft: SettlementDraft;
  /** The plan computed from the draft; null while the draft cannot be settled (see problems). */
  plan: SettlementPlanSummary | null;
  problems: SettlementProblems | null;
  /** People in the plan: they may not decide, resolve objections to or pay their own settlement. */
  teamPersonIds: string[];
  publicity: SettlementPublicityState | null;
  payments: SettlementPayment[];
  paidLineIds: string[];
  statements: Array<{ personId: string; documentId: string }>;
  lastDecision: { taskKey: string; decision: Decision; byId: string; comment: string | null } | null;
  reversal: { reason: string; byId: string; reversedOn: string } | null;
}

export interface EditSettlementDraftInput { actor: Actor; draft: SettlementDraft; expectedVersion?: number }
export interface SubmitSettlementInput { actor: Actor; expectedVersion?: number }
export interface DecideSettlementInput { actor: Actor; taskKey: string; decision: Decision; comment?: string; expectedVersion?: number }
export interface ClaimSettlementTaskInput { actor: Actor; taskKey: string }
export interface DelegateSettlementTaskInput { actor: Actor; taskKey: string; deputyId: string; comment?: string }
export interface FileSettlementObjectionInput { name?: string; contact: string; reason: string }
export interface ResolveSettlementObjectionInput { actor: Actor; taskKey: string; outcome: 'DISMISS' | 'UPHOLD'; comment: string }
export interface RecordPayoutInput {
  actor: Actor;
  /** Client-chosen idempotency key: the same payout sent again (or retried) is booked once. */
  paymentKey: string;
  /** The lines paid; all lines not yet paid when omitted. */
  lineIds?: string[];
  /** The bank's or the payroll system's reference. */
  paymentRef: string;
  paidOn: string;
}
export interface ReverseSettlementInput { actor: Actor; reason: string }
export interface CancelSettlementInput { actor: Actor; reason: string }

export const editSettlementDraftUpdate = defineUpdate<SettlementState, [EditSettlementDraftInput]>('editSettlementDraft');
export const submitSettlementUpdate = defineUpdate<SettlementState, [SubmitSettlementInput]>('submitSettlement');
export const decideSettlementUpdate = defineUpdate<SettlementState, [DecideSettlementInput]>('decideSettlement');
export const claimSettlementTaskUpdate = defineUpdate<SettlementState, [ClaimSettlementTaskInput]>('claimSettlementTask');
export const delegateSettlementTaskUpdate = defineUpdate<SettlementState, [DelegateSettlementTaskInput]>('delegateSettlementTask');
export const fileSettlementObjectionUpdate = defineUpdate<{ objectionId: string }, [FileSettlementObjectionInput]>('fileSettlementObjection');
export const resolveSettlementObjectionUpdate = defineUpdate<SettlementState, [ResolveSettlementObjectionInput]>('resolveSettlementObjection');
export const recordPayoutUpdate = defineUpdate<SettlementState, [RecordPayoutInput]>('recordSettlementPayout');
export const reverseSettlementUpdate = defineUpdate<SettlementState, [ReverseSettlementInput]>('reverseSettlement');
export const cancelSettlementUpdate = defineUpdate<SettlementState, [CancelSettlementInput]>('cancelSettlement');
export const settlementStateQuery = defineQuery<SettlementState>('settlementState');

// ─── What the workflow needs from its activities (implemented in activities/settlement) ───

export interface SettlementNotifyInput {
  /** Idempotency key per message; each recipient gets it once in-app, once by e-mail. */
  key: string;
  institutionId: string;
  settlementId: string;
  personIds?: string[];
  role?: Role;
  kind: string;
  title: string;
  body: string;
  /** Path in the web app or API the message links to; the settlement's page by default. */
  linkPath?: string;
}

export interface RecordSettlementStateInput {
  settlementId: string;
  status: SettlementStatus;
  version: number;
  currentStepKey: string | null;
  /** The draft as it now stands: its deductions are mirrored, its income events claimed. */
  draft?: SettlementDraft;
  /** The plan computed from the draft (or why it cannot be): written only while PREPARING. */
  computed?: { result: TSettlementResult | null; problems: SettlementProblems | null };
  /** Give the settlement's income events back (cancelled, rejected, reversed). */
  releaseIncome?: boolean;
  /** Stamps for the moments that have a column of their own. */
  submitted?: boolean;
  approved?: boolean;
  paid?: boolean;
  reversal?: { reason: string };
  event: AuditEvent;
}

export interface SettlementActivities {
  /** Creates the settlement's read-model row (idempotent: an existing row is left as it is). */
  createSettlementRecord(input: SettlementInput & { workflowId: string }): Promise<void>;
  /**
   * The domain input for computeSettlement: the deal and its team, the chosen income events
   * (refused when one is not the deal's, unknown or taken by another settlement), the draft's
   * deductions and grant.
   */
  loadSettlementInput(input: { settlementId: string; draft: SettlementDraft }): Promise<TSettlementInputDraft>;
  loadSettlementCalendar(): Promise<CalendarDay[]>;
  /** Writes status / draft / plan / stamps with an audit entry, in one transaction. */
  recordSettlementState(input: RecordSettlementStateInput): Promise<void>;
  openSettlementTask(input: { institutionId: string; settlementId: string; task: SettlementTask }): Promise<void>;
  updateSettlementTask(input: { key: string; assigneeId?: string | null; escalated?: boolean; delegatedFrom?: string | null }): Promise<void>;
  closeSettlementTask(input: { key: string; state: 'DONE' | 'CANCELLED'; decision?: string; comment?: string | null; decidedById?: string | null }): Promise<void>;
  /** The distribution plan on the public board: names and amounts per person. */
  publishSettlementNotice(input: { key: string; institutionId: string; settlementId: string; startsOn: string; endsOn: string }): Promise<void>;
  updateSettlementNotice(input: { key: string; status: 'OPEN' | 'PAUSED' | 'CLOSED' | 'WITHDRAWN'; endsOn?: string }): Promise<void>;
  recordSettlementObjection(input: { key: string; noticeKey: string; name?: string; contact: string; reason: string }): Promise<{ objectionId: string }>;
  resolveSettlementObjection(input: { objectionId: string; outcome: 'DISMISSED' | 'UPHELD'; resolution: string; resolvedById: string }): Promise<void>;
  /** Books the approved plan's INCOME, DEDUCTION and ALLOCATION entries, each once by key. */
  bookSettlementLedger(input: { settlementId: string; bookedOn: string; actorId: string | null }): Promise<{ booked: number; alreadyBooked: number }>;
  /** Books PAYOUT entries and marks the lines paid, once per line whatever the retries. */
  recordSettlementPayout(input: {
    settlementId: string;
    key: string;
    lineIds: string[];
    paymentRef: string;
    paidOn: string;
    actorId: string;
  }): Promise<{ booked: number; alreadyBooked: number }>;
  /** Books the reversal of every entry of the settlement, once. */
  reverseSettlementLedger(input: { settlementId: string; reason: string; reversedOn: string; actorId: string }): Promise<{ booked: number; alreadyBooked: number }>;
  /** The person's statement PDF (every step of the calculation), stored as a STATEMENT document once per key. */
  generateSettlementStatement(input: { settlementId: string; personId: string; key: string }): Promise<{ documentId: string }>;
  notifySettlement(input: SettlementNotifyInput): Promise<void>;
}
