import { describe, expect, it } from 'vitest';
import { splitTeamReward, type TeamRewardMember } from './split-team-reward';

const member = (personId: string, contributionShareBp: number, mainContributor = false): TeamRewardMember => ({
  personId,
  name: personId,
  contributionShareBp,
  mainContributor,
});
const finals = (split: ReturnType<typeof splitTeamReward>) => split.members.map((m) => m.final);

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('splitTeamReward', () => {
  it('leaves the proportional split alone when main contributors already have the minimum', () => {
    // 1,001 × 60% = 600.6 → 601 (r .6), × 40% = 400.4 → 400; main 601 ≥ ⌈500.5⌉ = 501.
    const split = splitTeamReward({ total: 1_001, unit: 'FEN', members: [member('a', 6_000, true), member('b', 4_000)], mainContributorsMinBp: 5_000 });
    expect(finals(split)).toEqual([601, 400]);
    expect(split).toMatchObject({ toppedUp: false, requiredForMain: 501, mainProportional: 601 });
  });

  it('rounds the minimum up: exactly 50% of an odd amount means the extra fen goes to the main contributors', () => {
    // 101 × 50% = 50.5 each; the odd fen goes to a (listed first), a main contributor: 51 ≥ ⌈50.5⌉ = 51.
    expect(finals(splitTeamReward({ total: 101, unit: 'FEN', members: [member('a', 5_000, true), member('b', 5_000)], mainContributorsMinBp: 5_000 }))).toEqual([51, 50]);
    // Main listed second: proportional gives a 51, b 50 < ⌈50.5⌉ = 51 → b topped up to 51, a gets 50.
    const split = splitTeamReward({ total: 101, unit: 'FEN', members: [member('a', 5_000), member('b', 5_000, true)], mainContributorsMinBp: 5_000 });
    expect(finals(split)).toEqual([50, 51]);
    expect(split.members[0]?.proportional).toBe(51);
    expect(split.toppedUp).toBe(true);
  });

  it('tops up several main contributors keeping their proportions, taking from the others by theirs', () => {
    // total 10,000, min 60%: R = 6,000. Proportional: 1,000 / 2,000 / 3,000 / 4,000; main (a, b) 3,000 < 6,000.
    // a, b share 6,000 by 1:2 → 2,000, 4,000; c, d share 4,000 by 3:4 → 1,714.29, 2,285.71 → 1,714, 2,286 (r .71 > .29).
    const split = splitTeamReward({
      total: 10_000,
      unit: 'FEN',
      members: [member('a', 1_000, true), member('b', 2_000, true), member('c', 3_000), member('d', 4_000)],
      mainContributorsMinBp: 6_000,
    });
    expect(finals(split)).toEqual([2_000, 4_000, 1_714, 2_286]);
    expect(split.members.map((m) => m.steps.find((s) => s.key === 'member.main-contributor-top-up')?.value?.amount)).toEqual([1_000, 2_000, -1_286, -1_714]);
  });

  it('does nothing when everyone is a main contributor, when there is no rule, or when there is nothing to split', () => {
    const all = [member('a', 3_000, true), member('b', 7_000, true)];
    expect(finals(splitTeamReward({ total: 99, unit: 'SHARES', members: all, mainContributorsMinBp: 9_000 }))).toEqual([30, 69]);
    const some = [member('a', 1_000, true), member('b', 9_000)];
    expect(finals(splitTeamReward({ total: 99, unit: 'FEN', members: some, mainContributorsMinBp: null }))).toEqual([10, 89]);
    expect(finals(splitTeamReward({ total: 0, unit: 'FEN', members: some, mainContributorsMinBp: 5_000 }))).toEqual([0, 0]);
  });

  it('refuses contribution shares that do not make 100%', () => {
    expect(() => splitTeamReward({ total: 10, unit: 'FEN', members: [member('a', 9_999)], mainContributorsMinBp: null })).toThrow(/10000/);
    expect(() => splitTeamReward({ total: 10, unit: 'FEN', members: [], mainContributorsMinBp: null })).toThrow(/at least one/);
  });

  it('always adds up and always meets the minimum (random teams)', () => {
    const random = prng(6);
    for (let round = 0; round < 1_000; round += 1) {
      const size = 1 + Math.floor(random() * 30);
      const weights = Array.from({ length: size }, () => 1 + Math.floor(random() * 1_000));
      const sum = weights.reduce((a, b) => a + b, 0);
      // Scale to 10000 exactly: largest-remainder on the weights themselves, each at least 1.
      const bps = weights.map((w) => Math.max(1, Math.floor((w * (10_000 - size)) / sum)));
      bps[0] = (bps[0] ?? 0) + 10_000 - bps.reduce((a, b) => a + b, 0);
      const members = bps.map((bp, i) => member(`m${i}`, bp, random() < 0.3));
      const total = Math.floor(random() * 10 ** (1 + Math.floor(random() * 10)));
      const minBp = random() < 0.2 ? null : 1 + Math.floor(random() * 10_000);
      const split = splitTeamReward({ total, unit: 'FEN', members, mainContributorsMinBp: minBp });
      expect(finals(split).reduce((a, b) => a + b, 0)).toBe(total);
      expect(finals(split).every((part) => part >= 0)).toBe(true);
      const main = split.members.filter((m) => m.mainContributor).reduce((s, m) => s + m.final, 0);
      if (split.requiredForMain !== null && members.some((m) => !m.mainContributor)) expect(main).toBeGreaterThanOrEqual(split.requiredForMain);
      if (!split.toppedUp) expect(finals(split)).toEqual(split.members.map((m) => m.proportional));
    }
  });
});
