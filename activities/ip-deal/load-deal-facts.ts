// Everything the notice and the contract say about a deal, read in one query: the deal as
// written, the parties, the assets and team as the read model has them, and the profile.
import { AppError } from '../../domain/errors';
import { ZDealDraft, type DealMode, type PricingMethod, type TDealDraft } from '../../domain/licensing';
import { fenFromBigInt, type Fen } from '../../domain/money';
import { ZPolicyProfile, type TPolicyProfile } from '../../domain/policy';
import type { ExchangeResult } from '../../workflows/contracts/ip-deal';
import type { Db } from '../infra/db';

export interface DealFacts {
  dealId: string;
  reference: string;
  title: string;
  mode: DealMode;
  pricingMethod: PricingMethod;
  institution: { id: string; name: string; nameEn: string | null };
  leadResearcher: { id: string; name: string };
  department: { name: string } | null;
  counterparty: { name: string; unifiedSocialCreditCode: string; contactName: string | null; contactEmail: string | null };
  assets: Array<{ kind: string; title: string; number: string | null; ownership: string; allocationBp: number }>;
  team: Array<{ name: string; contributionShareBp: number; counterpartyInterest: string | null }>;
  /** The deal as written; its terms carry every amount. */
  draft: TDealDraft;
  totalValueFen: Fen;
  exchangeResult: ExchangeResult | null;
  techContractRegNo: string | null;
  profile: TPolicyProfile;
}

const UNNAMED = '（未填写）';

export async function loadDealFacts(db: Db, dealId: string): Promise<DealFacts> {
  const row = await db.ipDeal.findUnique({
    where: { id: dealId },
    include: {
      institution: { select: { id: true, name: true, nameEn: true } },
      leadResearcher: { select: { id: true, name: true } },
      department: { select: { name: true } },
      policyProfile: { select: { rules: true } },
      assets: { orderBy: { position: 'asc' }, include: { ipAsset: true } },
      team: { orderBy: { position: 'asc' } },
    },
  });
  if (!row) throw new AppError('NOT_FOUND', `Deal ${dealId} does not exist`, { details: { dealId } });
  const profile = ZPolicyProfile.safeParse(row.policyProfile.rules);
  // A broken profile row can be repaired by an administrator, so this stays retryable.
  if (!profile.success) throw new AppError('INTERNAL', `The policy profile of deal ${row.reference} is invalid: ${profile.error.message}`);
  const parsed = ZDealDraft.safeParse(row.terms);
  if (!parsed.success) throw new AppError('INTERNAL', `Deal ${row.reference} holds terms that do not parse: ${parsed.error.message}`);
  const draft = parsed.data as TDealDraft;
  return {
    dealId: row.id,
    reference: row.reference,
    title: row.title,
    mode: row.mode,
    pricingMethod: row.pricingMethod,
    institution: row.institution,
    leadResearcher: row.leadResearcher,
    department: row.department,
    counterparty: {
      name: row.counterpartyName || UNNAMED,
      unifiedSocialCreditCode: row.counterpartyCreditCode,
      contactName: draft.counterparty?.contactName ?? null,
      contactEmail: draft.counterparty?.contactEmail ?? null,
    },
    assets: row.assets.map(({ ipAsset, allocationBp }) => ({ kind: ipAsset.kind, title: ipAsset.title || UNNAMED, number: ipAsset.number, ownership: ipAsset.ownership, allocationBp })),
    team: row.team.map((member) => ({ name: member.name || UNNAMED, contributionShareBp: member.contributionShareBp, counterpartyInterest: member.counterpartyInterest })),
    draft,
    totalValueFen: fenFromBigInt(row.totalValueFen, 'totalValueFen'),
    exchangeResult: (row.exchangeResult as ExchangeResult | null) ?? null,
    techContractRegNo: row.techContractRegNo,
    profile: profile.data,
  };
}
