// The deal row's fields and its asset / team rows, as the read model derives them from a draft.
// Rows are replaced wholesale on every draft change: the draft is the source, the rows a copy
// the API can query and join. An asset given by id links the existing IP asset (of the same
// institution); a new one (kind and title) becomes an IP asset row of its own, with an id
// derived from the deal and its position, so a retry or a later edit finds it again.
import type { TDealDraft } from '../../domain/licensing';
import type { Prisma } from '../../prisma/generated/client';
import { toJson } from '../audit/record-audit-entry';
import { isUuid, uuidFromKey } from '../infra/key-uuid';

export const UNTITLED_DEAL = '未命名交易';
const MAX_ASSETS = 100;

export const newAssetIdOf = (dealId: string, position: number) => uuidFromKey(`deal:${dealId}:asset:${position}`);

export function dealFieldsFromDraft(draft: TDealDraft) {
  return {
    title: draft.title?.trim() || UNTITLED_DEAL,
    mode: draft.mode,
    pricingMethod: draft.pricingMethod,
    counterpartyName: draft.counterparty?.name?.trim() ?? '',
    counterpartyCreditCode: draft.counterparty?.unifiedSocialCreditCode?.trim().toUpperCase() ?? '',
    // The deal as written: counterparty, assets, team, terms and documents.
    terms: toJson(draft) ?? {},
  } satisfies Partial<Prisma.IpDealUncheckedCreateInput>;
}

export async function replaceDealRows(
  tx: Prisma.TransactionClient,
  { dealId, institutionId, caseId, draft }: { dealId: string; institutionId: string; caseId: string | null; draft: TDealDraft },
): Promise<void> {
  const team = draft.team ?? [];
  const personIds = team.map((member) => member.personId).filter(isUuid);
  const people = personIds.length > 0 ? await tx.person.findMany({ where: { id: { in: personIds }, institutionId }, select: { id: true, name: true } }) : [];
  const nameById = new Map(people.map((person) => [person.id, person.name]));
  await tx.dealTeamMember.deleteMany({ where: { dealId } });
  await tx.dealTeamMember.createMany({
    data: team.map((member, position) => {
      const personId = isUuid(member.personId) && nameById.has(member.personId) ? member.personId : null;
      return {
        dealId,
        personId,
        name: member.name?.trim() || (personId ? nameById.get(personId) : undefined) || '',
        contributionShareBp: member.contributionShareBp ?? 0,
        mainContributor: member.mainContributor ?? false,
        counterpartyInterest: member.counterpartyInterest ?? null,
        position,
      };
    }),
  });

  const assets = (draft.assets ?? []).slice(0, MAX_ASSETS);
  const linkedIds = assets.map((asset) => asset.ipAssetId).filter(isUuid);
  const known = new Set(
    linkedIds.length > 0 ? (await tx.ipAsset.findMany({ where: { id: { in: linkedIds }, institutionId }, select: { id: true } })).map((asset) => asset.id) : [],
  );
  const rows: Prisma.DealAssetCreateManyInput[] = [];
  const created = new Set<string>();
  for (const [position, asset] of assets.entries()) {
    if (asset.ipAssetId !== undefined) {
      // An id the institution does not know stays in the draft only (the API checks ids first).
      if (known.has(asset.ipAssetId)) rows.push({ dealId, ipAssetId: asset.ipAssetId, allocationBp: asset.allocationBp, position });
      continue;
    }
    const id = newAssetIdOf(dealId, position);
    const fields = { kind: asset.kind ?? 'OTHER', title: asset.title ?? '', number: asset.number ?? null, ownership: asset.ownership ?? 'INSTITUTION', position };
    await tx.ipAsset.upsert({ where: { id }, create: { id, institutionId, caseId, ...fields }, update: fields });
    created.add(id);
    rows.push({ dealId, ipAssetId: id, allocationBp: asset.allocationBp, position });
  }
  await tx.dealAsset.deleteMany({ where: { dealId } });
  await tx.dealAsset.createMany({ data: rows, skipDuplicates: true });
  // Assets this deal created at positions it no longer has go, unless another deal uses them.
  const stale = Array.from({ length: MAX_ASSETS }, (_, position) => newAssetIdOf(dealId, position)).filter((id) => !created.has(id));
  await tx.ipAsset.deleteMany({ where: { id: { in: stale }, deals: { none: {} } } });
}
