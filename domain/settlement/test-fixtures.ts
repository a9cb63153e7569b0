import { defaultPolicyProfile } from '../policy/default-policy-profile';
import { computeSettlement } from './compute-settlement';
import type { TSettlementResult } from './settlement-result';

/**
 * A small settlement used by the ledger, report and statement tests (figures worked by hand):
 * UPFRONT ¥100.01 − TAX ¥0.01 = net ¥100.00 → team 7,000 / institution 1,500 / department 1,000 /
 * TTO fund 500 fen; team x (60%, main) 4,200, y (40%) 2,800. Shares 10 → team 7, institution
 * 1.5, department 1, TTO fund 0.5: one share left, tie .5/.5 → the larger rate (institution):
 * 7 / 2 / 1 / 0; team 7 → x 4.2, y 2.8 → x 4, y 3 (r .8); main 4 ≥ ⌈3.5⌉ = 4.
 */
export function smallSettlement(overrides: { settlementId?: string; dealId?: string; receivedOn?: string } = {}): TSettlementResult {
  const dealId = overrides.dealId ?? 'deal-1';
  const receivedOn = overrides.receivedOn ?? '2025-03-01';
  return computeSettlement({
    profile: defaultPolicyProfile,
    input: {
      settlementId: overrides.settlementId ?? 'stl-1',
      deal: { id: dealId, reference: 'IP-2025-0001', title: '高强度铝合金', mode: 'EQUITY', techContractRegNo: '2025110108000123' },
      period: { from: `${receivedOn.slice(0, 4)}-01-01`, to: `${receivedOn.slice(0, 4)}-12-31` },
      incomeEvents: [{ id: 'e1', dealId, kind: 'UPFRONT', amountFen: 10_001, receivedOn, evidenceDocumentIds: ['doc-e1'] }],
      deductions: [{ id: 'd1', kind: 'TAX', incomeClass: 'LICENCE_TRANSFER', amountFen: 1 }],
      equityGrant: { companyName: '新材公司', shares: 10, grantedOn: receivedOn, evidenceDocumentIds: ['doc-g'] },
      team: [
        { personId: 'x', name: '徐一', contributionShareBp: 6_000, mainContributor: true },
        { personId: 'y', name: '杨二', contributionShareBp: 4_000 },
      ],
    },
  });
}
