// The retention clock's contract (人事关系保留期): what the API may say to a clock and what the
// clock needs from its activities. The clock is a child of the case workflow, started on the
// agreement's signing date; it outlives it by years, so it carries its state through
// continue-as-new.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { TPolicyProfile } from '../../domain/policy';
import type { Actor, AuditEvent, CaseTask, SpinoutCaseActivities } from './spinout-case';

export const retentionClockWorkflowId = (caseId: string) => `retention-clock-${caseId}`;

export type ClockStatus =
  /** Running; requests (early return, extension, resignation) may be pending alongside. */
  | 'ACTIVE'
  /** Expired: the researcher must choose return or resignation within the grace window. */
  | 'AWAITING_CHOICE'
  /** A choice was made, or the grace window ran out (escalated): HR records the outcome. */
  | 'OUTCOME_PENDING'
  | 'RETURNED'
  | 'RESIGNED'
  | 'TERMINATED';

export const FINAL_CLOCK_STATUSES: readonly ClockStatus[] = ['RETURNED', 'RESIGNED', 'TERMINATED'];

export type RetentionRules = TPolicyProfile['retention'];

export interface RetentionClockInput {
  caseId: string;
  reference: string;
  institutionId: string;
  researcherId: string;
  /** Asia/Shanghai date the agreement was signed: day 0 of the clock. */
  signingDate: string;
  months: number;
  retention: RetentionRules;
  /** The chain an extension request goes through (the profile's approval steps). */
  extensionSteps: TPolicyProfile['approval']['steps'];
  dayKind: TPolicyProfile['approval']['dayKind'];
  profileVersion: number;
  /** Continue as new past this many history events (default 2000; tests set it low). */
  maxHistoryEvents?: number;
  /** Present when the clock continues as new: the state so far. */
  carried?: RetentionClockState;
}

export interface PendingRequest {
  kind: 'EARLY_RETURN' | 'EXTENSION' | 'RESIGNATION';
  requestedAt: number;
  reason: string;
  /** EARLY_RETURN: the day the researcher returns; RESIGNATION: the last day. */
  onDate: string | null;
  /** EXTENSION only. */
  months: number | null;
  ventureProfitable: boolean | null;
  stepIndex: number;
  taskKey: string;
}

export interface AnnualReport {
  dueOn: string;
  submittedAt: number | null;
  documentId: string | null;
  summary: string | null;
}

export interface RetentionClockState {
  caseId: string;
  status: ClockStatus;
  version: number;
  signingDate: string;
  months: number;
  /** Last day of the clock (see domain/retention/retention-expiry). */
  expiryDate: string;
  extensionsUsed: number;
  retention: RetentionRules;
  profileVersion: number;
  pending: PendingRequest | null;
  annualReports: AnnualReport[];
  /** Idempotency keys of the reminders already sent: each goes out once, across continue-as-new. */
  sentKeys: string[];
  choice: 'RETURN' | 'RESIGN' | null;
  escalated: boolean;
  outcome: { status: 'RETURNED' | 'RESIGNED' | 'TERMINATED'; reason: string | null; byId: string; on: string } | null;
  /** The next reminder or deadline the clock is waiting for. */
  next: { kind: string; at: number } | null;
  openTasks: CaseTask[];
}

export interface EarlyReturnInput { actor: Actor; returnOn: string; reason: string }
export interface ExtensionInput { actor: Actor; months: number; ventureProfitable: boolean; reason: string }
export interface ResignInput { actor: Actor; lastDay: string; reason: string }
export interface DecideRequestInput { actor: Actor; taskKey: string; approve: boolean; comment?: string }
export interface AnnualReportInput { actor: Actor; dueOn: string; summary: string; documentId?: string }
export interface ChooseInput { actor: Actor; choice: 'RETURN' | 'RESIGN' }
export interface RecordOutcomeInput { actor: Actor; outcome: 'RETURNED' | 'RESIGNED' | 'TERMINATED'; reason?: string; on?: string }
export interface ApplyProfileInput { actor: Actor; retention: RetentionRules; profileVersion: number }

export const requestEarlyReturnUpdate = defineUpdate<RetentionClockState, [EarlyReturnInput]>('requestEarlyReturn');
export const requestExtensionUpdate = defineUpdate<RetentionClockState, [ExtensionInput]>('requestExtension');
export const resignUpdate = defineUpdate<RetentionClockState, [ResignInput]>('resign');
export const decideRequestUpdate = defineUpdate<RetentionClockState, [DecideRequestInput]>('decideRequest');
export const submitAnnualReportUpdate = defineUpdate<RetentionClockState, [AnnualReportInput]>('submitAnnualReport');
export const chooseAtExpiryUpdate = defineUpdate<RetentionClockState, [ChooseInput]>('chooseAtExpiry');
export const recordOutcomeUpdate = defineUpdate<RetentionClockState, [RecordOutcomeInput]>('recordOutcome');
export const applyProfileUpdate = defineUpdate<RetentionClockState, [ApplyProfileInput]>('applyProfile');
export const clockStateQuery = defineQuery<RetentionClockState>('clockState');

export interface RetentionClockActivities
  extends Pick<SpinoutCaseActivities, 'loadCalendar' | 'notify' | 'openTask' | 'closeTask'> {
  /** Upserts the clock's read-model row and writes the audit entry, in one transaction. */
  recordClockState(input: { institutionId: string; researcherId: string; state: Omit<RetentionClockState, 'sentKeys' | 'openTasks' | 'retention'>; event: AuditEvent }): Promise<void>;
}
