// Inbox query (issue 3): 100,000 cases in the database, then GET /tasks/inbox (page 1, default
// page size) over real HTTP for a tech-transfer officer, a department head and a researcher,
// many times with some concurrency. Reports p50/p99 per persona, and the plan PostgreSQL chose
// for each SQL statement the inbox runs (EXPLAIN ANALYZE), so an index decision can be checked.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Me } from '../api/deps';
import { findInboxTasks } from '../api/tasks/find-inbox-tasks';
import { PrismaClient } from '../prisma/generated/client';
import { seedInstitution, type SeededPerson } from '../prisma/factories';
import { startBenchApi } from './api-server';
import { insertInboxDataset } from './inbox-data';
import { cpuWindow, perSecond, round } from './load';
import type { Benchmark } from './run';
import { measure, summarise } from './stats';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const CASES = env('BENCH_INBOX_CASES', 100_000);
const REQUESTS = env('BENCH_INBOX_REQUESTS', 1000);
/** Several people refreshing their inboxes at once; each persona also alone, for the bare latency. */
const CONCURRENCY = 4;

interface Inbox {
  items: Array<{ id: string; kind: string; why: string }>;
  meta: { total: number };
}

/** The SQL the inbox runs for `me`, captured from Prisma's query log, with PostgreSQL's plan for each. */
async function explainInbox(databaseUrl: string, me: Me) {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 1 }), log: [{ emit: 'event', level: 'query' }] });
  const statements: Array<{ query: string; params: unknown[] }> = [];
  db.$on('query', (event) => {
    if (/^\s*(SELECT|WITH)/i.test(event.query)) statements.push({ query: event.query, params: JSON.parse(event.params) as unknown[] });
  });
  await findInboxTasks(db, me, { page: 1, pageSize: 20 });
  await db.$disconnect();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const plans = [];
    for (const { query, params } of statements) {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query}`, params);
      const lines = rows.map((row) => row['QUERY PLAN']);
      const time = (label: string) => Number(lines.find((line) => line.startsWith(label))?.replace(/[^\d.]/g, '') ?? Number.NaN);
      plans.push({ sql: query, executionMs: time('Execution Time'), planningMs: time('Planning Time'), plan: lines });
    }
    return plans;
  } finally {
    await client.end();
  }
}

export const inboxQueryBenchmark: Benchmark = {
  name: 'inbox-query',
  async run({ stack }) {
    const big = await seedInstitution(stack.db, { code: 'BENCHINBOX', name: '基准理工大学' });
    const small = await seedInstitution(stack.db, { code: 'BENCHINBOX2', name: '基准师范大学' });
    const t0 = performance.now();
    const dataset = await insertInboxDataset(stack.db, big, small, CASES);
    const loadSeconds = round((performance.now() - t0) / 1000, 1);

    const personas: Record<string, SeededPerson> = { ttoOfficer: big.people.tto, deptHead: big.people.deptHead, researcher: big.people.researcher };
    const api = await startBenchApi(stack);
    try {
      const results: Record<string, unknown> = {};
      for (const [name, person] of Object.entries(personas)) {
        const token = await api.token(person.email);
        const get = () => api.call<Inbox>('GET', '/tasks/inbox', { token });
        const { body } = await get();
        await measure(50, CONCURRENCY, get); // warm-up: JIT, pools, PostgreSQL's buffers and plans
        const alone = await measure(Math.round(REQUESTS / 4), 1, get);
        const window = cpuWindow();
        const run = await measure(REQUESTS, CONCURRENCY, get);
        const me = (await stack.db.person.findUniqueOrThrow({ where: { id: person.id }, select: { id: true, institutionId: true, departmentId: true, name: true, email: true, roles: true } })) as Me;
        results[name] = {
          roles: person.roles,
          inboxTotal: body.meta.total,
          itemsOnPage1: body.items.length,
          why: [...new Set(body.items.map((item) => item.why))],
          concurrency: CONCURRENCY,
          ...summarise(run.samples),
          requestsPerSecond: perSecond(run.samples.length, run.wallMs),
          cpu: window(),
          alone: summarise(alone.samples),
          sql: await explainInbox(stack.config.DATABASE_URL, me),
        };
      }
      return { dataset: { ...dataset, loadSeconds }, personas: results, targets: { p99Ms: 30 } };
    } finally {
      await api.close();
    }
  },
};
