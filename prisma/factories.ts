// Seed factories, shared by prisma/seed.ts (an empty database → a demo institution) and the
// tests (each test builds the institutions and people it needs). They write through Prisma
// directly: seeding is set-up, not a business decision, so it has no workflow.
import { randomUUID } from 'node:crypto';
import { chinaPublicHolidayCalendar } from '../domain/calendar';
import type { TDealDraft, TDealDraftInput } from '../domain/licensing';
import { defaultPolicyProfile, type Role, type TPolicyProfile } from '../domain/policy';
import type { Db } from '../activities/infra/db';
import type { IpDealInput } from '../workflows/contracts/ip-deal';

export interface SeededPerson {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  departmentId: string | null;
  institutionId: string;
}

export interface SeededInstitution {
  institution: { id: string; code: string; name: string };
  departments: { main: { id: string; name: string }; other: { id: string; name: string } };
  profile: { id: string; version: number; rules: TPolicyProfile };
  /** One person per role, plus a second researcher, a deputy TTO officer and another department's head. */
  people: {
    researcher: SeededPerson;
    otherResearcher: SeededPerson;
    deptHead: SeededPerson;
    otherDeptHead: SeededPerson;
    tto: SeededPerson;
    ttoDeputy: SeededPerson;
    hr: SeededPerson;
    finance: SeededPerson;
    leadership: SeededPerson;
    admin: SeededPerson;
  };
}

export async function seedInstitution(
  db: Db,
  opts: { code: string; name: string; nameEn?: string; emailDomain?: string; profile?: Partial<TPolicyProfile> },
): Promise<SeededInstitution> {
  const domain = opts.emailDomain ?? `${opts.code.toLowerCase()}.edu.cn`;
  const institution = await db.institution.create({
    data: { code: opts.code, name: opts.name, nameEn: opts.nameEn ?? null },
    select: { id: true, code: true, name: true },
  });
  const main = await db.department.create({ data: { institutionId: institution.id, name: '材料科学与工程学院' }, select: { id: true, name: true } });
  const other = await db.department.create({ data: { institutionId: institution.id, name: '计算机学院' }, select: { id: true, name: true } });
  const rules: TPolicyProfile = {
    ...defaultPolicyProfile,
    key: opts.code.toLowerCase(),
    institutionId: institution.id,
    ...opts.profile,
  };
  const profile = await db.policyProfile.create({
    data: { institutionId: institution.id, version: rules.version, name: rules.name.zh, rules },
    select: { id: true, version: true },
  });

  const person = async (key: string, name: string, roles: Role[], departmentId: string | null): Promise<SeededPerson> => {
    const email = `${key}@${domain}`;
    const row = await db.person.create({
      data: { institutionId: institution.id, departmentId, name, email, roles },
      select: { id: true },
    });
    return { id: row.id, name, email, roles, departmentId, institutionId: institution.id };
  };
  const people = {
    researcher: await person('researcher', '张明远', ['RESEARCHER'], main.id),
    otherResearcher: await person('researcher2', '李思齐', ['RESEARCHER'], other.id),
    deptHead: await person('dept-head', '王建国', ['DEPT_HEAD', 'RESEARCHER'], main.id),
    otherDeptHead: await person('dept-head2', '赵立新', ['DEPT_HEAD'], other.id),
    tto: await person('tto', '陈晓华', ['TTO_OFFICER'], null),
    ttoDeputy: await person('tto-deputy', '刘佳', ['TTO_OFFICER'], null),
    hr: await person('hr', '孙丽', ['HR_OFFICER'], null),
    finance: await person('finance', '周敏', ['FINANCE_OFFICER'], null),
    leadership: await person('leadership', '吴校长', ['LEADERSHIP'], null),
    admin: await person('admin', '郑管理', ['INSTITUTION_ADMIN'], null),
  };
  return { institution, departments: { main, other }, profile: { id: profile.id, version: profile.version, rules }, people };
}

/** Chinese public holidays and 调休 make-up working days, 2025–2027 (2027 provisional). */
export async function seedCalendar(db: Db): Promise<number> {
  const days = chinaPublicHolidayCalendar;
  await db.calendarDay.createMany({
    data: days.map((day) => ({ date: day.date, kind: day.kind, name: day.provisional ? `${day.name}（暂定）` : day.name })),
    skipDuplicates: true,
  });
  return days.length;
}

export async function seedMakerSpaces(db: Db): Promise<void> {
  await db.makerSpace.createMany({
    data: [
      { name: '西湖创新工场', address: '杭州市西湖区文三路 90 号', province: '浙江' },
      { name: '中关村创业大街众创空间', address: '北京市海淀区海淀西大街 48 号', province: '北京' },
    ],
    skipDuplicates: true,
  });
}

// ─── IP deals ───────────────────────────────────────────────────────────────────────────────

/** Valid 统一社会信用代码 (check digits correct) for the counterparties of seeded deals. */
export const DEAL_COUNTERPARTY_CODES = { licensee: '91350100M000100Y43', transferee: '914403001922038216', investee: '91440300708461136T' } as const;

/**
 * A complete licence of the seeded researcher's result, ready to submit: ¥1M upfront (the TTO's
 * tier in the default profile), 3.5% quarterly royalty, five years. Overrides replace fields
 * (terms as a whole).
 */
export function dealDraftFor(seeded: SeededInstitution, overrides: Partial<TDealDraftInput> = {}): TDealDraftInput {
  const { researcher, otherResearcher } = seeded.people;
  return {
    title: '一种缺陷检测方法的独占许可',
    mode: 'LICENCE',
    pricingMethod: 'AGREED',
    counterparty: { name: '杭州明远智能科技有限公司', unifiedSocialCreditCode: DEAL_COUNTERPARTY_CODES.licensee, contactName: '王经理', contactEmail: 'licensing@mingyuan.example.com' },
    assets: [
      { kind: 'PATENT', title: '一种缺陷检测方法', number: 'ZL202310000000.0', ownership: 'INSTITUTION', allocationBp: 7_000 },
      { kind: 'SOFTWARE_COPYRIGHT', title: '缺陷检测软件 V1.0', number: '2023SR000001', ownership: 'INSTITUTION', allocationBp: 3_000 },
    ],
    team: [
      { personId: researcher.id, name: researcher.name, contributionShareBp: 6_000, mainContributor: true },
      { personId: otherResearcher.id, name: otherResearcher.name, contributionShareBp: 4_000 },
    ],
    terms: {
      exclusivity: 'EXCLUSIVE',
      fieldOfUse: '工业视觉检测',
      territory: '中华人民共和国（不含港澳台地区）',
      termMonths: 60,
      upfrontFeeFen: 100_000_000,
      upfrontDueDays: 30,
      milestones: [{ event: '首台样机通过验收', amountFen: 50_000_000, dueDaysAfterEvent: 30 }],
      royalty: { rateBp: 350, reportingPeriod: 'QUARTERLY', reportDueDays: 30 },
      minimumAnnualRoyaltyFen: 20_000_000,
      sublicensing: 'WITH_CONSENT',
      patentCostReimbursementFen: 1_234_567,
      terminationConditions: '任一方严重违约且在收到书面通知后30日内未纠正的，另一方可解除合同。',
    },
    ...overrides,
  };
}

/** What the API gives a new deal's workflow, for the seeded institution and researcher (activity tests start deals with it). */
export function ipDealInputFor(seeded: SeededInstitution, draft: TDealDraft, overrides: Partial<IpDealInput> = {}): IpDealInput & { workflowId: string } {
  const dealId = overrides.dealId ?? randomUUID();
  return {
    dealId,
    reference: `IP-2026-${dealId.replaceAll('-', '').slice(0, 8).toUpperCase()}`,
    institutionId: seeded.institution.id,
    leadResearcherId: seeded.people.researcher.id,
    departmentId: seeded.departments.main.id,
    createdById: seeded.people.researcher.id,
    caseId: null,
    profile: seeded.profile.rules,
    profileId: seeded.profile.id,
    draft,
    ...overrides,
    workflowId: `ip-deal-${dealId}`,
  };
}

// ─── benefit sharing: an active deal with income, as the deal workflow leaves it ──────────

export interface SeededDeal {
  id: string;
  reference: string;
  title: string;
  institutionId: string;
  team: Array<{ personId: string | null; name: string; contributionShareBp: number; mainContributor: boolean }>;
}

/**
 * An ACTIVE deal (signed contract, technology-contract registration) with its team, written
 * directly: settlements start where the deal workflow has brought a deal (tests that need the
 * deal's own process drive it through the API instead). `workflowId` names no running workflow.
 */
export async function seedActiveDeal(
  db: Db,
  seeded: SeededInstitution,
  opts: {
    team: SeededDeal['team'];
    mode?: 'TRANSFER' | 'LICENCE' | 'EQUITY';
    title?: string;
    techContractRegNo?: string | null;
    signedOn?: string;
    totalValueFen?: number;
  },
): Promise<SeededDeal> {
  const id = randomUUID();
  const reference = `IP-2026-${id.replaceAll('-', '').slice(0, 8).toUpperCase()}`;
  const title = opts.title ?? '一种量子传感器的独占许可';
  await db.ipDeal.create({
    data: {
      id,
      reference,
      institutionId: seeded.institution.id,
      leadResearcherId: seeded.people.researcher.id,
      departmentId: seeded.people.researcher.departmentId,
      createdById: seeded.people.tto.id,
      policyProfileId: seeded.profile.id,
      workflowId: `ip-deal-${id}`,
      status: 'ACTIVE',
      mode: opts.mode ?? 'LICENCE',
      pricingMethod: 'AGREED',
      title,
      counterpartyName: '杭州量感科技有限公司',
      counterpartyCreditCode: '91330100MA2H00001P',
      terms: {},
      totalValueFen: BigInt(opts.totalValueFen ?? 300_000_000),
      techContractRegNo: opts.techContractRegNo === undefined ? '2026330100000123' : opts.techContractRegNo,
      signedOn: opts.signedOn ?? '2026-01-10',
      effectiveOn: opts.signedOn ?? '2026-01-10',
      expiresOn: '2031-01-09',
      team: {
        create: opts.team.map((member, position) => ({
          personId: member.personId,
          name: member.name,
          contributionShareBp: member.contributionShareBp,
          mainContributor: member.mainContributor,
          position,
        })),
      },
    },
  });
  return { id, reference, title, institutionId: seeded.institution.id, team: opts.team };
}

/** A document row of a deal (evidence), without bytes in storage: enough to be referred to. */
export async function seedDealDocument(db: Db, deal: SeededDeal, kind: 'PAYMENT_EVIDENCE' | 'ATTACHMENT' = 'PAYMENT_EVIDENCE'): Promise<string> {
  const id = randomUUID();
  await db.document.create({
    data: {
      id,
      institutionId: deal.institutionId,
      dealId: deal.id,
      kind,
      documentKey: randomUUID(),
      objectKey: `institutions/${deal.institutionId}/documents/seed/${id}`,
      fileName: `${kind.toLowerCase()}.pdf`,
      contentType: 'application/pdf',
      size: 1,
      sha256: '0'.repeat(64),
    },
  });
  return id;
}

/** Income the deal received (as the deal workflow books a payment), with one evidence document. */
export async function seedIncomeEvent(
  db: Db,
  deal: SeededDeal,
  opts: { kind: 'UPFRONT' | 'MILESTONE' | 'ROYALTY' | 'DIVIDEND' | 'EQUITY_EXIT' | 'OTHER'; amountFen: number; receivedOn: string; evidenceDocumentId?: string; note?: string },
): Promise<string> {
  const id = randomUUID();
  await db.incomeEvent.create({
    data: {
      id,
      key: `seed:${id}`,
      institutionId: deal.institutionId,
      dealId: deal.id,
      kind: opts.kind,
      amountFen: BigInt(opts.amountFen),
      receivedOn: opts.receivedOn,
      evidenceDocumentId: opts.evidenceDocumentId ?? (await seedDealDocument(db, deal)),
      note: opts.note ?? null,
    },
  });
  return id;
}
