import type { TDealTeamMember } from './deal-draft';

export interface BarredApprover {
  personId: string;
  reason: 'LEAD_RESEARCHER' | 'TEAM_MEMBER' | 'COUNTERPARTY_INTEREST';
}

/**
 * People who may not decide any step of the deal. The rule is that a person with a
 * role or shares in the counterparty (a declared conflict of interest) cannot approve; we also
 * bar the lead researcher and every team member, because each of them is paid from the deal's
 * income (the benefit split), which is a conflict of its own. The strongest reason is kept.
 */
export function barredApprovers({ leadResearcherId, team }: { leadResearcherId: string; team: readonly TDealTeamMember[] }): BarredApprover[] {
  const barred = new Map<string, BarredApprover['reason']>([[leadResearcherId, 'LEAD_RESEARCHER']]);
  for (const member of team) {
    if (member.personId === undefined) continue;
    if (member.counterpartyInterest !== undefined) barred.set(member.personId, 'COUNTERPARTY_INTEREST');
    else if (!barred.has(member.personId)) barred.set(member.personId, 'TEAM_MEMBER');
  }
  return [...barred].map(([personId, reason]) => ({ personId, reason }));
}
