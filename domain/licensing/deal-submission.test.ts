import { describe, expect, it } from 'vitest';
import { defaultPolicyProfile, type TPolicyProfile } from '../policy';
import { issuesFromZodError } from '../validation';
import { ZDealDraft } from './deal-draft';
import { dealSubmissionSchema } from './deal-submission';
import { equity, licence, PERSON, transfer, VALID_CODE, WAN } from './test-drafts';

/** The issues of a submission, as `path: message`, or [] when it may be submitted. */
function problems(draft: unknown, profile: TPolicyProfile = defaultPolicyProfile): string[] {
  const result = dealSubmissionSchema({ profile }).safeParse(draft);
  return result.success ? [] : issuesFromZodError(result.error).map((issue) => `${issue.path}: ${issue.message}`);
}

describe('dealSubmissionSchema', () => {
  it('takes a complete deal of each mode', () => {
    expect(problems(licence())).toEqual([]);
    expect(problems(transfer())).toEqual([]);
    expect(problems(equity())).toEqual([]);
    expect(problems(transfer({}, { pricingMethod: 'AUCTION' }))).toEqual([]);
  });

  it('normalises the 统一社会信用代码 and refuses one with a wrong check digit', () => {
    const parsed = dealSubmissionSchema({ profile: defaultPolicyProfile }).parse(licence({}, { counterparty: { name: '某公司', unifiedSocialCreditCode: ` ${VALID_CODE.toLowerCase()} ` } }));
    expect(parsed.counterparty.unifiedSocialCreditCode).toBe(VALID_CODE);
    expect(problems(licence({}, { counterparty: { name: '某公司', unifiedSocialCreditCode: '91350100M000100Y44' } }))).toEqual([
      'counterparty.unifiedSocialCreditCode: unified social credit code has a wrong check digit (last character); please re-check the code',
    ]);
    expect(problems(licence({}, { counterparty: undefined }))).toEqual(['counterparty: counterparty is required']);
  });

  it('a licence needs exclusivity, field of use, territory and term, each named', () => {
    const draft = licence({ exclusivity: undefined, fieldOfUse: undefined, territory: undefined, termMonths: undefined });
    expect(problems(draft)).toEqual([
      'terms.exclusivity: terms.exclusivity is required for a licence',
      'terms.fieldOfUse: terms.fieldOfUse is required for a licence',
      'terms.territory: terms.territory is required for a licence',
      'terms.termMonths: terms.termMonths is required for a licence',
    ]);
  });

  it('a transfer takes no running royalty, minimum royalty, exclusivity or equity', () => {
    const draft = transfer({ royalty: { rateBp: 300, reportingPeriod: 'YEARLY', reportDueDays: 30 }, minimumAnnualRoyaltyFen: WAN, exclusivity: 'SOLE' });
    expect(problems(draft)).toEqual([
      'terms.royalty: terms.royalty applies to licences only, not to Transfer (转让)',
      'terms.minimumAnnualRoyaltyFen: terms.minimumAnnualRoyaltyFen applies to licences only, not to Transfer (转让)',
      'terms.exclusivity: terms.exclusivity applies to licences only, not to Transfer (转让)',
    ]);
    expect(problems(transfer({ equity: { valuationFen: WAN, shares: 1, companyShareBp: 1 } }))).toEqual(['terms.equity: terms.equity applies to 作价投资 (EQUITY) only']);
  });

  it('作价投资 needs its equity terms and, under the default profile, a valuation report', () => {
    expect(problems(equity({ equity: undefined, upfrontFeeFen: WAN }))).toEqual(['terms.equity: terms.equity (valuation, shares, company share) is required for 作价投资']);
    expect(problems(equity({}, { valuationReportDocumentId: undefined }))).toEqual([
      'valuationReportDocumentId: valuationReportDocumentId is required: policy default v1 requires a valuation report for Equity investment (作价投资)',
    ]);
    // A profile may ask for it for transfers too, or for none.
    const strict = { ...defaultPolicyProfile, licensing: { ...defaultPolicyProfile.licensing, valuationReportRequiredFor: ['EQUITY' as const, 'TRANSFER' as const] } };
    expect(problems(transfer(), strict)).toEqual(['valuationReportDocumentId: valuationReportDocumentId is required: policy default v1 requires a valuation report for Transfer (转让)']);
    const lax = { ...defaultPolicyProfile, licensing: { ...defaultPolicyProfile.licensing, valuationReportRequiredFor: [] } };
    expect(problems(equity({}, { valuationReportDocumentId: undefined }), lax)).toEqual([]);
  });

  it('assets and team must each add up to exactly 100%, without listing anyone or anything twice', () => {
    const draft = transfer({}, {
      assets: [
        { ipAssetId: '4c1f1d8e-8d0f-4d7b-9f35-5f2d3c1a7b10', allocationBp: 5_000 },
        { ipAssetId: '4c1f1d8e-8d0f-4d7b-9f35-5f2d3c1a7b10', allocationBp: 4_000 },
      ],
      team: [
        { personId: PERSON.lead, contributionShareBp: 5_000 },
        { personId: PERSON.lead, contributionShareBp: 5_001 },
      ],
    });
    expect(problems(draft)).toEqual([
      'assets: assets allocationBp must add up to exactly 10000 (100%), got 9000',
      'assets[1].ipAssetId: assets[1].ipAssetId is listed twice',
      'team: team contributionShareBp must add up to exactly 10000 (100%), got 10001',
      'team[1].personId: team[1].personId is listed twice',
    ]);
    expect(problems(transfer({}, { assets: [], team: [] }))).toEqual(['assets: assets needs at least one IP asset', 'team: team needs at least one member']);
    expect(problems(transfer({}, { assets: [{ kind: 'PATENT', allocationBp: 10_000 }] }))).toEqual(['assets[0]: assets[] needs an ipAssetId, or a kind and a title for a new asset']);
  });

  it('a declared interest in the counterparty needs the conflict-of-interest disclosure', () => {
    const team = [
      { personId: PERSON.lead, contributionShareBp: 6_000 },
      { personId: PERSON.board, name: '黄某', contributionShareBp: 4_000, counterpartyInterest: '受让方董事' },
    ];
    expect(problems(transfer({}, { team }))).toEqual(['conflictDisclosureDocumentId: conflictDisclosureDocumentId is required: 黄某 declared an interest in the counterparty']);
    expect(problems(transfer({}, { team, conflictDisclosureDocumentId: '8d0f4c1f-1d8e-4d7b-9f35-5f2d3c1a7b10' }))).toEqual([]);
  });

  it('terms must provide for some payment; a minimum royalty needs a running royalty', () => {
    expect(problems(transfer({ upfrontFeeFen: 0 }))).toEqual(['terms: terms must provide for some payment: an upfront fee, a milestone, a royalty or equity']);
    expect(problems(licence({ royalty: undefined, minimumAnnualRoyaltyFen: WAN }))).toEqual(['terms.minimumAnnualRoyaltyFen: terms.minimumAnnualRoyaltyFen needs a running royalty (terms.royalty)']);
  });

  it('names the field in every malformed term', () => {
    const draft = licence({
      termMonths: 0,
      upfrontDueDays: -1,
      royalty: { rateBp: 10_001, reportingPeriod: 'MONTHLY' as never, reportDueDays: 0 },
      milestones: [{ event: '', amountFen: 1.5, dueDaysAfterEvent: 4_000 }],
    });
    expect(problems(draft)).toEqual([
      'terms.termMonths: terms.termMonths must be at least 1',
      'terms.upfrontDueDays: terms.upfrontDueDays must be at least 0',
      'terms.milestones[0].event: terms.milestones[].event is required',
      'terms.milestones[0].amountFen: must be a whole number of fen (¥0.01)',
      'terms.milestones[0].dueDaysAfterEvent: terms.milestones[].dueDaysAfterEvent must be at most 3650',
      'terms.royalty.rateBp: terms.royalty.rateBp must be at most 10000',
      'terms.royalty.reportingPeriod: terms.royalty.reportingPeriod must be one of QUARTERLY, HALF_YEARLY, YEARLY',
      'terms.royalty.reportDueDays: terms.royalty.reportDueDays must be at least 1',
    ]);
  });

  it('a draft may be saved incomplete, but what it holds must be well-formed', () => {
    expect(ZDealDraft.safeParse({ title: '草稿', mode: 'LICENCE', pricingMethod: 'LISTED' }).success).toBe(true);
    const bad = ZDealDraft.safeParse({ title: '草稿', mode: 'LEASE', pricingMethod: 'AGREED', counterparty: { unifiedSocialCreditCode: 'X' } });
    expect(bad.success).toBe(false);
    expect(issuesFromZodError(bad.error!).map((issue) => issue.path)).toEqual(['mode', 'counterparty.unifiedSocialCreditCode']);
  });
});
