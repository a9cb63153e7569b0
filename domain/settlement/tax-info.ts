import { addMonthsClamped } from '../calendar/add-months-clamped';
import type { IsoDate } from '../calendar/iso-date';
import { assertFen, type Fen } from '../money/fen';
import { formatCny } from '../money/format-cny';
import type { TSettlementTaxRules } from '../policy/policy-profile';
import type { PayoutSource, TTaxInfo } from './settlement-result';

/**
 * 财税〔2018〕58号《关于科技人员取得职务科技成果转化现金奖励有关个人所得税政策的通知》:
 * cash rewards that a non-profit research institute or university pays its researchers out of
 * income from transferring or licensing a result count at 50% as that month's 工资、薪金所得.
 * Conditions used here: the income is from a transfer or licence (not equity or
 * self-implementation), the contract has a 技术合同认定登记 number, the institution qualifies
 * (profile `taxRules.techContractHalfWageIncome`), and the reward is paid within 36 months
 * of receiving the income.
 */
export const TECH_CONTRACT_HALF_WAGE_CITATION = '财税〔2018〕58号';
export const HALF_WAGE_INCOME_WITHIN_MONTHS = 36;

/**
 * 财税〔2016〕101号《关于完善股权激励和技术入股有关所得税政策的通知》: an equity reward may
 * defer individual income tax until the shares are transferred, then taxed as 财产转让所得
 * (20%), after the institution files with the tax office. The system shows the flag only.
 */
export const EQUITY_DEFERRAL_CITATION = '财税〔2016〕101号';

/**
 * Half of an amount of fen, rounded half up on the fen: 12,345 fen → 6,172.5 → 6,173 fen.
 * Rounding up the odd half fen never under-states taxable income (our choice; the notice
 * says nothing about odd fen).
 */
export function halfRoundedUp(fen: Fen): Fen {
  assertFen(fen);
  if (fen < 0) return -halfRoundedUp(-fen);
  return Math.floor(fen / 2) + (fen % 2);
}

export interface CashRewardTaxOptions {
  readonly source: Exclude<PayoutSource, 'EQUITY_GRANT'>;
  readonly amountFen: Fen;
  readonly techContractRegNo: string | null;
  readonly taxRules: TSettlementTaxRules;
  /** The earliest receipt of transfer / licence income in the settlement; the 36 months run from it. */
  readonly earliestIncomeOn: IsoDate | null;
  readonly plannedPayoutOn: IsoDate | null;
}

/** Tax information for a person's cash reward. */
export function cashRewardTaxInfo({
  source,
  amountFen,
  techContractRegNo,
  taxRules,
  earliestIncomeOn,
  plannedPayoutOn,
}: CashRewardTaxOptions): TTaxInfo {
  const full = (zh: string, en: string, reliefDeadline: IsoDate | null = null): TTaxInfo => ({
    treatment: 'WAGE_INCOME_FULL',
    taxableWageIncomeFen: amountFen,
    reliefDeadline,
    citation: null,
    note: {
      zh: `${zh}，全额 ${formatCny(amountFen)} 计入工资、薪金所得。`,
      en: `${en}: the full ${formatCny(amountFen)} counts as wage income.`,
    },
  });
  if (source !== 'LICENCE_TRANSFER') {
    return full(
      `${TECH_CONTRACT_HALF_WAGE_CITATION}减按50%仅适用于转让、许可收入的现金奖励`,
      `The 50% treatment of ${TECH_CONTRACT_HALF_WAGE_CITATION} covers only rewards from transfer or licence income`,
    );
  }
  if (!taxRules.techContractHalfWageIncome) {
    return full(
      `本单位不适用${TECH_CONTRACT_HALF_WAGE_CITATION}（非营利性科研机构和高校方可适用）`,
      `This institution does not qualify for ${TECH_CONTRACT_HALF_WAGE_CITATION} (non-profit research institutes and universities only)`,
    );
  }
  if (techContractRegNo === null) {
    return full('该合同未办理技术合同认定登记', 'The contract has no technology-contract registration');
  }
  const reliefDeadline = earliestIncomeOn === null ? null : addMonthsClamped(earliestIncomeOn, HALF_WAGE_INCOME_WITHIN_MONTHS);
  if (reliefDeadline !== null && plannedPayoutOn !== null && plannedPayoutOn > reliefDeadline) {
    return full(
      `计划发放日 ${plannedPayoutOn} 晚于取得收入后36个月（${reliefDeadline}）`,
      `The planned payment on ${plannedPayoutOn} is more than 36 months after the income (${reliefDeadline})`,
      reliefDeadline,
    );
  }
  const taxable = halfRoundedUp(amountFen);
  return {
    treatment: 'WAGE_INCOME_HALF',
    taxableWageIncomeFen: taxable,
    reliefDeadline,
    citation: TECH_CONTRACT_HALF_WAGE_CITATION,
    note: {
      zh:
        `技术合同登记号 ${techContractRegNo}：依据${TECH_CONTRACT_HALF_WAGE_CITATION}，现金奖励减按50%计入当月工资、薪金所得：` +
        `${formatCny(amountFen)} × 50% = ${formatCny(taxable)}（奇数分四舍五入到分）` +
        (reliefDeadline === null ? '。' : `；须不晚于 ${reliefDeadline} 发放。`),
      en:
        `Technology contract ${techContractRegNo}: under ${TECH_CONTRACT_HALF_WAGE_CITATION} the cash reward counts at 50% as that month's wage income: ` +
        `${formatCny(amountFen)} × 50% = ${formatCny(taxable)} (an odd half fen rounded up)` +
        (reliefDeadline === null ? '.' : `; it must be paid by ${reliefDeadline}.`),
    },
  };
}

/** Tax information for a person's reward in shares (作价投资). */
export function equityRewardTaxInfo({ taxRules }: { taxRules: TSettlementTaxRules }): TTaxInfo {
  if (taxRules.equityRewardDeferral) {
    return {
      treatment: 'EQUITY_DEFERRAL',
      taxableWageIncomeFen: null,
      reliefDeadline: null,
      citation: EQUITY_DEFERRAL_CITATION,
      note: {
        zh: `依据${EQUITY_DEFERRAL_CITATION}，股权奖励可递延纳税：取得时暂不纳税，转让时按“财产转让所得”计税（须由单位向主管税务机关备案）。`,
        en: `Under ${EQUITY_DEFERRAL_CITATION} tax on the equity reward may be deferred until the shares are transferred, then taxed as income from the transfer of property (the institution files with the tax office).`,
      },
    };
  }
  return {
    treatment: 'EQUITY_AT_GRANT',
    taxableWageIncomeFen: null,
    reliefDeadline: null,
    citation: null,
    note: {
      zh: '本单位不适用递延纳税：股权奖励于取得时按公允价值计税，价值由财务另行核定。',
      en: 'No deferral for this institution: the equity reward is taxed when received, at a fair value finance assesses separately.',
    },
  };
}

export const NOT_PERSONAL_INCOME_TAX: TTaxInfo = {
  treatment: 'NOT_PERSONAL_INCOME',
  taxableWageIncomeFen: null,
  reliefDeadline: null,
  citation: null,
  note: { zh: '单位留存部分，不属于个人所得。', en: 'Kept by the institution: not personal income.' },
};
