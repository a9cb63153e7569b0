// Seed factories, shared by prisma/seed.ts (an empty database → a demo institution) and the
// tests (each test builds the institutions and people it needs). They write through Prisma
// directly: seeding is set-up, not a business decision, so it has no workflow.
import { chinaPublicHolidayCalendar } from '../domain/calendar';
import { defaultPolicyProfile, type Role, type TPolicyProfile } from '../domain/policy';
import type { Db } from '../activities/infra/db';

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
