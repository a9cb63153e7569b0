// Settlement rows → API shapes, field by field, so internal columns (workflow ids, idempotency
// keys) never reach a client by accident. A person in the plan who is not staff sees only their
// own lines and their own statement, never another member's amounts.
import type { Db } from '../../activities/infra/db';
import { fenFromBigInt, formatCny } from '../../domain/money';
import { formatAmount, ledgerBalances, statementFor, ZSettlementResult, type TSettlementResult, type TStatement } from '../../domain/settlement';
import type { Prisma } from '../../prisma/generated/client';
import { ledgerEntryOf } from '../../activities/settlement/settlement-rows';
import { taskInclude, toDocuments, toTask } from '../cases/views';
import { iso, isoOrNull } from '../routes/common.schemas';
import type { Me } from '../deps';
import type { VisibleSettlement } from './load-visible-settlement';

export const settlementSummarySelect = {
  id: true,
  reference: true,
  status: true,
  kind: true,
  deal: { select: { id: true, reference: true, title: true, mode: true } },
  periodFrom: true,
  periodTo: true,
  grossFen: true,
  deductionsFen: true,
  netFen: true,
  leadershipRequired: true,
  currentStepKey: true,
  version: true,
  profileVersion: true,
  createdById: true,
  submittedAt: true,
  approvedAt: true,
  paidAt: true,
  reversedAt: true,
  reversalReason: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.SettlementSelect;

export type SettlementSummaryRow = Prisma.SettlementGetPayload<{ select: typeof settlementSummarySelect }>;

const fen = (value: bigint, field: string) => fenFromBigInt(value, field);

export function toSettlementSummary(row: SettlementSummaryRow, names: ReadonlyMap<string, string> = new Map()) {
  const netFen = fen(row.netFen, 'netFen');
  const creator = names.get(row.createdById);
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    kind: row.kind,
    deal: row.deal,
    period: { from: row.periodFrom, to: row.periodTo },
    grossFen: fen(row.grossFen, 'grossFen'),
    deductionsFen: fen(row.deductionsFen, 'deductionsFen'),
    netFen,
    net: formatCny(netFen),
    leadershipRequired: row.leadershipRequired,
    currentStepKey: row.currentStepKey,
    version: row.version,
    profileVersion: row.profileVersion,
    createdBy: creator === undefined ? null : { id: row.createdById, name: creator },
    submittedAt: isoOrNull(row.submittedAt),
    approvedAt: isoOrNull(row.approvedAt),
    paidAt: isoOrNull(row.paidAt),
    reversedAt: isoOrNull(row.reversedAt),
    reversalReason: row.reversalReason,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export async function creatorNames(db: Db, rows: readonly { createdById: string }[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((row) => row.createdById))];
  if (ids.length === 0) return new Map();
  const people = await db.person.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(people.map((person) => [person.id, person.name]));
}

export type PayoutLineRow = Prisma.PayoutLineGetPayload<object>;

export function toPayoutLine(row: PayoutLineRow) {
  const amount = fen(row.amount, 'amount');
  return {
    lineId: row.lineId,
    source: row.source,
    recipientKind: row.recipientKind,
    personId: row.personId,
    name: row.name,
    unit: row.unit,
    amount,
    formatted: formatAmount(row.unit, amount, 'zh'),
    taxableFen: row.taxableFen === null ? null : fen(row.taxableFen, 'taxableFen'),
    taxTreatment: row.taxTreatment,
    taxDeferral: row.taxDeferral,
    taxNote: row.note,
    paidAt: isoOrNull(row.paidAt),
    paidOn: row.paidOn,
    paymentRef: row.paymentRef,
    statementDocumentId: row.statementDocumentId,
  };
}

export type IncomeEventRow = Prisma.IncomeEventGetPayload<object>;

export function toIncomeEvent(row: IncomeEventRow) {
  const amountFen = fen(row.amountFen, 'amountFen');
  return {
    id: row.id,
    dealId: row.dealId,
    kind: row.kind,
    amountFen,
    amount: formatCny(amountFen),
    receivedOn: row.receivedOn,
    evidenceDocumentIds: [...new Set([...(row.evidenceDocumentId ? [row.evidenceDocumentId] : []), ...row.evidenceDocumentIds])],
    fiscalYear: row.fiscalYear,
    note: row.note,
    obligationKey: row.obligationKey,
    royaltyPeriodKey: row.royaltyPeriodKey,
    settlementId: row.settlementId,
    recordedById: row.recordedById,
    createdAt: iso(row.createdAt),
  };
}

export function toLedgerEntry(row: Prisma.LedgerEntryGetPayload<object>) {
  const entry = ledgerEntryOf(row);
  return {
    seq: row.seq.toString(),
    key: entry.key,
    kind: entry.kind,
    reversalOf: entry.reversalOf,
    reason: entry.reason,
    occurredOn: entry.occurredOn,
    debit: entry.debit,
    credit: entry.credit,
    unit: entry.unit,
    amount: entry.amount,
    source: entry.source,
    recipientKey: entry.recipientKey,
    memo: entry.memo,
    createdAt: iso(row.createdAt),
  };
}

/** The domain's read-only statement as a plain response object. */
function statementView(statement: TStatement) {
  return {
    lang: statement.lang,
    title: statement.title,
    facts: statement.facts.map((fact) => ({ ...fact })),
    lines: statement.lines.map((line) => ({ ...line })),
    totals: { ...statement.totals },
  };
}

function parsedResult(value: Prisma.JsonValue | null): TSettlementResult | null {
  if (value === null) return null;
  const parsed = ZSettlementResult.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The settlement as `me` may see it: everything for staff; a person's own part otherwise. */
export async function getSettlementDetail(db: Db, me: Me, visible: VisibleSettlement) {
  const row = await db.settlement.findUniqueOrThrow({
    where: { id: visible.id },
    select: {
      ...settlementSummarySelect,
      draft: true,
      problems: true,
      result: true,
      lines: { orderBy: { position: 'asc' } },
      income: { orderBy: [{ receivedOn: 'asc' }, { createdAt: 'asc' }] },
      tasks: { where: { state: { in: ['OPEN', 'CLAIMED'] } }, include: taskInclude, orderBy: { createdAt: 'asc' } },
      documents: { orderBy: { uploadedAt: 'asc' } },
      ledger: { orderBy: { seq: 'asc' } },
    },
  });
  const staff = visible.viewer === 'STAFF';
  const result = parsedResult(row.result);
  const inPlan = result?.people.some((person) => person.personId === me.id) ?? false;
  const names = await creatorNames(db, [row]);
  const mineOnly = <T extends { personId: string | null }>(items: readonly T[]) => (staff ? [...items] : items.filter((item) => item.personId === me.id));
  const documents = staff ? row.documents : row.documents.filter((doc) => doc.kind === 'STATEMENT' && row.lines.some((line) => line.personId === me.id && line.statementDocumentId === doc.id));
  return {
    ...toSettlementSummary(row, names),
    draft: row.draft,
    problems: staff ? ((row.problems ?? null) as { reason: string; message: string; issues: { path: string; message: string }[] } | null) : null,
    result: staff ? (row.result ?? null) : null,
    lines: mineOnly(row.lines).map(toPayoutLine),
    statement: result !== null && inPlan ? statementView(statementFor({ result, personId: me.id, lang: 'zh' })) : null,
    income: row.income.map(toIncomeEvent),
    ledger: staff ? row.ledger.map(toLedgerEntry) : [],
    balances: staff ? ledgerBalances(row.ledger.map(ledgerEntryOf)) : [],
    openTasks: staff ? row.tasks.map((task) => toTask(task)) : [],
    documents: await toDocuments(db, documents),
    viewer: visible.viewer,
  };
}
