// What the pages read from the API's answers: the fields they show, typed loosely enough that a
// field the API adds (deal tasks, new kinds) does not break a page.
import type { TSpinoutDraft } from '../../domain/spinout';

export interface PersonRef {
  id: string;
  name: string;
}

export interface PageMeta {
  page: number;
  pageSize: number;
  total: number;
}

export interface CaseSummary {
  id: string;
  reference: string;
  title: string;
  status: string;
  mode: string;
  researcher: PersonRef;
  department: { id: string; name: string } | null;
  currentStepKey: string | null;
  version: number;
  submittedAt: string | null;
  closedAt: string | null;
  signingDate: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Task {
  id: string;
  kind: string;
  stepKey: string;
  title: string;
  state: string;
  assignee: PersonRef | null;
  candidateRole: string | null;
  departmentId: string | null;
  escalated: boolean;
  escalationRole: string | null;
  dueAt: string | null;
  overdue: boolean;
  decision: string | null;
  comment: string | null;
  createdAt: string;
}

export interface InboxTask extends Task {
  case: { id: string; reference: string; title: string; status: string } | null;
  deal?: { id: string; reference: string; title: string; status: string } | null;
  settlement?: { id: string; reference: string; title?: string; status: string; period?: { from: string; to: string } } | null;
  why: 'ASSIGNED' | 'CANDIDATE' | 'ESCALATED';
}

export interface Doc {
  id: string;
  kind: string;
  documentKey: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: PersonRef | null;
  uploadedAt: string;
}

export interface Objection {
  id: string;
  status: string;
  reason: string;
  name?: string | null;
  contact?: string;
  resolution: string | null;
  filedAt: string;
}

export interface CaseNotice {
  id: string;
  status: string;
  title: string;
  startsOn: string;
  endsOn: string;
  publishedAt: string;
  objections: Objection[];
}

export interface TimelineEntry {
  id: string;
  at: string;
  action: string;
  actor: PersonRef | null;
  before: unknown;
  after: unknown;
}

export interface CaseDetail extends CaseSummary {
  draft: TSpinoutDraft | null;
  policyProfile: { id: string; version: number; name: string };
  makerSpace: { id: string; name: string; address: string | null } | null;
  team: { personId: string | null; name: string; role: string; contributionShareBp: number }[];
  ipAssets: { id: string; kind: string; title: string; number: string | null; ownership: string }[];
  openTasks: Task[];
  documents: Doc[];
  notices: CaseNotice[];
  timeline: TimelineEntry[];
}

export interface PublicNotice {
  id: string;
  title: string;
  body: string;
  status: string;
  startsOn: string;
  endsOn: string;
  publishedAt: string;
  caseReference?: string | null;
  dealReference?: string | null;
  institution: { code: string; name: string };
}

export interface Clock {
  caseId: string;
  reference: string;
  caseTitle: string;
  researcher: PersonRef;
  department: { id: string; name: string } | null;
  signingDate: string;
  months: number;
  expiryDate: string;
  daysLeft: number | null;
  status: string;
  extensionsUsed: number;
  profileVersion: number;
  pendingRequest: string | null;
  openTasks: { id: string; kind: string; stepKey: string; title: string; candidateRole: string | null; dueAt: string | null }[];
  choice: string | null;
  choiceDueOn: string | null;
  escalated: boolean;
  outcome: { status: string; reason: string | null; on: string } | null;
  nextReminder: { kind: string; offsetDays: number; sendOn: string } | null;
  annualReports: { dueOn: string; submittedAt: string | null; summary: string | null; overdue: boolean }[];
}

export interface Directory {
  items: { id: string; name: string; roles: string[]; department: { id: string; name: string } | null }[];
}

// ─── IP deals (转让 / 许可 / 作价投资) ───────────────────────────────────────────────────────

export interface DealSummary {
  id: string;
  reference: string;
  title: string;
  status: string;
  mode: string;
  pricingMethod: string;
  leadResearcher: PersonRef;
  department: { id: string; name: string } | null;
  case: { id: string; reference: string } | null;
  counterparty: { name: string | null; unifiedSocialCreditCode: string | null };
  totalValueFen: number;
  currentStepKey: string | null;
  version: number;
  techContractRegNo: string | null;
  signedOn: string | null;
  effectiveOn: string | null;
  expiresOn: string | null;
  submittedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DealObligation {
  key: string;
  kind: string;
  label: string;
  amountFen: number;
  dueOn: string | null;
  status: string;
  eventOn: string | null;
  invoicedOn: string | null;
  paidOn: string | null;
  paidFen: number | null;
  /** Set once the TTO waived what was left of it. */
  waiver?: { waivedFen: number; reason: string; waivedById: string | null; waivedOn: string | null } | null;
}

export interface DealRoyaltyPeriod {
  key: string;
  periodStart: string;
  periodEnd: string;
  reportDueOn: string;
  status: string;
  netSalesFen: number | null;
  royaltyFen: number | null;
  reportDocumentId: string | null;
  reportedAt: string | null;
}

export interface DealAmendment {
  id: string;
  status: string;
  reason: string;
  terms: unknown;
  totalValueFen: number;
  requestedBy: PersonRef;
  decidedById: string | null;
  requestedAt: string;
  decidedAt: string | null;
}

export interface DealIncomeEvent {
  id: string;
  kind: string;
  amountFen: number;
  receivedOn: string;
  obligationKey: string | null;
  royaltyPeriodKey: string | null;
  evidenceDocumentId: string | null;
  recordedById: string | null;
  settled: boolean;
  createdAt: string;
}

/** The deal as written (the API's DealDraft), read loosely. */
export interface DealTermsView {
  title?: string;
  mode?: string;
  pricingMethod?: string;
  caseId?: string;
  counterparty?: { name?: string; unifiedSocialCreditCode?: string; contactName?: string; contactEmail?: string };
  assets?: Record<string, unknown>[];
  team?: Record<string, unknown>[];
  terms?: Record<string, unknown>;
  valuationReportDocumentId?: string;
  conflictDisclosureDocumentId?: string;
}

export interface DealDetail extends DealSummary {
  terms: DealTermsView | null;
  approvalTier: { label?: { zh: string; en: string }; approverRole?: string } | null;
  exchangeResult: { venue?: string; listingReference?: string; concludedOn?: string; finalPriceFen?: number; winningParty?: string; documentId?: string | null } | null;
  createdBy: PersonRef;
  policyProfile: { id: string; version: number; name: string };
  assets: { ipAssetId: string; kind: string; title: string; number: string | null; ownership: string; allocationBp: number }[];
  team: { personId: string | null; name: string; contributionShareBp: number; mainContributor: boolean; counterpartyInterest: string | null }[];
  obligations: DealObligation[];
  royaltyPeriods: DealRoyaltyPeriod[];
  amendments: DealAmendment[];
  incomeEvents: DealIncomeEvent[];
  openTasks: Task[];
  documents: Doc[];
  notices: CaseNotice[];
  timeline: TimelineEntry[];
}

// ─── benefit-sharing settlements (收益分配) ───────────────────────────────────────────────────

export interface SettlementSummary {
  id: string;
  reference: string;
  status: string;
  kind: string;
  deal: { id: string; reference: string; title: string; mode: string };
  period: { from: string; to: string };
  grossFen: number;
  deductionsFen: number;
  netFen: number;
  leadershipRequired: boolean;
  currentStepKey: string | null;
  version: number;
  createdBy: PersonRef | null;
  submittedAt: string | null;
  approvedAt: string | null;
  paidAt: string | null;
  reversedAt: string | null;
  reversalReason: string | null;
  updatedAt: string;
}

export interface SettlementLine {
  lineId: string;
  source: string;
  recipientKind: string;
  personId: string | null;
  name: string;
  unit: string;
  amount: number;
  taxableFen: number | null;
  taxTreatment: string;
  taxNote: string;
  paidOn: string | null;
  paymentRef: string | null;
  statementDocumentId: string | null;
}

/** One "how it was computed" step of the plan (domain/settlement's explanation). */
export interface ExplanationStep {
  key: string;
  label: { zh: string; en: string };
  detail: { zh: string; en: string } | null;
  value: { unit: string; amount: number } | null;
}

export interface SettlementResultView {
  classes?: { incomeClass: string; steps: ExplanationStep[]; teamSplit?: { members: { personId: string; name: string; final: number; steps: ExplanationStep[] }[]; unit: string } }[];
  equity?: { steps: ExplanationStep[]; teamSplit?: { members: { personId: string; name: string; final: number; steps: ExplanationStep[] }[]; unit: string } } | null;
  totals?: Record<string, number>;
  approval?: { label: { zh: string; en: string } };
  notes?: { zh: string; en: string }[];
}

export interface SettlementDetail extends SettlementSummary {
  /** What the TTO chose (incomeEventIds, deductions, …), read loosely. */
  draft?: unknown;
  problems: { reason: string; message: string; issues: { path: string; message: string }[] } | null;
  result: SettlementResultView | null;
  lines: SettlementLine[];
  statement: { title: string; facts: { label: string; value: string }[]; lines: { kind: string; label: string; value: string | null; detail: string | null }[] } | null;
  income: { id: string; kind: string; amountFen: number; receivedOn: string; note: string | null }[];
  ledger: { seq: string; kind: string; occurredOn: string; debit: string; credit: string; unit: string; amount: number; reversalOf: string | null; memo: { zh: string; en: string } }[];
  balances: { account: string; unit: string; balance: number }[];
  openTasks: Task[];
  documents: Doc[];
  viewer: 'STAFF' | 'PERSON';
}
