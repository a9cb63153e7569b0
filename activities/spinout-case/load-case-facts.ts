// Everything the notice and the agreement say about a case, read in one query and checked:
// the request as the researcher wrote it, the people and places it names, and the policy
// profile the case was decided under.
import { AppError } from '../../domain/errors';
import { ZPolicyProfile, type TPolicyProfile } from '../../domain/policy';
import { ZSpinoutDraft, type SpinoutMode, type TSpinoutDraft } from '../../domain/spinout';
import type { Db } from '../infra/db';

export interface CaseFacts {
  caseId: string;
  reference: string;
  mode: SpinoutMode;
  institution: { id: string; name: string; nameEn: string | null };
  researcher: { id: string; name: string };
  department: { name: string } | null;
  venture: { name: string; unifiedSocialCreditCode: string | null; description: string | null };
  makerSpace: { name: string; address: string | null } | null;
  requestedStartDate: string | null;
  durationMonths: number | null;
  ipAssets: Array<{ kind: string; title: string; number: string | null; ownership: string; ownershipNote: string | null }>;
  team: Array<{ name: string; role: string; contributionShareBp: number }>;
  profile: TPolicyProfile;
}

const UNNAMED = '（未填写）';

export async function loadCaseFacts(db: Db, caseId: string): Promise<CaseFacts> {
  const row = await db.spinoutCase.findUnique({
    where: { id: caseId },
    include: {
      institution: { select: { id: true, name: true, nameEn: true } },
      researcher: { select: { id: true, name: true } },
      department: { select: { name: true } },
      makerSpace: { select: { name: true, address: true } },
      policyProfile: { select: { rules: true } },
      teamMembers: { orderBy: { position: 'asc' } },
      ipAssets: { orderBy: { position: 'asc' } },
    },
  });
  if (!row) throw new AppError('NOT_FOUND', `Case ${caseId} does not exist`, { details: { caseId } });
  const profile = ZPolicyProfile.safeParse(row.policyProfile.rules);
  // A broken profile row can be repaired by an administrator, so this stays retryable.
  if (!profile.success) throw new AppError('INTERNAL', `The policy profile of case ${row.reference} is invalid: ${profile.error.message}`);
  const parsed = ZSpinoutDraft.safeParse(row.request);
  const request: TSpinoutDraft = parsed.success ? parsed.data : {};
  const makerSpaceName = row.makerSpace?.name ?? request.makerSpace?.name ?? null;

  return {
    caseId: row.id,
    reference: row.reference,
    mode: row.mode,
    institution: row.institution,
    researcher: row.researcher,
    department: row.department,
    venture: {
      name: request.venture?.name ?? row.title,
      unifiedSocialCreditCode: request.venture?.unifiedSocialCreditCode ?? null,
      description: request.venture?.description ?? null,
    },
    makerSpace: makerSpaceName ? { name: makerSpaceName, address: row.makerSpace?.address ?? request.makerSpace?.address ?? null } : null,
    requestedStartDate: request.requestedStartDate ?? null,
    durationMonths: request.durationMonths ?? null,
    ipAssets: row.ipAssets.map((asset) => ({
      kind: asset.kind,
      title: asset.title || UNNAMED,
      number: asset.number,
      ownership: asset.ownership,
      // The note lives only in the request; the rows keep the request's order.
      ownershipNote: request.ipAssets?.[asset.position]?.ownershipNote ?? null,
    })),
    team: row.teamMembers.map((member) => ({ name: member.name || UNNAMED, role: member.role, contributionShareBp: member.contributionShareBp })),
    profile: profile.data,
  };
}
