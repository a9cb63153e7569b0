// The case row's fields and its team / IP rows, as the read model derives them from a draft.
// Rows are replaced wholesale on every draft change: the draft is the source, the rows a copy
// that the API can query and join.
import type { TSpinoutDraft } from '../../domain/spinout';
import type { Prisma } from '../../prisma/generated/client';
import { toJson } from '../audit/record-audit-entry';
import { isUuid } from '../infra/key-uuid';

export const UNTITLED_CASE = '未命名申请';

export async function caseFieldsFromDraft(tx: Prisma.TransactionClient, draft: TSpinoutDraft) {
  const makerSpaceName = draft.makerSpace?.name?.trim();
  // A maker space the institution knows is linked; any other stays in the request as written.
  const makerSpace = makerSpaceName ? await tx.makerSpace.findUnique({ where: { name: makerSpaceName }, select: { id: true } }) : null;
  return {
    title: draft.venture?.name?.trim() || UNTITLED_CASE,
    mode: draft.mode ?? 'LEAVE',
    request: toJson(draft) ?? {},
    makerSpaceId: makerSpace?.id ?? null,
  } satisfies Partial<Prisma.SpinoutCaseUncheckedCreateInput>;
}

export async function replaceDraftRows(
  tx: Prisma.TransactionClient,
  { caseId, institutionId, draft }: { caseId: string; institutionId: string; draft: TSpinoutDraft },
): Promise<void> {
  const team = draft.team ?? [];
  // Members named by person id get their current name from the directory.
  const personIds = team.map((member) => member.personId).filter(isUuid);
  const people = personIds.length > 0 ? await tx.person.findMany({ where: { id: { in: personIds } }, select: { id: true, name: true } }) : [];
  const nameById = new Map(people.map((person) => [person.id, person.name]));

  await tx.caseTeamMember.deleteMany({ where: { caseId } });
  await tx.caseTeamMember.createMany({
    data: team.map((member, position) => {
      const personId = isUuid(member.personId) ? member.personId : null;
      return {
        caseId,
        personId,
        name: member.name?.trim() || (personId ? nameById.get(personId) : undefined) || '',
        role: member.role ?? '',
        contributionShareBp: member.contributionShareBp ?? 0,
        position,
      };
    }),
  });

  await tx.ipAsset.deleteMany({ where: { caseId } });
  await tx.ipAsset.createMany({
    data: (draft.ipAssets ?? []).map((asset, position) => ({
      institutionId,
      caseId,
      kind: asset.kind ?? 'OTHER',
      title: asset.title ?? '',
      number: asset.number ?? null,
      ownership: asset.ownership ?? 'INSTITUTION',
      position,
    })),
  });
}
