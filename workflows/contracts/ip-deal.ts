// The IP deal process's contract (转让 / 许可 / 作价投资): what the API (and tests) may say to a
// deal workflow and what the workflow needs from its activities. Imports nothing with side
// effects, so the API imports this file instead of the workflow implementation.
//
// One workflow per deal, id `ip-deal-<dealId>`: draft → submitted → review and the amount
// tier's approver (domain/licensing dealApprovalSteps) → publicity of name and price for
// 协议定价, or the exchange's result for 挂牌交易 / 拍卖 → contract draft (PDF) → signed contract
// uploaded (object lock) → ACTIVE: payments, milestones, royalty reports, amendments →
// TERMINATED or EXPIRED. The active years continue-as-new so a ten-year licence keeps a small
// history; the workflow id stays the same.
//
// How a deal ends (workflows/ip-deal.ts has the full list of rules chosen):
// - A licence is EXPIRED at the end of its last day; its workflow keeps running until the last
//   royalty report and every payment are settled, then completes.
// - A transfer or 作价投资 stays ACTIVE until every obligation is PAID, WAIVED or CANCELLED, then
//   becomes COMPLETED (fully performed; audit action deal.completed) and its workflow completes;
//   payments after that are income entered outside the workflow. (Deals completed before the
//   patch 'completed-status' read EXPIRED.)
// - terminateDeal (TTO) ends an ACTIVE deal as TERMINATED on its effective date: what had
//   fallen due by then stays owed and tracked (the workflow completes once it is settled), the
//   rest is cancelled. Deals terminated before this rule (patch 'termination-keeps-accrued')
//   cancelled everything unpaid. On an EXPIRED or TERMINATED deal that still has something
//   outstanding it closes it (the status stays): everything outstanding is cancelled.
// - waiveDealObligation (TTO, with a reason) writes off what is left of one obligation.
// - A signed deal with nothing left to track ends its process once its 技术合同认定登记 number is
//   recorded; until then it waits for it (no timers; `awaitingRegistration`), so a deal paid
//   before it was registered can still get the number its rewards' tax treatment needs.
//   (Deals settled before the patch 'open-for-registration' ended at once.)
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CalendarDay } from '../../domain/calendar';
import type { BarredApprover, TDealDraft } from '../../domain/licensing';
import type { Fen } from '../../domain/money';
import type { Role, TApprovalStep, TPolicyProfile } from '../../domain/policy';
import type { Actor, AuditEvent, NotifyInput } from './spinout-case';

export type { Actor, AuditEvent };

export const ipDealWorkflowId = (dealId: string) => `ip-deal-${dealId}`;
/** The workflow type the API starts by name (the exported workflow function's name). */
export const IP_DEAL_WORKFLOW_TYPE = 'ipDealWorkflow';

export type DealStatus =
  | 'DRAFT'
  | 'IN_REVIEW'
  | 'RETURNED'
  | 'PUBLICITY'
  | 'OBJECTION_REVIEW'
  | 'EXCHANGE'
  | 'CONTRACT'
  | 'ACTIVE'
  | 'REJECTED'
  | 'WITHDRAWN'
  | 'TERMINATED'
  | 'EXPIRED'
  | 'COMPLETED';

export interface IpDealInput {
  dealId: string;
  reference: string;
  institutionId: string;
  /** The researcher whose result it is; a TTO officer may open the deal on their behalf. */
  leadResearcherId: string;
  departmentId: string | null;
  createdById: string;
  caseId: string | null;
  /** The profile version the deal started with; it keeps it for life. */
  profile: TPolicyProfile;
  profileId: string;
  draft: TDealDraft;
  /** Set when the workflow continues as new in its active phase; absent on a new deal. */
  carried?: IpDealCarriedState;
  /** Continue as new past this many history events (default 1000; tests set it low). */
  maxHistoryEvents?: number;
}

/** What an active deal carries through continue-as-new (kept small on purpose). */
export interface IpDealCarriedState {
  state: IpDealState;
  /** Idempotency keys of reminders already sent, so none is sent twice across runs. */
  sentKeys: string[];
  /** Client payment keys already booked: a payment sent again after continue-as-new is still booked once. */
  paymentKeys?: string[];
  /** Tasks already decided, so a repeated decision is ALREADY_DECIDED across runs too. */
  decidedTaskKeys?: string[];
}

export type DealTaskKind = 'APPROVAL' | 'RESUBMIT' | 'OBJECTION_REVIEW' | 'EXCHANGE_RESULT' | 'SIGN_CONTRACT' | 'PAYMENT_FOLLOW_UP' | 'ROYALTY_FOLLOW_UP';

export interface DealTask {
  /** Stable and unique: also the read model's idempotency key. */
  key: string;
  kind: DealTaskKind;
  stepKey: string;
  title: string;
  assigneeId: string | null;
  candidateRole: Role | null;
  dueAt: number | null;
  escalated: boolean;
  escalationRole: Role | null;
  openedAt: number;
}

export interface DealPublicityState {
  noticeKey: string;
  startsOn: string;
  endsOn: string;
  endsAt: number;
  pausedRemainingMs: number | null;
  objectionId: string | null;
}

export interface ExchangeResult {
  /** The technology exchange or auction house, e.g. 浙江知识产权交易中心. */
  venue: string;
  listingReference: string;
  concludedOn: string;
  finalPriceFen: Fen;
  /** The winning bidder; it must be the deal's counterparty (or the deal is amended first). */
  winningParty: string;
  documentId: string | null;
}

export type ObligationKind = 'UPFRONT' | 'MILESTONE' | 'MINIMUM_ROYALTY' | 'PATENT_COST';
export type ObligationStatus = 'PENDING' | 'INVOICED' | 'PAID' | 'OVERDUE' | 'WAIVED' | 'CANCELLED';
/** Nothing more is owed on an obligation in these: paid in full, waived or cancelled. */
export const SETTLED_OBLIGATION_STATUSES: readonly ObligationStatus[] = ['PAID', 'WAIVED', 'CANCELLED'];

export interface Obligation {
  key: string;
  kind: ObligationKind;
  label: string;
  amountFen: Fen;
  /** Due once known (a milestone after its event). */
  dueOn: string | null;
  status: ObligationStatus;
  paidFen: Fen;
  /** MILESTONE: the day its event occurred (recordMilestoneEvent); the payment falls due after it. */
  eventOn?: string | null;
  /**
   * MINIMUM_ROYALTY: royalties reported for that licence year, credited against the minimum;
   * `amountFen` is the top-up still owed (minimum − credited, never below 0).
   */
  creditedFen?: Fen;
  /** Written off by the TTO (waiveDealObligation): what was left then, why, by whom. */
  waiver?: { waivedFen: Fen; reason: string; byId: string; on: string };
}

export interface RoyaltyPeriodState {
  key: string;
  index: number;
  periodStart: string;
  periodEnd: string;
  reportDueOn: string;
  status: 'DUE' | 'REPORTED' | 'OVERDUE' | 'WAIVED';
}

/** A royalty reported for a period and not yet paid in full (dropped from the state once paid). */
export interface RoyaltyOwed {
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  netSalesFen: Fen;
  royaltyFen: Fen;
  /** The period's report (and payment) date, or the report's date when it came late. */
  dueOn: string;
  paidFen: Fen;
  status: 'DUE' | 'OVERDUE';
}

export interface IpDealState {
  dealId: string;
  status: DealStatus;
  /** Equals the read model's version; clients may send what they read as expectedVersion. */
  version: number;
  round: number;
  /** Chosen at submission from the value's tier; kept for the round. */
  steps: TApprovalStep[];
  stepIndex: number;
  currentStepKey: string | null;
  totalValueFen: Fen;
  openTasks: DealTask[];
  publicity: DealPublicityState | null;
  exchangeResult: ExchangeResult | null;
  contractDocumentId: string | null;
  signedContract: { documentId: string; signedOn: string; uploadedBy: string } | null;
  techContractRegNo: string | null;
  effectiveOn: string | null;
  expiresOn: string | null;
  /** People who may not decide any step (own deal, team, conflict of interest). */
  barred: BarredApprover[];
  /** Payments owed and their state (active phase). */
  obligations: Obligation[];
  /** The royalty period now open for reporting (one at a time), if the deal has a running royalty. */
  royaltyPeriod: RoyaltyPeriodState | null;
  /** Earlier periods whose report is overdue and still expected (each with a ROYALTY_FOLLOW_UP task). */
  lateRoyaltyPeriods: RoyaltyPeriodState[];
  /** Royalties reported and not yet paid in full. */
  royaltiesOwed: RoyaltyOwed[];
  pendingAmendment: {
    key: string;
    reason: string;
    totalValueFen: Fen;
    steps: TApprovalStep[];
    stepIndex: number;
    /** The deal as it would read once amended. */
    draft: TDealDraft;
    requestedById: string;
  } | null;
  draft: TDealDraft;
  lastDecision: { taskKey: string; decision: Decision; byId: string; comment: string | null } | null;
  /**
   * Nothing is left to track, but the 技术合同认定登记 number (which the settlement's tax
   * treatment needs) is not recorded yet: the process waits for it, then ends.
   */
  awaitingRegistration?: boolean;
}

export type Decision = 'APPROVE' | 'REJECT' | 'RETURN';

/**
 * Edit, submit and withdraw: the API lets the lead researcher and the deal's creator
 * (`createdById`, a TTO officer acting on the researcher's behalf) do them; the workflow accepts
 * those and any TTO officer. The API sends an edit once right after starting the workflow, as
 * the creator, to wait until `createDeal` has written the row (the loop takes it after that).
 */
export interface EditDealDraftInput { actor: Actor; draft: TDealDraft; expectedVersion?: number }
export interface SubmitDealInput { actor: Actor; expectedVersion?: number }
export interface DecideDealInput { actor: Actor; taskKey: string; decision: Decision; comment?: string; expectedVersion?: number }
export interface ClaimDealTaskInput { actor: Actor; taskKey: string }
export interface DelegateDealTaskInput { actor: Actor; taskKey: string; deputyId: string; comment?: string }
export interface FileDealObjectionInput { name?: string; contact: string; reason: string }
export interface ResolveDealObjectionInput { actor: Actor; taskKey: string; outcome: 'DISMISS' | 'UPHOLD'; comment: string }
export interface RecordExchangeResultInput { actor: Actor; result: ExchangeResult }
export interface AttachSignedContractInput { actor: Actor; documentId: string; signedOn: string }
export interface RecordTechContractRegistrationInput { actor: Actor; number: string; registeredOn: string }
export interface RecordMilestoneEventInput { actor: Actor; obligationKey: string; eventOn: string }
export interface RecordPaymentInput {
  actor: Actor;
  /** Client-chosen idempotency key: the same payment sent twice is booked once. */
  paymentKey: string;
  /** What the payment settles: an obligation, or a royalty period. */
  obligationKey?: string;
  royaltyPeriodKey?: string;
  amountFen: Fen;
  receivedOn: string;
  evidenceDocumentId?: string;
}
export interface SubmitRoyaltyReportInput {
  actor: Actor;
  periodKey: string;
  netSalesFen: Fen;
  documentId?: string;
}
export interface RequestAmendmentInput { actor: Actor; reason: string; draft: TDealDraft }
/**
 * Ends an ACTIVE deal on `effectiveOn`. What had fallen due by then (obligations due on or before
 * it, milestones reached by then, the minimum royalty of licence years ended before it, royalties
 * reported, overdue reports, the report of the period running then) stays owed and
 * tracked; the rest is cancelled. On an EXPIRED or TERMINATED deal with items still outstanding it
 * closes the deal: everything outstanding is cancelled and the process ends.
 */
export interface TerminateDealInput { actor: Actor; reason: string; effectiveOn: string }
/** Writes off what is still owed on an obligation (TTO, with a reason); what was paid stays paid. */
export interface WaiveDealObligationInput { actor: Actor; obligationKey: string; reason: string }
export interface WithdrawDealInput { actor: Actor; reason: string }

export const editDealDraftUpdate = defineUpdate<IpDealState, [EditDealDraftInput]>('editDealDraft');
export const submitDealUpdate = defineUpdate<IpDealState, [SubmitDealInput]>('submitDeal');
export const decideDealUpdate = defineUpdate<IpDealState, [DecideDealInput]>('decideDeal');
export const claimDealTaskUpdate = defineUpdate<IpDealState, [ClaimDealTaskInput]>('claimDealTask');
export const delegateDealTaskUpdate = defineUpdate<IpDealState, [DelegateDealTaskInput]>('delegateDealTask');
export const fileDealObjectionUpdate = defineUpdate<{ objectionId: string }, [FileDealObjectionInput]>('fileDealObjection');
export const resolveDealObjectionUpdate = defineUpdate<IpDealState, [ResolveDealObjectionInput]>('resolveDealObjection');
export const recordExchangeResultUpdate = defineUpdate<IpDealState, [RecordExchangeResultInput]>('recordExchangeResult');
export const attachSignedContractUpdate = defineUpdate<IpDealState, [AttachSignedContractInput]>('attachSignedContract');
export const recordTechContractRegistrationUpdate = defineUpdate<IpDealState, [RecordTechContractRegistrationInput]>('recordTechContractRegistration');
export const recordMilestoneEventUpdate = defineUpdate<IpDealState, [RecordMilestoneEventInput]>('recordMilestoneEvent');
export const recordPaymentUpdate = defineUpdate<IpDealState, [RecordPaymentInput]>('recordPayment');
export const submitRoyaltyReportUpdate = defineUpdate<IpDealState, [SubmitRoyaltyReportInput]>('submitRoyaltyReport');
export const requestAmendmentUpdate = defineUpdate<IpDealState, [RequestAmendmentInput]>('requestAmendment');
export const terminateDealUpdate = defineUpdate<IpDealState, [TerminateDealInput]>('terminateDeal');
export const waiveDealObligationUpdate = defineUpdate<IpDealState, [WaiveDealObligationInput]>('waiveDealObligation');
export const withdrawDealUpdate = defineUpdate<IpDealState, [WithdrawDealInput]>('withdrawDeal');
export const dealStateQuery = defineQuery<IpDealState>('dealState');

// ─── What the workflow needs from its activities (implemented in activities/ip-deal) ──────

export interface IpDealActivities {
  /** Creates the deal's read-model rows (deal, assets, team); idempotent. */
  createDeal(input: IpDealInput & { workflowId: string }): Promise<void>;
  loadDealCalendar(): Promise<CalendarDay[]>;
  /** Writes status / draft / step / value / dates with an audit entry, in one transaction. */
  recordDealState(input: {
    dealId: string;
    status: DealStatus;
    version: number;
    currentStepKey: string | null;
    draft?: TDealDraft;
    totalValueFen?: Fen;
    approvalTier?: unknown;
    exchangeResult?: ExchangeResult | null;
    techContractRegNo?: string | null;
    signedOn?: string | null;
    effectiveOn?: string | null;
    expiresOn?: string | null;
    event: AuditEvent;
  }): Promise<void>;
  openDealTask(input: { institutionId: string; dealId: string; task: DealTask }): Promise<void>;
  updateDealTask(input: { key: string; assigneeId?: string | null; escalated?: boolean; delegatedFrom?: string | null }): Promise<void>;
  closeDealTask(input: { key: string; state: 'DONE' | 'CANCELLED'; decision?: string; comment?: string | null; decidedById?: string | null }): Promise<void>;
  /** 协议定价 publicity: the result's name and the proposed price on the public board. */
  publishDealNotice(input: { key: string; institutionId: string; dealId: string; startsOn: string; endsOn: string }): Promise<void>;
  updateDealNotice(input: { key: string; status: 'OPEN' | 'PAUSED' | 'CLOSED' | 'WITHDRAWN'; endsOn?: string }): Promise<void>;
  recordDealObjection(input: { key: string; noticeKey: string; name?: string; contact: string; reason: string }): Promise<{ objectionId: string }>;
  resolveDealObjection(input: { objectionId: string; outcome: 'DISMISSED' | 'UPHELD'; resolution: string; resolvedById: string }): Promise<void>;
  /** The contract draft (PDF) from the deal's terms, stored as a CONTRACT_DRAFT document. */
  generateContract(input: { dealId: string; key: string }): Promise<{ documentId: string }>;
  /** Puts the signed contract under object lock. */
  lockDealDocuments(input: { dealId: string; documentIds: string[] }): Promise<void>;
  /** Writes obligations (upfront, milestones, minimum royalty, patent costs) idempotently by key. */
  upsertObligations(input: { dealId: string; obligations: Obligation[] }): Promise<void>;
  upsertRoyaltyPeriod(input: { dealId: string; period: RoyaltyPeriodState; netSalesFen?: Fen; royaltyFen?: Fen; documentId?: string }): Promise<void>;
  /** Books a payment: the obligation / royalty period row and an IncomeEvent, once per key. */
  recordPayment(input: {
    key: string;
    institutionId: string;
    dealId: string;
    kind: 'UPFRONT' | 'MILESTONE' | 'ROYALTY' | 'MINIMUM_ROYALTY_TOP_UP' | 'OTHER';
    amountFen: Fen;
    receivedOn: string;
    obligationKey?: string;
    royaltyPeriodKey?: string;
    evidenceDocumentId?: string;
    recordedById: string;
  }): Promise<void>;
  recordAmendment(input: {
    key: string;
    dealId: string;
    status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN';
    reason: string;
    terms: unknown;
    totalValueFen: Fen;
    requestedById: string;
    decidedById?: string | null;
  }): Promise<void>;
  /**
   * In-app, e-mail and webhook notification about the deal, once per key. Not named `notify`:
   * the worker registers every workflow's activities by name, and the case workflows' `notify`
   * takes a case id.
   */
  notifyDeal(input: Omit<NotifyInput, 'caseId' | 'departmentId'> & { dealId: string }): Promise<void>;
  /** E-mail to someone outside the institution (the licensee's contact), once per key. */
  emailExternal(input: { key: string; to: string; subject: string; body: string }): Promise<void>;
}
