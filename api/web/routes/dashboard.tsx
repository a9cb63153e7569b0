// The dashboard's figures, each counted by the API: cases per status, open clocks' expiry
// months (for those who see the clocks), IP deals by status, income and rewards by year.
import { Hono } from 'hono';
import { addMonthsClamped } from '../../../domain/calendar';
import { CASE_STATUSES } from '../../../domain/spinout';
import { render } from '../components/layout';
import type { Datum } from '../components/charts';
import { DashboardPage } from '../pages/dashboard';
import { DEAL_STATUS_ORDER } from '../pages/deal-list';
import { CLOCK_VIEWERS, hasRole, requireLogin, type WebEnv } from '../session';
import type { Clock, PageMeta } from '../views';

const MONTHS_AHEAD = 36;

export const dashboardPages = new Hono<WebEnv>().get('/app/dashboard', requireLogin, async (c) => {
  const t = c.get('t');
  const api = c.get('api');
  const byStage: Datum[] = await Promise.all(
    CASE_STATUSES.map(async (status) => {
      const res = await api.get<{ meta: PageMeta }>('/cases', { status, pageSize: 1 });
      return { label: t.labels.caseStatus[status], value: res.ok ? res.data.meta.total : 0 };
    }),
  );

  // Deals by status (a researcher's own, the institution's for staff), statuses with none left out.
  const dealCounts: Datum[] = await Promise.all(
    DEAL_STATUS_ORDER.map(async (status) => {
      const res = await api.get<{ meta: PageMeta }>('/deals', { status, pageSize: 1 });
      return { label: t.labels.dealStatus[status], value: res.ok ? res.data.meta.total : 0 };
    }),
  );
  const deals = dealCounts.filter((datum) => datum.value > 0);

  let expiries: Datum[] | null = null;
  if (hasRole(c.get('me'), ...CLOCK_VIEWERS)) {
    const clocks: Clock[] = [];
    let today = '';
    for (let page = 1; page <= 20; page += 1) {
      const res = await api.get<{ items: Clock[]; meta: PageMeta; today: string }>('/retention/clocks', { status: 'ACTIVE,AWAITING_CHOICE,OUTCOME_PENDING', pageSize: 100, page });
      if (!res.ok) break;
      today = res.data.today;
      clocks.push(...res.data.items);
      if (page * 100 >= res.data.meta.total) break;
    }
    if (today) {
      const first = `${today.slice(0, 7)}-01`;
      const months = Array.from({ length: MONTHS_AHEAD }, (_, index) => addMonthsClamped(first, index).slice(0, 7));
      const counts = new Map(months.map((month) => [month, 0]));
      for (const clock of clocks) {
        const month = clock.expiryDate.slice(0, 7);
        // Already expired and still open: counted in this month, which is when HR must act.
        const key = month < months[0]! ? months[0]! : month;
        if (counts.has(key)) counts.set(key, counts.get(key)! + 1);
      }
      expiries = months.map((month) => ({ label: month, value: counts.get(month) ?? 0 }));
    }
  }

  // Income and rewards by year come from the benefit-sharing settlement's ledger report, for
  // those who may see it (others, or before that API answers: the empty state).
  const report = await api.get<{ rows?: Record<string, unknown>[] }>('/reports/rewards', { by: 'year' });
  const rows = report.ok && Array.isArray(report.data.rows) ? report.data.rows.filter((row) => typeof row.year === 'number') : [];
  const amount = (row: Record<string, unknown>, key: string) => (typeof row[key] === 'number' ? (row[key] as number) : 0);
  const money = {
    income: rows.map((row) => ({ label: String(row.year), value: amount(row, 'incomeFen') })),
    rewards: rows.map((row) => ({ label: String(row.year), value: amount(row, 'toPeopleFen') })),
  };
  return render(c, t.dashboard.title, <DashboardPage t={t} byStage={byStage} deals={deals} expiries={expiries} money={money} />);
});
