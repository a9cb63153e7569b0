// Deal rows → API shapes, field by field, so internal columns (workflow ids, idempotency keys
// of income events and amendments) never reach a client by accident. Obligation and royalty
// period keys are shown on purpose: clients name them when recording events and payments.
import type { Prisma } from '../../prisma/generated/client';
import { fenFromBigInt, formatCny } from '../../domain/money';
import { iso, isoOrNull } from '../routes/common.schemas';
import type { TDealSummary } from '../routes/deals.schemas';

export const dealSummarySelect = {
  id: true,
  reference: true,
  title: true,
  status: true,
  mode: true,
  pricingMethod: true,
  institutionId: true,
  leadResearcher: { select: { id: true, name: true } },
  department: { select: { id: true, name: true } },
  case: { select: { id: true, reference: true } },
  counterpartyName: true,
  counterpartyCreditCode: true,
  totalValueFen: true,
  currentStepKey: true,
  version: true,
  techContractRegNo: true,
  signedOn: true,
  effectiveOn: true,
  expiresOn: true,
  submittedAt: true,
  closedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.IpDealSelect;

export type DealSummaryRow = Prisma.IpDealGetPayload<{ select: typeof dealSummarySelect }>;

export const fen = (value: bigint, field: string) => fenFromBigInt(value, field);
export const fenOrNull = (value: bigint | null, field: string) => (value === null ? null : fenFromBigInt(value, field));

export function toDealSummary(row: DealSummaryRow): TDealSummary {
  const totalValueFen = fen(row.totalValueFen, 'totalValueFen');
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    status: row.status,
    mode: row.mode,
    pricingMethod: row.pricingMethod,
    institutionId: row.institutionId,
    leadResearcher: row.leadResearcher,
    department: row.department,
    case: row.case,
    counterparty: { name: row.counterpartyName || null, unifiedSocialCreditCode: row.counterpartyCreditCode || null },
    totalValueFen,
    totalValue: formatCny(totalValueFen),
    currentStepKey: row.currentStepKey,
    version: row.version,
    techContractRegNo: row.techContractRegNo,
    signedOn: row.signedOn,
    effectiveOn: row.effectiveOn,
    expiresOn: row.expiresOn,
    submittedAt: isoOrNull(row.submittedAt),
    closedAt: isoOrNull(row.closedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
