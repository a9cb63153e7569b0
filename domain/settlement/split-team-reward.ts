import { AppError } from '../errors';
import { allocateLargestRemainder } from '../money/allocate-largest-remainder';
import { assertInvariant } from './settlement-errors';
import { formatBp, localizedAmount, localizedQuota } from './settlement-format';
import type { TExplanationStep, TTeamMemberSplit, TTeamSplit } from './settlement-result';

const BP_WHOLE = 10_000;

export interface TeamRewardMember {
  readonly personId: string;
  readonly name: string;
  readonly contributionShareBp: number;
  readonly mainContributor: boolean;
}

export interface SplitTeamRewardOptions {
  /** The team's reward: fen of cash, or whole shares. */
  readonly total: number;
  readonly unit: 'FEN' | 'SHARES';
  readonly members: readonly TeamRewardMember[];
  /** Main contributors together get at least this much of `total`; null: no such rule. */
  readonly mainContributorsMinBp: number | null;
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/**
 * Splits the team's reward across members by contribution share, with the main-contributor
 * rule. Precisely:
 *
 * 1. Proportional split: `allocateLargestRemainder(total, contributionShareBp)`; the odd fen
 *    (or share) go to the largest remainders, ties to the larger contribution share, then to
 *    the member listed first.
 * 2. If the profile sets `mainContributorsMinBp` = m, the main contributors must together get
 *    R = ⌈total × m / 10000⌉ (rounded up, so "at least 50%" holds to the fen). If their
 *    proportional parts already add up to R or more, nothing changes.
 * 3. Otherwise (top-up): the main contributors get exactly R, split among them by their
 *    contribution shares; the other members get total − R, split among them by theirs (both
 *    by largest remainder as in 1). So the top-up is taken from the others in proportion to
 *    their contribution shares, and each group keeps its internal proportions.
 *
 * If every member is a main contributor the rule holds trivially. A rule without any main
 * contributor is refused by computeSettlement before this is called.
 */
export function splitTeamReward({ total, unit, members, mainContributorsMinBp }: SplitTeamRewardOptions): TTeamSplit {
  if (members.length === 0) throw new AppError('VALIDATION_FAILED', 'The team needs at least one member');
  const shareSum = members.reduce((sum, member) => sum + member.contributionShareBp, 0);
  if (shareSum !== BP_WHOLE) {
    throw new AppError('VALIDATION_FAILED', `Contribution shares must add up to 10000, got ${shareSum}`);
  }
  const proportional = allocateLargestRemainder(
    total,
    members.map((member) => member.contributionShareBp),
  );
  const isMain = members.map((member) => member.mainContributor);
  const mainProportional = proportional.reduce((sum, part, index) => sum + (isMain[index] ? part : 0), 0);
  const hasOthers = isMain.some((main) => !main);
  const ruleApplies = mainContributorsMinBp !== null && isMain.some(Boolean);
  const requiredForMain = ruleApplies ? Number(ceilDiv(BigInt(total) * BigInt(mainContributorsMinBp), BigInt(BP_WHOLE))) : null;
  const toppedUp = requiredForMain !== null && hasOthers && mainProportional < requiredForMain;

  let final = proportional;
  if (toppedUp && requiredForMain !== null) {
    const mainIndexes = members.flatMap((_, index) => (isMain[index] ? [index] : []));
    const otherIndexes = members.flatMap((_, index) => (isMain[index] ? [] : [index]));
    const mainParts = allocateLargestRemainder(
      requiredForMain,
      mainIndexes.map((index) => members[index]?.contributionShareBp ?? 0),
    );
    const otherParts = allocateLargestRemainder(
      total - requiredForMain,
      otherIndexes.map((index) => members[index]?.contributionShareBp ?? 0),
    );
    final = [...proportional];
    mainIndexes.forEach((memberIndex, i) => (final[memberIndex] = mainParts[i] ?? 0));
    otherIndexes.forEach((memberIndex, i) => (final[memberIndex] = otherParts[i] ?? 0));
  }

  const finalSum = final.reduce((sum, part) => sum + part, 0);
  assertInvariant(finalSum === total, `team split adds up to ${finalSum}, not ${total}`);
  if (requiredForMain !== null) {
    const mainFinal = final.reduce((sum, part, index) => sum + (isMain[index] ? part : 0), 0);
    assertInvariant(mainFinal >= requiredForMain || !hasOthers, `main contributors get ${mainFinal} < ${requiredForMain}`);
  }

  const mainShareSum = members.reduce((sum, member) => sum + (member.mainContributor ? member.contributionShareBp : 0), 0);
  const otherShareSum = BP_WHOLE - mainShareSum;
  const amount = (value: number) => localizedAmount(unit, value);
  const totalText = amount(total);

  const rows: TTeamMemberSplit[] = members.map((member, index) => {
    const mine = proportional[index] ?? 0;
    const finalPart = final[index] ?? 0;
    const quota = localizedQuota(BigInt(total) * BigInt(member.contributionShareBp), BigInt(BP_WHOLE), unit);
    const mineText = amount(mine);
    const steps: TExplanationStep[] = [
      {
        key: 'member.contribution-share',
        label: { zh: member.mainContributor ? '您的贡献份额（主要贡献人）' : '您的贡献份额', en: member.mainContributor ? 'Your contribution share (main contributor)' : 'Your contribution share' },
        detail: null,
        value: { unit: 'BP', amount: member.contributionShareBp },
      },
      {
        key: 'member.proportional',
        label: { zh: '按贡献份额分配', en: 'By contribution share' },
        detail: {
          zh: `团队奖励 ${totalText.zh} × ${formatBp(member.contributionShareBp)} = ${quota.zh}，按最大余额法取整为 ${mineText.zh}`,
          en: `Team reward ${totalText.en} × ${formatBp(member.contributionShareBp)} = ${quota.en}, rounded by largest remainder to ${mineText.en}`,
        },
        value: { unit, amount: mine },
      },
    ];
    if (toppedUp && requiredForMain !== null && mainContributorsMinBp !== null) {
      const required = amount(requiredForMain);
      const mainGot = amount(mainProportional);
      const rest = amount(total - requiredForMain);
      const base = {
        zh: `主要贡献人按比例合计 ${mainGot.zh}，低于团队奖励的 ${formatBp(mainContributorsMinBp)}（${required.zh}）`,
        en: `Main contributors together got ${mainGot.en} by share, less than ${formatBp(mainContributorsMinBp)} of the team reward (${required.en})`,
      };
      const groupQuota = member.mainContributor
        ? localizedQuota(BigInt(requiredForMain) * BigInt(member.contributionShareBp), BigInt(mainShareSum), unit)
        : localizedQuota(BigInt(total - requiredForMain) * BigInt(member.contributionShareBp), BigInt(otherShareSum), unit);
      const finalText = amount(finalPart);
      steps.push({
        key: 'member.main-contributor-top-up',
        label: { zh: '主要贡献人最低份额调整', en: 'Main-contributor minimum' },
        detail: member.mainContributor
          ? {
              zh: `${base.zh}，补足至 ${required.zh}，在主要贡献人之间按贡献份额分配：${required.zh} × ${formatBp(member.contributionShareBp)} ÷ ${formatBp(mainShareSum)} = ${groupQuota.zh} → ${finalText.zh}`,
              en: `${base.en}; topped up to ${required.en}, split among main contributors by share: ${required.en} × ${formatBp(member.contributionShareBp)} ÷ ${formatBp(mainShareSum)} = ${groupQuota.en} → ${finalText.en}`,
            }
          : {
              zh: `${base.zh}，其余 ${rest.zh} 在其他成员之间按贡献份额分配：${rest.zh} × ${formatBp(member.contributionShareBp)} ÷ ${formatBp(otherShareSum)} = ${groupQuota.zh} → ${finalText.zh}`,
              en: `${base.en}; the other ${rest.en} is split among the other members by share: ${rest.en} × ${formatBp(member.contributionShareBp)} ÷ ${formatBp(otherShareSum)} = ${groupQuota.en} → ${finalText.en}`,
            },
        value: { unit, amount: finalPart - mine },
      });
    }
    steps.push({
      key: 'member.final',
      label: { zh: '您的奖励', en: 'Your reward' },
      detail: null,
      value: { unit, amount: finalPart },
    });
    return {
      personId: member.personId,
      name: member.name,
      contributionShareBp: member.contributionShareBp,
      mainContributor: member.mainContributor,
      proportional: mine,
      final: finalPart,
      steps,
    };
  });

  return {
    unit,
    total,
    mainContributorsMinBp: ruleApplies ? mainContributorsMinBp : null,
    requiredForMain,
    mainProportional,
    toppedUp,
    members: rows,
  };
}
