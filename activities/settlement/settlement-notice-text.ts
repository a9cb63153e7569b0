// The public notice of a distribution plan (收益分配方案公示): what was received and deducted,
// the four shares, and the name and amount of every person, as the issuing rules ask.
import { formatCny } from '../../domain/money';
import { formatBp, formatShares, type TSettlementResult } from '../../domain/settlement';

export interface SettlementNoticeFacts {
  reference: string;
  institutionName: string;
  result: TSettlementResult;
}

export function settlementNoticeText({ reference, institutionName, result }: SettlementNoticeFacts, period: { startsOn: string; endsOn: string }): { title: string; body: string } {
  const { totals } = result;
  const lines = [
    `${institutionName}拟对以下科技成果转化收益进行分配，现予公示。`,
    `Benefit-sharing plan of ${institutionName}, published for objections.`,
    '',
    `项目 Deal：${result.deal.reference} ${result.deal.title}`,
    `分配编号 Settlement：${reference}`,
    `期间 Period：${result.period.from} – ${result.period.to}`,
    `收入 Gross：${formatCny(totals.grossFen)}；扣除 Deductions：${formatCny(totals.deductionsFen)}；净收入 Net：${formatCny(totals.netFen)}`,
    `团队奖励 Team：${formatCny(totals.teamFen)}；单位 Institution：${formatCny(totals.institutionFen)}；院系 Department：${formatCny(totals.departmentFen)}；技术转移基金 TTO fund：${formatCny(totals.ttoFundFen)}`,
  ];
  for (const settled of result.classes) {
    const { split } = settled;
    lines.push(`  ${settled.incomeClass}: ${formatBp(split.teamBp)} / ${formatBp(split.institutionBp)} / ${formatBp(split.departmentBp)} / ${formatBp(split.ttoFundBp)}`);
  }
  if (result.equity) {
    lines.push(`作价投资股权 Shares in ${result.equity.companyName}：${formatShares(result.equity.sharesGranted, 'zh')}，团队 team ${formatShares(result.equity.shares.team, 'zh')}`);
  }
  lines.push('', '个人奖励 Rewards per person：');
  for (const person of result.people) {
    const shares = person.shares > 0 ? ` + ${formatShares(person.shares, 'zh')}` : '';
    lines.push(`  ${person.name}：${formatCny(person.cashFen)}${shares}`);
  }
  lines.push('', `公示期 Publicity：${period.startsOn} – ${period.endsOn}。如有异议，请在公示期内实名提出 / Objections may be filed until the end of the period.`);
  return { title: `收益分配方案公示：${result.deal.title}（${reference}）`, body: lines.join('\n') };
}
