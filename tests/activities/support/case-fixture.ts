// A seeded institution and a spin-out case created through the createCase activity, the way
// the workflow starts one.
import { randomUUID } from 'node:crypto';
import type { SpinoutCaseActivities, SpinoutCaseInput } from '../../../workflows/contracts/spinout-case';
import type { TSpinoutDraft } from '../../../domain/spinout';
import type { Db } from '../../../activities/infra/db';
import { seedInstitution, type SeededInstitution } from '../../../prisma/factories';
import { uniqueId } from '../../support/stack';

export async function seedTestInstitution(db: Db, name = '示范大学'): Promise<SeededInstitution> {
  const code = uniqueId('U').replace('-', '').toUpperCase();
  return seedInstitution(db, { code, name, nameEn: 'Demo University', emailDomain: `${code.toLowerCase()}.edu.cn` });
}

export function completeDraft(seeded: SeededInstitution): TSpinoutDraft {
  return {
    mode: 'LEAVE',
    makerSpace: { name: '西湖创新工场', address: '杭州市西湖区文三路 90 号' },
    venture: {
      name: '杭州明远智能科技有限公司',
      unifiedSocialCreditCode: '91350100M000100Y43',
      description: '基于本课题组专利的工业视觉检测设备',
    },
    ipAssets: [
      { kind: 'PATENT', title: '一种缺陷检测方法', number: 'ZL202310000000.0', ownership: 'INSTITUTION' },
      { kind: 'KNOW_HOW', title: '标定工艺', ownership: 'JOINT', ownershipNote: '与某研究院共有' },
    ],
    team: [
      { personId: seeded.people.researcher.id, role: '技术负责人', contributionShareBp: 6000 },
      { personId: seeded.people.otherResearcher.id, role: '算法', contributionShareBp: 2500 },
      { name: '王五', role: '工艺', contributionShareBp: 1500 },
    ],
    declarations: { holdsLeadershipPost: false, isMajorProjectPI: false },
    requestedStartDate: '2026-03-02',
    durationMonths: 36,
  };
}

export function caseInput(seeded: SeededInstitution, draft: TSpinoutDraft = completeDraft(seeded)): SpinoutCaseInput & { workflowId: string } {
  const caseId = randomUUID();
  return {
    caseId,
    reference: `SW-2026-${caseId.slice(0, 6).toUpperCase()}`,
    institutionId: seeded.institution.id,
    researcherId: seeded.people.researcher.id,
    departmentId: seeded.departments.main.id,
    profile: seeded.profile.rules,
    profileId: seeded.profile.id,
    draft,
    workflowId: `spinout-case-${caseId}`,
  };
}

/** Creates a case through the activity and returns its input. */
export async function createTestCase(
  activities: Pick<SpinoutCaseActivities, 'createCase'>,
  seeded: SeededInstitution,
  draft?: TSpinoutDraft,
): Promise<SpinoutCaseInput & { workflowId: string }> {
  const input = caseInput(seeded, draft);
  await activities.createCase(input);
  return input;
}
