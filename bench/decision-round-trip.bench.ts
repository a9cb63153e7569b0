// Decision round trip (issue 3): the API over real HTTP and a real worker. Cases are created
// and submitted through the API; then 50 virtual users each take a case whose approval task is
// open, decide it (POST /tasks/{id}/decide APPROVE, as someone holding the step's role), and
// read the case back (GET /cases/{id}) until it shows the next step's open task, or PUBLICITY
// after the last step. The latency measured is decide + confirm.
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { performance } from 'node:perf_hooks';
import { addCalendarDays, shanghaiDateOf } from '../domain/calendar';
import type { TApprovalStep } from '../domain/policy';
import type { TSpinoutDraft } from '../domain/spinout';
import { seedCalendar, seedInstitution, seedMakerSpaces, type SeededInstitution, type SeededPerson } from '../prisma/factories';
import { startBenchApi, type BenchApi } from './api-server';
import { cpuWindow, perSecond, round, runPaced, runVirtualUsers, WorkQueue } from './load';
import type { Benchmark } from './run';
import { processCpuWindow } from './process-cpu';
import { summarise } from './stats';
import { profileUpdates } from './update-profile';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const USERS = 50;
/** The measured phase: at most this many decisions, this long. */
const DECISIONS = env('BENCH_DECISIONS', 3000);
const SECONDS = env('BENCH_DECISION_SECONDS', 45);
const WARMUP_DECISIONS = env('BENCH_DECISION_WARMUP', 200);
/** Then open-loop phases at steady rates (¼, ½, ¾ of what the closed loop reached), each this long. */
const PACED_SECONDS = env('BENCH_DECISION_PACED_SECONDS', 10);
/** What the paced phases can use at most: their shares (¼ + ½ + ¾) of the target's 100/s. */
const PACED_DECISIONS = Math.ceil(1.5 * 100 * PACED_SECONDS);
/**
 * Cases are created and submitted first, for at most SETUP_SECONDS: each gives one decision per
 * approval step, enough for warm-up, measurement and the paced phases unless the system is
 * fast, in which case a phase ends early (when fewer open cases than users remain) rather than
 * with idle users.
 */
const MAX_CASES = env('BENCH_DECISION_CASES', Math.ceil((DECISIONS + WARMUP_DECISIONS + PACED_DECISIONS) / 4) + USERS);
const SETUP_SECONDS = env('BENCH_DECISION_SETUP_SECONDS', 90);

interface CaseDetail {
  id: string;
  status: string;
  openTasks: Array<{ id: string; kind: string; stepKey: string; state: string }>;
}

/** Work item: a case whose approval step `stepIndex` has its task open. */
interface OpenStep {
  caseId: string;
  researcher: 'main' | 'other';
  stepIndex: number;
  taskId: string;
}

function draftFor(researcher: SeededPerson, colleague: SeededPerson, n: number): TSpinoutDraft {
  return {
    mode: n % 3 === 0 ? 'PART_TIME' : 'LEAVE',
    makerSpace: { name: '西湖创新工场', address: '杭州市西湖区文三路 90 号' },
    venture: { name: `基准测试科技有限公司 ${n}`, description: 'Industrial vision inspection built on the group’s patents.' },
    ipAssets: [{ kind: 'PATENT', title: `一种缺陷检测方法 ${n}`, number: `ZL2023${String(n).padStart(8, '0')}.0`, ownership: 'INSTITUTION' }],
    team: [
      { personId: researcher.id, role: '技术负责人', contributionShareBp: 6_000 },
      { personId: colleague.id, role: '算法', contributionShareBp: 2_500 },
      { name: '王五', role: '工艺', contributionShareBp: 1_500 },
    ],
    declarations: { holdsLeadershipPost: false, isMajorProjectPI: false },
    requestedStartDate: addCalendarDays({ date: shanghaiDateOf(Date.now()), days: 90 }),
    durationMonths: 36,
  };
}

/** Times the API's Update calls (the Temporal round trip as the API sees it). */
function updateTimer(samples: number[]): WorkflowClientInterceptor {
  return {
    async startUpdate(input, next) {
      const t = performance.now();
      try {
        return await next(input);
      } finally {
        if (input.updateName === 'decide') samples.push(performance.now() - t);
      }
    },
  };
}

export const decisionRoundTripBenchmark: Benchmark = {
  name: 'decision-round-trip',
  async run({ stack, startWorker }) {
    const db = stack.db;
    await seedCalendar(db);
    await seedMakerSpaces(db);
    const seeded: SeededInstitution = await seedInstitution(db, { code: 'BENCHDRT', name: '基准大学' });
    const steps: TApprovalStep[] = seeded.profile.rules.approval.steps;
    const { people } = seeded;

    const worker = await startWorker();
    const updateSamples: number[] = [];
    const temporal = new Client({ connection: stack.temporal.connection, namespace: stack.config.TEMPORAL_NAMESPACE, interceptors: { workflow: [updateTimer(updateSamples)] } });
    const api: BenchApi = await startBenchApi(stack, { temporal });
    try {
      const tokenOf = (person: SeededPerson) => api.token(person.email);
      const researchers = { main: people.researcher, other: people.otherResearcher };
      /** Someone holding the step's role; for the department's step, the head of the case's department. */
      const approverFor = (step: TApprovalStep, open: OpenStep, n: number): SeededPerson => {
        switch (step.role) {
          case 'DEPT_HEAD': return open.researcher === 'main' ? people.deptHead : people.otherDeptHead;
          case 'TTO_OFFICER': return n % 2 === 0 ? people.tto : people.ttoDeputy;
          case 'HR_OFFICER': return people.hr;
          case 'LEADERSHIP': return people.leadership;
          default: throw new Error(`no bench approver for role ${step.role}`);
        }
      };
      const openTaskOf = (detail: CaseDetail, stepIndex: number) =>
        detail.openTasks.find((task) => task.kind === 'APPROVAL' && task.stepKey === steps[stepIndex]!.key && task.state === 'OPEN');

      // ─── cases, created and submitted through the API ──────────────────────────────────────
      const queue = new WorkQueue<OpenStep>();
      const setupWindow = cpuWindow();
      const createAndSubmit = async (n: number) => {
        const who = n % 2 === 0 ? 'main' : 'other';
        const researcher = researchers[who];
        const token = await tokenOf(researcher);
        const colleague = who === 'main' ? people.otherResearcher : people.researcher;
        const created = await api.call<CaseDetail>('POST', '/cases', { token, json: draftFor(researcher, colleague, n), expect: 201 });
        const submitted = await api.call<CaseDetail>('POST', `/cases/${created.body.id}/submit`, { token, json: {} });
        const task = openTaskOf(submitted.body, 0);
        if (submitted.body.status !== 'IN_REVIEW' || !task) throw new Error(`case ${created.body.id} did not open its first step: ${JSON.stringify(submitted.body.openTasks)}`);
        queue.push({ caseId: created.body.id, researcher: who, stepIndex: 0, taskId: task.id });
      };
      let caseNo = 0;
      const setup = await runVirtualUsers({
        users: 10,
        durationMs: SETUP_SECONDS * 1000,
        maxOps: MAX_CASES,
        next: async () => caseNo++,
        op: createAndSubmit,
      });
      const setupCpu = setupWindow();

      // ─── the round trip ────────────────────────────────────────────────────────────────────
      let decisionNo = 0;
      let extraReads = 0;
      let inFlight = 0;
      let decideMs: number[] = [];
      let confirmMs: number[] = [];
      const decide = async (open: OpenStep) => {
        const step = steps[open.stepIndex]!;
        const token = await tokenOf(approverFor(step, open, decisionNo++));
        const t0 = performance.now();
        await api.call('POST', `/tasks/${open.taskId}/decide`, { token, json: { decision: 'APPROVE' } });
        const t1 = performance.now();
        const last = open.stepIndex === steps.length - 1;
        for (let reads = 1; ; reads += 1) {
          const { body } = await api.call<CaseDetail>('GET', `/cases/${open.caseId}`, { token });
          const next = last ? undefined : openTaskOf(body, open.stepIndex + 1);
          if (last ? body.status === 'PUBLICITY' : body.status === 'IN_REVIEW' && next) {
            decideMs.push(t1 - t0);
            confirmMs.push(performance.now() - t1);
            if (next) queue.push({ ...open, stepIndex: open.stepIndex + 1, taskId: next.id });
            return;
          }
          if (reads >= 200) throw new Error(`case ${open.caseId} still does not show what follows step ${step.key}: ${JSON.stringify(body)}`);
          extraReads += 1;
        }
      };
      // Every user always finds a case to decide: a phase ends once fewer open cases than users remain.
      const next = async () => {
        if (queue.size + inFlight <= USERS) return null;
        const open = await queue.take();
        if (open) inFlight += 1;
        return open;
      };
      const op = async (open: OpenStep) => {
        try {
          await decide(open);
        } finally {
          inFlight -= 1;
        }
      };

      const warmup = await runVirtualUsers({ users: USERS, durationMs: 15_000, maxOps: WARMUP_DECISIONS, next, op });
      decideMs = [];
      confirmMs = [];
      updateSamples.length = 0;
      extraReads = 0;
      const casesTouched = new Set<string>();
      const runStartedAt = Date.now();
      const window = cpuWindow();
      const processes = processCpuWindow(stack.pids);
      const run = await runVirtualUsers({
        users: USERS,
        durationMs: SECONDS * 1000,
        maxOps: DECISIONS,
        next,
        op: async (open) => {
          casesTouched.add(open.caseId);
          await op(open);
        },
      });
      const cpu = { ...window(), pctOfOneCore: processes() };
      const runWindow = { fromMs: runStartedAt, toMs: Date.now() };
      const closedLoopRate = perSecond(run.samples.length, run.wallMs);
      const closedDecide = summarise(decideMs);
      const closedConfirm = { ...summarise(confirmMs), readsBeyondFirst: extraReads };
      const closedUpdate = summarise(updateSamples);

      // With 50 users and no pause between decisions, latency is 50 ÷ throughput (Little's law):
      // it measures the queue at saturation. At rates the system sustains it shows the round trip
      // itself: open-loop phases at ¼, ½ and ¾ of what the closed loop reached (at most the
      // target's 100/s), each reporting its latency, so the report says up to which rate the
      // p99 stays within the target.
      const pacedPhase = async (ratePerSecond: number) => {
        decideMs = [];
        updateSamples.length = 0;
        const cases = new Set<string>();
        const startedAt = Date.now();
        const processes = processCpuWindow(stack.pids);
        const paced = await runPaced({
          ratePerSecond,
          durationMs: PACED_SECONDS * 1000,
          maxInFlight: USERS,
          next,
          op: async (open) => {
            cases.add(open.caseId);
            await op(open);
          },
        });
        return {
          offeredPerSecond: ratePerSecond,
          ...summarise(paced.samples),
          decisionsPerSecond: perSecond(paced.samples.length, paced.wallMs),
          skippedStarts: paced.skipped,
          decideOnly: summarise(decideMs),
          temporalUpdateAsApiSeesIt: summarise(updateSamples),
          cpuPctOfOneCore: processes(),
          window: { fromMs: startedAt, toMs: Date.now() },
          cases,
        };
      };
      const pacedRates = [...new Set([0.25, 0.5, 0.75].map((share) => Math.max(1, Math.min(100, Math.floor(closedLoopRate * share)))))];
      const pacedPhases = [];
      for (const rate of pacedRates) pacedPhases.push(await pacedPhase(rate));

      // Where the time went inside Temporal: the histories of a sample of the cases decided.
      const workflowIdsOf = async (caseIds: Set<string>) =>
        (await db.spinoutCase.findMany({ where: { id: { in: [...caseIds].slice(0, 40) } }, select: { workflowId: true } })).map((row) => row.workflowId);
      const inTemporal = await profileUpdates(stack.temporal, await workflowIdsOf(casesTouched), 'decide', runWindow);
      const paced = [];
      for (const { window: pacedWindow, cases, ...phase } of pacedPhases) {
        // A phase that could not start its decisions (too few open cases left) says nothing.
        if (phase.skippedStarts > phase.count) continue;
        paced.push({ ...phase, inTemporal: await profileUpdates(stack.temporal, await workflowIdsOf(cases), 'decide', pacedWindow) });
      }
      const withinTarget = paced.filter((phase) => Number.isFinite(phase.p99Ms) && phase.p99Ms <= 200 && phase.skippedStarts === 0);

      return {
        virtualUsers: USERS,
        approvalSteps: steps.map((step) => step.role),
        setup: { casesCreatedAndSubmitted: setup.samples.length, concurrency: 10, perCase: summarise(setup.samples), casesPerSecond: perSecond(setup.samples.length, setup.wallMs), cpu: setupCpu },
        warmupDecisions: warmup.samples.length,
        roundTrip: { ...summarise(run.samples), decisionsPerSecond: closedLoopRate, wallSeconds: round(run.wallMs / 1000, 1) },
        decideOnly: closedDecide,
        confirmOnly: closedConfirm,
        temporalUpdateAsApiSeesIt: closedUpdate,
        inTemporal,
        cpu,
        paced,
        /** The highest paced rate whose p99 stayed within the target's 200 ms (null: none did). */
        p99Within200MsUpToPerSecond: withinTarget.length > 0 ? Math.max(...withinTarget.map((phase) => phase.offeredPerSecond)) : null,
        targets: { p99Ms: 200, decisionsPerSecond: 100 },
      };
    } finally {
      await api.close();
      await worker.stop();
    }
  },
};
