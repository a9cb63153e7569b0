// The spin-out case activities against a real PostgreSQL: every write is idempotent (called
// twice → one row, one audit entry), state and audit are written together, and mistakes a
// retry cannot fix leave as non-retryable failures with the AppError code as their type.
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../activities/infra/mailer';
import { createSpinoutCaseActivities } from '../../activities/spinout-case/create-spinout-case-activities';
import { chinaPublicHolidayCalendar } from '../../domain/calendar';
import type { CaseTask, SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { seedCalendar, seedMakerSpaces, type SeededInstitution } from '../../prisma/factories';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig, testStorage } from '../support/stack';
import { caseInput, completeDraft, createTestCase, seedTestInstitution } from './support/case-fixture';

const NOW = new Date('2026-03-02T02:00:00.000Z');

let database: TestDatabase;
let seeded: SeededInstitution;
let activities: SpinoutCaseActivities;

beforeAll(async () => {
  database = await createTestDatabase();
  const config = testConfig(database.url);
  await seedMakerSpaces(database.db);
  seeded = await seedTestInstitution(database.db);
  activities = createSpinoutCaseActivities({ db: database.db, storage: await testStorage(config), mailer: createMailer(config), config, clock: () => NOW });
});
afterAll(async () => {
  await database?.drop();
});

const auditEntries = (entityId: string) => database.db.auditEntry.findMany({ where: { entityId } });
/** The clock is pinned, so entries share one instant: compare their actions as a set. */
const actionsOf = async (entityId: string) => (await auditEntries(entityId)).map((entry) => entry.action).sort();

function approvalTask(caseId: string, overrides: Partial<CaseTask> = {}): CaseTask {
  return {
    key: `${caseId}:r1:dept-head`,
    kind: 'APPROVAL',
    stepKey: 'dept-head',
    title: '院系审核 / Department review',
    assigneeId: null,
    candidateRole: 'DEPT_HEAD',
    departmentId: seeded.departments.main.id,
    dueAt: Date.parse('2026-03-09T15:59:59.999Z'),
    escalated: false,
    escalationRole: 'TTO_OFFICER',
    openedAt: NOW.getTime(),
    ...overrides,
  };
}

describe('createCase', () => {
  it('creates the case row, its team and IP rows and one audit entry, once', async () => {
    const input = await createTestCase(activities, seeded);
    await activities.createCase(input); // a retry

    const row = await database.db.spinoutCase.findUniqueOrThrow({
      where: { id: input.caseId },
      include: { teamMembers: { orderBy: { position: 'asc' } }, ipAssets: { orderBy: { position: 'asc' } }, makerSpace: true },
    });
    expect(row).toMatchObject({
      reference: input.reference,
      workflowId: input.workflowId,
      status: 'DRAFT',
      version: 1,
      mode: 'LEAVE',
      title: '杭州明远智能科技有限公司',
      policyProfileId: seeded.profile.id,
      departmentId: seeded.departments.main.id,
    });
    expect(row.makerSpace?.name).toBe('西湖创新工场');
    expect(row.request).toEqual(JSON.parse(JSON.stringify(input.draft)));
    expect(row.teamMembers.map((member) => [member.name, member.contributionShareBp, member.personId])).toEqual([
      [seeded.people.researcher.name, 6000, seeded.people.researcher.id],
      [seeded.people.otherResearcher.name, 2500, seeded.people.otherResearcher.id],
      ['王五', 1500, null],
    ]);
    expect(row.ipAssets.map((asset) => [asset.kind, asset.title, asset.ownership])).toEqual([
      ['PATENT', '一种缺陷检测方法', 'INSTITUTION'],
      ['KNOW_HOW', '标定工艺', 'JOINT'],
    ]);
    expect(await actionsOf(input.caseId)).toEqual(['case.created']);
  });

  it('names an empty draft 未命名申请 and defaults the mode to LEAVE', async () => {
    const input = await createTestCase(activities, seeded, {});
    const row = await database.db.spinoutCase.findUniqueOrThrow({ where: { id: input.caseId } });
    expect(row).toMatchObject({ title: '未命名申请', mode: 'LEAVE', makerSpaceId: null });
  });

  it('refuses a reference that belongs to another case, without retrying', async () => {
    const first = await createTestCase(activities, seeded);
    const clash = { ...caseInput(seeded), reference: first.reference };
    const failure = await activities.createCase(clash).then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'CONFLICT', nonRetryable: true });
    expect(await database.db.spinoutCase.findUnique({ where: { id: clash.caseId } })).toBeNull();
  });
});

describe('recordCaseState', () => {
  it('writes the state and its audit entry once, however often it runs', async () => {
    const { caseId } = await createTestCase(activities, seeded);
    const change = {
      caseId,
      status: 'SUBMITTED' as const,
      version: 2,
      currentStepKey: null,
      event: { key: `${caseId}:v2`, actorId: seeded.people.researcher.id, action: 'case.submitted', before: { status: 'DRAFT' }, after: { status: 'SUBMITTED' } },
    };
    await activities.recordCaseState(change);
    await activities.recordCaseState(change);

    const row = await database.db.spinoutCase.findUniqueOrThrow({ where: { id: caseId } });
    expect(row).toMatchObject({ status: 'SUBMITTED', version: 2, submittedAt: NOW });
    const entries = (await auditEntries(caseId)).filter((entry) => entry.action === 'case.submitted');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entityType: 'SpinoutCase', idempotencyKey: `${caseId}:v2`, actorId: seeded.people.researcher.id, before: { status: 'DRAFT' } });
  });

  it('writes one entry when two attempts run at the same time (the unique key decides, not a prior read)', async () => {
    const { caseId } = await createTestCase(activities, seeded);
    const change = { caseId, status: 'SUBMITTED' as const, version: 2, currentStepKey: null, event: { key: `${caseId}:v2`, actorId: null, action: 'case.submitted' } };
    await Promise.all([activities.recordCaseState(change), activities.recordCaseState(change), activities.recordCaseState(change)]);
    expect(await database.db.auditEntry.count({ where: { idempotencyKey: `${caseId}:v2` } })).toBe(1);

    const task = approvalTask(caseId);
    await Promise.all([1, 2, 3].map(() => activities.openTask({ institutionId: seeded.institution.id, caseId, task })));
    expect(await database.db.task.count({ where: { key: task.key } })).toBe(1);
    expect(await database.db.auditEntry.count({ where: { idempotencyKey: `task:${task.key}:opened` } })).toBe(1);
  });

  it('replaces the team and IP rows from an edited draft, and records the signing date', async () => {
    const { caseId } = await createTestCase(activities, seeded);
    const draft = {
      ...completeDraft(seeded),
      mode: 'PART_TIME' as const,
      venture: { name: '新名字科技有限公司', description: '改' },
      team: [{ personId: seeded.people.researcher.id, role: '负责人', contributionShareBp: 10000 }],
      ipAssets: [{ kind: 'SOFTWARE_COPYRIGHT' as const, title: '检测软件 V1.0', number: '2024SR000001', ownership: 'INSTITUTION' as const }],
    };
    await activities.recordCaseState({ caseId, status: 'DRAFT', version: 2, currentStepKey: null, draft, event: { key: `${caseId}:v2`, actorId: seeded.people.researcher.id, action: 'case.draft_edited', after: draft } });
    await activities.recordCaseState({ caseId, status: 'SIGNED', version: 3, currentStepKey: null, signingDate: '2026-04-01', event: { key: `${caseId}:v3`, actorId: null, action: 'case.signed' } });

    const row = await database.db.spinoutCase.findUniqueOrThrow({ where: { id: caseId }, include: { teamMembers: true, ipAssets: true } });
    expect(row).toMatchObject({ title: '新名字科技有限公司', mode: 'PART_TIME', status: 'SIGNED', signingDate: '2026-04-01', closedAt: NOW });
    expect(row.teamMembers.map((member) => [member.name, member.contributionShareBp])).toEqual([[seeded.people.researcher.name, 10000]]);
    expect(row.ipAssets.map((asset) => [asset.kind, asset.title])).toEqual([['SOFTWARE_COPYRIGHT', '检测软件 V1.0']]);
  });

  it('never lets an older version overwrite a newer one', async () => {
    const { caseId } = await createTestCase(activities, seeded);
    await activities.recordCaseState({ caseId, status: 'IN_REVIEW', version: 5, currentStepKey: 'tto', event: { key: `${caseId}:v5`, actorId: null, action: 'case.review_started' } });
    await activities.recordCaseState({ caseId, status: 'SUBMITTED', version: 4, currentStepKey: null, event: { key: `${caseId}:v4`, actorId: null, action: 'case.submitted' } });
    const row = await database.db.spinoutCase.findUniqueOrThrow({ where: { id: caseId } });
    expect(row).toMatchObject({ status: 'IN_REVIEW', version: 5, currentStepKey: 'tto' });
  });

  it('fails without retrying for a case that does not exist, and writes no entry', async () => {
    const caseId = crypto.randomUUID();
    const failure = await activities
      .recordCaseState({ caseId, status: 'SUBMITTED', version: 2, currentStepKey: null, event: { key: `${caseId}:v2`, actorId: null, action: 'case.submitted' } })
      .then(() => null, (error: unknown) => error);
    expect(failure).toMatchObject({ type: 'NOT_FOUND', nonRetryable: true });
    expect(await auditEntries(caseId)).toEqual([]);
  });
});

describe('tasks', () => {
  it('opens a task once, claims, delegates, escalates and closes it, each change audited once', async () => {
    const { caseId, institutionId } = await createTestCase(activities, seeded);
    const task = approvalTask(caseId);
    await activities.openTask({ institutionId, caseId, task });
    await activities.openTask({ institutionId, caseId, task });
    const opened = await database.db.task.findMany({ where: { caseId } });
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ key: task.key, state: 'OPEN', candidateRole: 'DEPT_HEAD', dueAt: new Date(task.dueAt!), createdAt: NOW, escalationRole: 'TTO_OFFICER' });
    // Opening an approval task moves the case to its step in the read model.
    expect(await database.db.spinoutCase.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ currentStepKey: 'dept-head' });

    await activities.updateTask({ key: task.key, assigneeId: seeded.people.deptHead.id });
    await activities.updateTask({ key: task.key, assigneeId: seeded.people.deptHead.id });
    expect(await database.db.task.findUniqueOrThrow({ where: { key: task.key } })).toMatchObject({ state: 'CLAIMED', assigneeId: seeded.people.deptHead.id });
    await activities.updateTask({ key: task.key, assigneeId: seeded.people.tto.id, delegatedFrom: seeded.people.deptHead.id });
    await activities.updateTask({ key: task.key, escalated: true });
    expect(await database.db.task.findUniqueOrThrow({ where: { key: task.key } })).toMatchObject({
      assigneeId: seeded.people.tto.id,
      delegatedFrom: seeded.people.deptHead.id,
      escalated: true,
    });

    const close = { key: task.key, state: 'DONE' as const, decision: 'APPROVE', comment: '同意', decidedById: seeded.people.tto.id };
    await activities.closeTask(close);
    await activities.closeTask(close);
    expect(await database.db.task.findUniqueOrThrow({ where: { key: task.key } })).toMatchObject({
      state: 'DONE',
      decision: 'APPROVE',
      comment: '同意',
      decidedById: seeded.people.tto.id,
      decidedAt: NOW,
    });
    expect(await actionsOf(opened[0]!.id)).toEqual(['task.claimed', 'task.decided', 'task.delegated', 'task.escalated', 'task.opened']);
    expect((await auditEntries(opened[0]!.id)).every((entry) => entry.entityType === 'Task')).toBe(true);

    // A late update of a closed task changes nothing.
    await activities.updateTask({ key: task.key, assigneeId: seeded.people.deptHead.id });
    expect(await database.db.task.findUniqueOrThrow({ where: { key: task.key } })).toMatchObject({ state: 'DONE', assigneeId: seeded.people.tto.id });
  });

  it('reports a task that does not exist as NOT_FOUND, not retryable', async () => {
    await expect(activities.closeTask({ key: 'no-such-task', state: 'CANCELLED' })).rejects.toMatchObject({ type: 'NOT_FOUND', nonRetryable: true });
  });
});

describe('recordTransition', () => {
  /** A case under review at the department step, its task open. */
  async function atDepartmentStep() {
    const { caseId, institutionId } = await createTestCase(activities, seeded);
    const task = approvalTask(caseId);
    await activities.recordCaseState({ caseId, status: 'IN_REVIEW', version: 3, currentStepKey: 'dept-head', event: { key: `${caseId}:v3`, actorId: null, action: 'case.review_started' } });
    await activities.openTask({ institutionId, caseId, task });
    const next = approvalTask(caseId, { key: `${caseId}:r1:tto`, stepKey: 'tto', title: '技术转移办公室审核 / TTO review', candidateRole: 'TTO_OFFICER', departmentId: null, escalationRole: 'LEADERSHIP' });
    const approval = {
      close: { key: task.key, state: 'DONE' as const, decision: 'APPROVE', comment: '同意', decidedById: seeded.people.deptHead.id },
      state: {
        caseId, status: 'IN_REVIEW' as const, version: 3, currentStepKey: 'tto',
        event: { key: `${task.key}:approved`, actorId: seeded.people.deptHead.id, action: 'case.step_approved', after: { stepKey: 'dept-head', comment: '同意' } },
      },
      open: { institutionId, caseId, task: next },
    };
    return { caseId, task, next, approval };
  }

  it('closes the task, records the step and opens the next task together, each once however often it runs', async () => {
    const { caseId, task, next, approval } = await atDepartmentStep();
    await activities.recordTransition(approval);
    await activities.recordTransition(approval);
    await Promise.all([activities.recordTransition(approval), activities.recordTransition(approval)]);

    const tasks = await database.db.task.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } });
    expect(tasks.map((row) => [row.key, row.state, row.decision])).toEqual([
      [task.key, 'DONE', 'APPROVE'],
      [next.key, 'OPEN', null],
    ]);
    expect(tasks[0]).toMatchObject({ comment: '同意', decidedById: seeded.people.deptHead.id, decidedAt: NOW });
    expect(await database.db.spinoutCase.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ status: 'IN_REVIEW', version: 3, currentStepKey: 'tto' });
    expect(await actionsOf(tasks[0]!.id)).toEqual(['task.decided', 'task.opened']);
    expect(await actionsOf(tasks[1]!.id)).toEqual(['task.opened']);
    expect((await auditEntries(caseId)).filter((entry) => entry.action === 'case.step_approved')).toEqual([
      expect.objectContaining({ idempotencyKey: `${task.key}:approved`, actorId: seeded.people.deptHead.id, after: { stepKey: 'dept-head', comment: '同意' } }),
    ]);
  });

  it('writes nothing when a part fails: the task stays open and no next task appears', async () => {
    const { caseId, task, next, approval } = await atDepartmentStep();
    const failure = await activities
      .recordTransition({ ...approval, state: { ...approval.state, caseId: crypto.randomUUID() } })
      .then(() => null, (error: unknown) => error);
    expect(failure).toMatchObject({ type: 'NOT_FOUND', nonRetryable: true });
    expect(await database.db.task.findUniqueOrThrow({ where: { key: task.key } })).toMatchObject({ state: 'OPEN', decision: null });
    expect(await database.db.task.findUnique({ where: { key: next.key } })).toBeNull();
    expect(await database.db.auditEntry.count({ where: { idempotencyKey: `${task.key}:approved` } })).toBe(0);
    expect(await database.db.spinoutCase.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ currentStepKey: 'dept-head' });
  });
});

describe('public notice and objections', () => {
  it('publishes one notice with the case facts in Chinese and an English line', async () => {
    const { caseId, institutionId } = await createTestCase(activities, seeded);
    const notice = { key: `${caseId}:r1:notice`, institutionId, caseId, startsOn: '2026-03-02', endsOn: '2026-03-16' };
    await activities.publishNotice(notice);
    await activities.publishNotice(notice);

    const rows = await database.db.notice.findMany({ where: { caseId } });
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ status: 'OPEN', startsOn: '2026-03-02', endsOn: '2026-03-16', title: `关于${seeded.people.researcher.name}同志离岗创业的公示` });
    for (const fact of [
      seeded.people.researcher.name,
      seeded.departments.main.name,
      '杭州明远智能科技有限公司',
      '西湖创新工场',
      '离岗创业',
      '36个月',
      '专利《一种缺陷检测方法》（ZL202310000000.0）',
      '技术秘密《标定工艺》',
      '公示期：2026年3月2日至2026年3月16日',
      'Public notice:',
    ]) {
      expect(row!.body).toContain(fact);
    }
    expect(await actionsOf(row!.id)).toEqual(['notice.published']);
  });

  it('records an objection once under a key-derived id, pauses and reopens the notice, and resolves the objection once', async () => {
    const { caseId, institutionId } = await createTestCase(activities, seeded);
    const noticeKey = `${caseId}:r1:notice`;
    await activities.publishNotice({ key: noticeKey, institutionId, caseId, startsOn: '2026-03-02', endsOn: '2026-03-16' });

    const filed = { key: `${caseId}:objection:7`, noticeKey, name: '匿名', contact: 'someone@example.com', reason: '成果权属有争议' };
    const first = await activities.recordObjection(filed);
    const again = await activities.recordObjection(filed);
    expect(again.objectionId).toBe(first.objectionId);
    expect(await database.db.objection.count({ where: { notice: { key: noticeKey } } })).toBe(1);

    await activities.updateNotice({ key: noticeKey, status: 'PAUSED' });
    await activities.updateNotice({ key: noticeKey, status: 'OPEN', endsOn: '2026-03-18' });
    expect(await database.db.notice.findUniqueOrThrow({ where: { key: noticeKey } })).toMatchObject({ status: 'OPEN', endsOn: '2026-03-18' });

    const resolve = { objectionId: first.objectionId, outcome: 'DISMISSED' as const, resolution: '权属清晰，异议不成立', resolvedById: seeded.people.tto.id };
    await activities.resolveObjection(resolve);
    await activities.resolveObjection(resolve);
    expect(await database.db.objection.findUniqueOrThrow({ where: { id: first.objectionId } })).toMatchObject({
      status: 'DISMISSED',
      resolution: '权属清晰，异议不成立',
      resolvedById: seeded.people.tto.id,
      resolvedAt: NOW,
    });
    expect(await actionsOf(first.objectionId)).toEqual(['objection.dismissed', 'objection.filed']);
    expect(JSON.stringify(await auditEntries(first.objectionId))).not.toContain('someone@example.com');
  });

  it('keeps a closed notice closed', async () => {
    const { caseId, institutionId } = await createTestCase(activities, seeded);
    const key = `${caseId}:r1:notice`;
    await activities.publishNotice({ key, institutionId, caseId, startsOn: '2026-03-02', endsOn: '2026-03-16' });
    await activities.updateNotice({ key, status: 'CLOSED' });
    await activities.updateNotice({ key, status: 'CLOSED' });
    await expect(activities.updateNotice({ key, status: 'OPEN' })).rejects.toMatchObject({ type: 'INVALID_TRANSITION', nonRetryable: true });
    expect(await database.db.notice.findUniqueOrThrow({ where: { key } })).toMatchObject({ status: 'CLOSED' });
  });
});

describe('loadCalendar', () => {
  it('returns the seeded holidays and make-up days as domain calendar days', async () => {
    await seedCalendar(database.db);
    const calendar = await activities.loadCalendar();
    expect(calendar).toHaveLength(chinaPublicHolidayCalendar.length);
    expect(calendar).toContainEqual({ date: '2026-10-01', kind: 'HOLIDAY', name: expect.stringContaining('国庆') });
    expect(calendar.some((day) => day.kind === 'WORKDAY')).toBe(true);
    expect(calendar.map((day) => day.date)).toEqual([...calendar.map((day) => day.date)].sort());
  });
});
