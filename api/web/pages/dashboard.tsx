// The dashboard: cases by stage, IP deals by status, retention expiries by month, income and rewards by year.
import { BarChart, ColumnChart, type Datum } from '../components/charts';
import { Empty } from '../components/bits';
import type { Messages } from '../i18n';
import { formatMoney } from '../format';

export function DashboardPage({ t, byStage, deals, expiries, money }: { t: Messages; byStage: Datum[]; deals: Datum[]; expiries: Datum[] | null; money: { income: Datum[]; rewards: Datum[] } }) {
  const totalDeals = deals.reduce((sum, datum) => sum + datum.value, 0);
  const totalCases = byStage.reduce((sum, datum) => sum + datum.value, 0);
  return (
    <div>
      <h1>{t.dashboard.title}</h1>
      <div class="chart-grid">
        <section class="card" aria-labelledby="by-stage" data-testid="chart-stages">
          <h2 id="by-stage">{t.dashboard.byStage}</h2>
          {totalCases === 0 ? <Empty>{t.dashboard.noCases}</Empty> : <BarChart title={t.dashboard.byStageCaption(totalCases)} data={byStage} />}
        </section>
        <section class="card" aria-labelledby="deals-by-status" data-testid="chart-deals">
          <h2 id="deals-by-status">{t.dashboard.deals}</h2>
          {totalDeals === 0 ? <Empty>{t.dashboard.noDeals}</Empty> : <BarChart title={t.dashboard.dealsCaption(totalDeals)} data={deals} />}
        </section>
        {expiries ? (
          <section class="card" aria-labelledby="expiries" data-testid="chart-expiries">
            <h2 id="expiries">{t.dashboard.expiries}</h2>
            {expiries.every((datum) => datum.value === 0) ? <Empty>{t.dashboard.noExpiries}</Empty> : <ColumnChart title={t.dashboard.expiriesCaption} data={expiries} />}
          </section>
        ) : null}
        <section class="card" aria-labelledby="income" data-testid="chart-income">
          <h2 id="income">{t.dashboard.income}</h2>
          {money.income.length === 0 ? (
            <Empty>{t.dashboard.noIncome}</Empty>
          ) : (
            <>
              <ColumnChart title={t.dashboard.incomeCaption} data={money.income} format={formatMoney} />
              <ColumnChart title={t.dashboard.rewardsCaption} data={money.rewards} format={formatMoney} />
            </>
          )}
        </section>
      </div>
    </div>
  );
}
