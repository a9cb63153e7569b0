// Deals for the licensing rules' tests: complete and valid for submission under the default profile.
import type { TDealDraftInput } from './deal-draft';

export const PERSON = {
  lead: '00000000-0000-4000-8000-000000000001',
  colleague: '00000000-0000-4000-8000-000000000002',
  board: '00000000-0000-4000-8000-000000000003',
} as const;

export const VALID_CODE = '91350100M000100Y43';
export const WAN = 1_000_000; // ¥10,000 in fen

const common = {
  title: '一种缺陷检测方法',
  pricingMethod: 'AGREED',
  counterparty: { name: '杭州明远智能科技有限公司', unifiedSocialCreditCode: VALID_CODE },
  assets: [
    { kind: 'PATENT', title: '一种缺陷检测方法', allocationBp: 7_000 },
    { kind: 'KNOW_HOW', title: '标定工艺', allocationBp: 3_000 },
  ],
  team: [
    { personId: PERSON.lead, contributionShareBp: 6_000 },
    { personId: PERSON.colleague, contributionShareBp: 4_000 },
  ],
} as const satisfies Partial<TDealDraftInput>;

export function licence(terms: Partial<TDealDraftInput['terms']> = {}, rest: Partial<TDealDraftInput> = {}): TDealDraftInput {
  return {
    ...common,
    mode: 'LICENCE',
    terms: { exclusivity: 'EXCLUSIVE', fieldOfUse: '工业检测', territory: '中国大陆', termMonths: 60, upfrontFeeFen: 100 * WAN, royalty: { rateBp: 350, reportingPeriod: 'QUARTERLY', reportDueDays: 30 }, ...terms },
    ...rest,
  } as TDealDraftInput;
}

export function transfer(terms: Partial<TDealDraftInput['terms']> = {}, rest: Partial<TDealDraftInput> = {}): TDealDraftInput {
  return { ...common, mode: 'TRANSFER', terms: { upfrontFeeFen: 150 * WAN, ...terms }, ...rest } as TDealDraftInput;
}

export function equity(terms: Partial<TDealDraftInput['terms']> = {}, rest: Partial<TDealDraftInput> = {}): TDealDraftInput {
  return {
    ...common,
    mode: 'EQUITY',
    valuationReportDocumentId: '4c1f1d8e-8d0f-4d7b-9f35-5f2d3c1a7b10',
    terms: { equity: { valuationFen: 120 * WAN, shares: 1_200_000, companyShareBp: 1_500 }, ...terms },
    ...rest,
  } as TDealDraftInput;
}
