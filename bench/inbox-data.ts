// 100,000 spin-out cases with their tasks, inserted with set-based SQL (generate_series) in
// seconds. The spread is meant to look like years of a very large institution (80%) and a
// smaller one: every status, most cases long decided (signed 47%, rejected 14%, withdrawn 8%)
// but a heavy open load (15% in review, 3% returned, 3% awaiting signature, 1% objections), 20
// departments, a few thousand researchers, open approval tasks at every step with candidate
// roles, some claimed, some overdue and escalated, the researcher's resubmission tasks, and the
// decided history of every case.
import type { Db } from '../activities/infra/db';
import type { SeededInstitution } from '../prisma/factories';

export interface InboxDataset {
  cases: number;
  tasks: number;
  openTasks: number;
  byStatus: Record<string, number>;
}

/** The default profile's chain: step key, candidate role, escalation role, due days. */
const STEPS = [
  ['dept-head', 'DEPT_HEAD', 'TTO_OFFICER', 5],
  ['tto', 'TTO_OFFICER', 'LEADERSHIP', 10],
  ['hr', 'HR_OFFICER', 'LEADERSHIP', 5],
  ['leadership', 'LEADERSHIP', 'INSTITUTION_ADMIN', 15],
] as const;

const sqlArray = (values: readonly (string | number)[]) => `ARRAY[${values.map((v) => (typeof v === 'number' ? String(v) : `'${v}'`)).join(',')}]`;
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * Fills `big` (80% of the cases) and `small` (20%). Ids are derived from md5 of a name, so a
 * rerun would collide rather than duplicate. Department 0 and 1 of each institution are the
 * seeded ones, so the seeded department head and researcher have realistic workloads; the
 * seeded researcher owns about 50 cases.
 */
export async function insertInboxDataset(db: Db, big: SeededInstitution, small: SeededInstitution, total = 100_000): Promise<InboxDataset> {
  const institutions = [
    { seeded: big, tag: 'big', researchers: 2_400, departments: 20, first: 1, last: Math.round(total * 0.8) },
    { seeded: small, tag: 'small', researchers: 600, departments: 8, first: Math.round(total * 0.8) + 1, last: total },
  ];
  const run = (sql: string) => db.$executeRawUnsafe(sql);
  await run(`
    CREATE UNLOGGED TABLE bench_case (n int PRIMARY KEY, id uuid, institution uuid, r int, s int, k int, open_days int, claim int, age_days int,
                                      researcher uuid, dept uuid, status "CaseStatus", base int, last_step int)`);
  await run('CREATE UNLOGGED TABLE bench_task (LIKE "Task" INCLUDING DEFAULTS)');

  for (const inst of institutions) {
    const { seeded, tag } = inst;
    const deptId = (d: string) =>
      `(CASE WHEN ${d} = 0 THEN ${literal(seeded.departments.main.id)}::uuid WHEN ${d} = 1 THEN ${literal(seeded.departments.other.id)}::uuid ELSE md5('dept-${tag}-' || ${d})::uuid END)`;
    await run(`
      INSERT INTO "Department" (id, "institutionId", name)
      SELECT md5('dept-${tag}-' || d)::uuid, ${literal(seeded.institution.id)}::uuid, '院系 ' || d
      FROM generate_series(2, ${inst.departments - 1}) d`);
    await run(`
      INSERT INTO "Person" (id, "institutionId", "departmentId", name, email, roles)
      SELECT md5('person-${tag}-' || r)::uuid, ${literal(seeded.institution.id)}::uuid, ${deptId(`(r % ${inst.departments})`)},
             '研究员 ' || r, 'r' || r || '@${tag}.bench.edu.cn', ARRAY['RESEARCHER']::"Role"[]
      FROM generate_series(1, ${inst.researchers}) r`);
    // A head for every further department, so the DEPT_HEAD steps of other departments have owners.
    await run(`
      INSERT INTO "Person" (id, "institutionId", "departmentId", name, email, roles)
      SELECT md5('head-${tag}-' || d)::uuid, ${literal(seeded.institution.id)}::uuid, md5('dept-${tag}-' || d)::uuid,
             '院长 ' || d, 'head' || d || '@${tag}.bench.edu.cn', ARRAY['DEPT_HEAD','RESEARCHER']::"Role"[]
      FROM generate_series(2, ${inst.departments - 1}) d`);

    // One staging row per case: which researcher, status, how far along the chain, and when it
    // was submitted (base, in days ago): recently for cases still under way, any time in the
    // last three years for those long decided.
    await run(`
      INSERT INTO bench_case (n, id, institution, r, s, k, open_days, claim, age_days)
      SELECT g, md5('case-' || g)::uuid, ${literal(seeded.institution.id)}::uuid,
             1 + abs(hashtext('researcher' || g)) % ${inst.researchers}, abs(hashtext('status' || g)) % 100,
             abs(hashtext('step' || g)) % 4, abs(hashtext('open' || g)) % 21, abs(hashtext('claim' || g)) % 100,
             abs(hashtext('age' || g)) % 1000
      FROM generate_series(${inst.first}, ${inst.last}) g`);
    await run(`
      UPDATE bench_case SET
        researcher = md5('person-${tag}-' || r)::uuid,
        dept = ${deptId(`(r % ${inst.departments})`)},
        status = (CASE WHEN s < 5 THEN 'DRAFT' WHEN s < 20 THEN 'IN_REVIEW' WHEN s < 23 THEN 'RETURNED' WHEN s < 27 THEN 'PUBLICITY'
                       WHEN s < 28 THEN 'OBJECTION_REVIEW' WHEN s < 31 THEN 'AGREEMENT' WHEN s < 78 THEN 'SIGNED' WHEN s < 92 THEN 'REJECTED'
                       ELSE 'WITHDRAWN' END)::"CaseStatus"
      WHERE institution = ${literal(seeded.institution.id)}::uuid`);
    if (tag === 'big') {
      // The seeded researcher's own cases (about 50), in their department.
      await run(`
        UPDATE bench_case SET researcher = ${literal(seeded.people.researcher.id)}::uuid, dept = ${literal(seeded.departments.main.id)}::uuid
        WHERE institution = ${literal(seeded.institution.id)}::uuid AND n % ${Math.round((inst.last - inst.first + 1) / 50)} = 0`);
    }
  }
  await run(`
    UPDATE bench_case SET base = (CASE WHEN status IN ('IN_REVIEW', 'RETURNED') THEN open_days + 5 * k
                                       WHEN status IN ('PUBLICITY', 'OBJECTION_REVIEW', 'AGREEMENT') THEN open_days + 20
                                       ELSE 30 + age_days END)`);
  // Last step reached: the open (or returned, rejected, withdrawn) one, or the whole chain.
  await run(`UPDATE bench_case SET last_step = (CASE WHEN status IN ('IN_REVIEW', 'RETURNED', 'REJECTED', 'WITHDRAWN') THEN k ELSE 3 END)`);

  const stepKey = `(${sqlArray(STEPS.map((step) => step[0]))})[st + 1]`;
  const dueDays = `(${sqlArray(STEPS.map((step) => step[3] + 2))})[st + 1]`; // working days ≈ +2 calendar days
  const daysAgo = (days: string) => `(now() - make_interval(days => ${days}))`;
  const personOf = (key: 'tto' | 'ttoDeputy' | 'hr' | 'leadership') =>
    `(CASE c.institution ${institutions.map((inst) => `WHEN ${literal(inst.seeded.institution.id)}::uuid THEN ${literal(inst.seeded.people[key].id)}::uuid`).join(' ')} END)`;
  // Approval steps: those passed are DONE; the current one is OPEN (10% of the office steps CLAIMED by a named officer)
  // while in review, DONE with RETURN/REJECT or CANCELLED for returned, rejected, withdrawn cases.
  await run(`
    INSERT INTO bench_task (id, key, "institutionId", "caseId", kind, "stepKey", title, "assigneeId", "candidateRole", "departmentId", "escalationRole",
                            "dueAt", state, escalated, decision, "decidedAt", "createdAt")
    SELECT md5('task-' || c.n || '-' || st)::uuid, c.id || ':r1:' || ${stepKey}, c.institution, c.id, 'APPROVAL', ${stepKey},
           '审核 / Review ' || ${stepKey},
           (CASE WHEN is_current AND c.status = 'IN_REVIEW' AND c.claim < 10 AND st > 0 THEN
                 (CASE (${sqlArray(STEPS.map((step) => step[1]))})[st + 1]
                    WHEN 'TTO_OFFICER' THEN (CASE WHEN c.claim < 5 THEN ${personOf('tto')} ELSE ${personOf('ttoDeputy')} END)
                    WHEN 'HR_OFFICER' THEN ${personOf('hr')}
                    WHEN 'LEADERSHIP' THEN ${personOf('leadership')} END) END),
           (${sqlArray(STEPS.map((step) => step[1]))})[st + 1]::"Role",
           (CASE WHEN st = 0 THEN c.dept END),
           (${sqlArray(STEPS.map((step) => step[2]))})[st + 1]::"Role",
           ${daysAgo('c.base - 5 * st')} + make_interval(days => ${dueDays}),
           (CASE WHEN NOT is_current THEN 'DONE' WHEN c.status = 'IN_REVIEW' THEN (CASE WHEN c.claim < 10 AND st > 0 THEN 'CLAIMED' ELSE 'OPEN' END)
                 WHEN c.status = 'WITHDRAWN' THEN 'CANCELLED' ELSE 'DONE' END)::"TaskState",
           is_current AND c.status = 'IN_REVIEW' AND c.open_days > ${dueDays},
           (CASE WHEN NOT is_current THEN 'APPROVE' WHEN c.status = 'RETURNED' THEN 'RETURN' WHEN c.status = 'REJECTED' THEN 'REJECT'
                 WHEN c.status = 'WITHDRAWN' THEN 'WITHDRAWN' END),
           (CASE WHEN NOT is_current OR c.status <> 'IN_REVIEW' THEN ${daysAgo('c.base - 5 * st - 4')} END),
           ${daysAgo('c.base - 5 * st')}
    FROM bench_case c
    CROSS JOIN LATERAL (
      SELECT st, (st = c.last_step AND c.status IN ('IN_REVIEW', 'RETURNED', 'REJECTED', 'WITHDRAWN')) AS is_current
      FROM generate_series(0, c.last_step) AS gs(st)
    ) steps
    WHERE c.status <> 'DRAFT'`);
  // Returned cases: the researcher's resubmission task, assigned by name.
  await run(`
    INSERT INTO bench_task (id, key, "institutionId", "caseId", kind, "stepKey", title, "assigneeId", state, "createdAt")
    SELECT md5('resubmit-' || c.n)::uuid, c.id || ':r1:resubmit', c.institution, c.id, 'RESUBMIT',
           (${sqlArray(STEPS.map((step) => step[0]))})[c.k + 1], '修改后重新提交 / Revise and resubmit', c.researcher, 'OPEN', ${daysAgo('c.open_days - 1')}
    FROM bench_case c WHERE c.status = 'RETURNED'`);
  // Agreements: awaiting signature (open, for the TTO) or signed; objections under review.
  await run(`
    INSERT INTO bench_task (id, key, "institutionId", "caseId", kind, "stepKey", title, "candidateRole", state, decision, "decidedAt", "createdAt")
    SELECT md5('sign-' || c.n)::uuid, c.id || ':sign', c.institution, c.id, 'SIGN_AGREEMENT', 'agreement',
           '签署离岗创业协议 / Sign the spin-out agreement', 'TTO_OFFICER',
           (CASE WHEN c.status = 'AGREEMENT' THEN 'OPEN' ELSE 'DONE' END)::"TaskState",
           (CASE WHEN c.status = 'SIGNED' THEN 'SIGNED' END), (CASE WHEN c.status = 'SIGNED' THEN ${daysAgo('c.base - 30')} END),
           (CASE WHEN c.status = 'SIGNED' THEN ${daysAgo('c.base - 25')} ELSE ${daysAgo('c.open_days')} END)
    FROM bench_case c WHERE c.status IN ('AGREEMENT', 'SIGNED')`);
  await run(`
    INSERT INTO bench_task (id, key, "institutionId", "caseId", kind, "stepKey", title, "candidateRole", "escalationRole", "dueAt", state, escalated, "createdAt")
    SELECT md5('objection-' || c.n)::uuid, c.id || ':objection', c.institution, c.id, 'OBJECTION_REVIEW', 'objection',
           '异议审查 / Review objection', 'TTO_OFFICER', 'LEADERSHIP', ${daysAgo('c.open_days')} + interval '7 days', 'OPEN',
           c.open_days > 7, ${daysAgo('c.open_days')}
    FROM bench_case c WHERE c.status = 'OBJECTION_REVIEW'`);

  // Into the real tables in time order, as a database that grew over the years holds them: the
  // open tasks are the recent ones, close together at the end of the table.
  await run(`
    INSERT INTO "SpinoutCase" (id, reference, "institutionId", "researcherId", "departmentId", "policyProfileId", "workflowId", status, mode, title,
                               request, "currentStepKey", version, "submittedAt", "closedAt", "createdAt", "updatedAt")
    SELECT c.id, 'SW-BENCH-' || lpad(c.n::text, 6, '0'), c.institution, c.researcher, c.dept,
           (CASE c.institution ${institutions.map((inst) => `WHEN ${literal(inst.seeded.institution.id)}::uuid THEN ${literal(inst.seeded.profile.id)}::uuid`).join(' ')} END),
           'spinout-case-' || c.id, c.status, (CASE WHEN c.n % 3 = 0 THEN 'PART_TIME' ELSE 'LEAVE' END)::"SpinoutMode",
           '基准科技有限公司 ' || c.n, '{}'::jsonb,
           (CASE WHEN c.status IN ('IN_REVIEW', 'RETURNED') THEN (${sqlArray(STEPS.map((step) => step[0]))})[c.k + 1]
                 WHEN c.status IN ('PUBLICITY', 'OBJECTION_REVIEW') THEN 'publicity' WHEN c.status = 'AGREEMENT' THEN 'agreement' END),
           3 + 3 * c.last_step, (CASE WHEN c.status <> 'DRAFT' THEN ${daysAgo('c.base')} END),
           (CASE WHEN c.status IN ('SIGNED', 'REJECTED', 'WITHDRAWN') THEN ${daysAgo('c.base - 25')} END),
           ${daysAgo('c.base + 3')}, ${daysAgo('greatest(c.base - 25, 0)')}
    FROM bench_case c ORDER BY c.base DESC, c.n`);
  await run(`INSERT INTO "Task" SELECT * FROM bench_task ORDER BY "createdAt", id`);
  await run('DROP TABLE bench_case, bench_task');

  // Fresh planner statistics, as autovacuum would have them on a database that grew over years.
  await run('ANALYZE');

  const count = async (sql: string) => Number((await db.$queryRawUnsafe<Array<{ n: bigint }>>(sql))[0]!.n);
  const ids = institutions.map((inst) => `'${inst.seeded.institution.id}'::uuid`).join(',');
  const byStatus = Object.fromEntries(
    (await db.$queryRawUnsafe<Array<{ status: string; n: bigint }>>(`SELECT status::text, count(*) AS n FROM "SpinoutCase" WHERE "institutionId" IN (${ids}) GROUP BY 1 ORDER BY 1`)).map((row) => [row.status, Number(row.n)]),
  );
  return {
    cases: await count(`SELECT count(*) AS n FROM "SpinoutCase" WHERE "institutionId" IN (${ids})`),
    tasks: await count(`SELECT count(*) AS n FROM "Task" WHERE "institutionId" IN (${ids})`),
    openTasks: await count(`SELECT count(*) AS n FROM "Task" WHERE "institutionId" IN (${ids}) AND state IN ('OPEN', 'CLAIMED')`),
    byStatus,
  };
}
