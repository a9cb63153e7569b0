import { describe, expect, it } from 'vitest';
import { barredApprovers } from './conflicts';
import { PERSON } from './test-drafts';

describe('barredApprovers', () => {
  it('bars the lead researcher, each team member, and above all anyone with an interest in the counterparty', () => {
    expect(
      barredApprovers({
        leadResearcherId: PERSON.lead,
        team: [
          { personId: PERSON.lead, contributionShareBp: 5_000, mainContributor: true },
          { personId: PERSON.colleague, contributionShareBp: 3_000, mainContributor: false },
          { personId: PERSON.board, contributionShareBp: 2_000, mainContributor: false, counterpartyInterest: '乙方董事，持股 5%' },
        ],
      }),
    ).toEqual([
      { personId: PERSON.lead, reason: 'LEAD_RESEARCHER' },
      { personId: PERSON.colleague, reason: 'TEAM_MEMBER' },
      { personId: PERSON.board, reason: 'COUNTERPARTY_INTEREST' },
    ]);
  });

  it('keeps the strongest reason: the lead researcher with shares in the counterparty is barred for the conflict', () => {
    expect(
      barredApprovers({
        leadResearcherId: PERSON.lead,
        team: [{ personId: PERSON.lead, contributionShareBp: 10_000, mainContributor: true, counterpartyInterest: '持有乙方 10% 股权' }],
      }),
    ).toEqual([{ personId: PERSON.lead, reason: 'COUNTERPARTY_INTEREST' }]);
  });

  it('cannot bar a member known only by name (no person to refuse)', () => {
    expect(barredApprovers({ leadResearcherId: PERSON.lead, team: [{ name: '外单位合作者', contributionShareBp: 10_000, mainContributor: false, counterpartyInterest: '乙方员工' }] })).toEqual([
      { personId: PERSON.lead, reason: 'LEAD_RESEARCHER' },
    ]);
  });
});
