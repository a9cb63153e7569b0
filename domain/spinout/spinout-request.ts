import { z } from 'zod';
import { compareIsoDates, isIsoDate, type IsoDate } from '../calendar/iso-date';
import { ZUnifiedSocialCreditCode } from '../identifiers/unified-social-credit-code';
import type { ApplicantFacts } from '../policy/check-eligibility';
import { maxDurationMonths } from '../policy/max-duration-months';
import type { TPolicyProfile } from '../policy/policy-profile';
import { SPINOUT_MODE_LABELS, ZSpinoutMode } from './spinout-mode';

/**
 * A spin-out request (离岗创业 / 在岗兼职创业 申请) in two strengths:
 * - `ZSpinoutDraft`: what can be saved at any time. Every field may be missing, but a field
 *   that is present must be well-formed (so a draft never holds a malformed date or code).
 * - `spinoutSubmissionSchema({ profile })`: what can be submitted. Everything required, team
 *   shares add up to exactly 100%, duration within the policy profile's limit.
 * Messages name the field, because they are shown next to a form and logged as they are.
 */

const BP_WHOLE = 10_000;

function requiredText(field: string, max: number) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be text`) })
    .trim()
    .min(1, { error: `${field} is required` })
    .max(max, { error: `${field} must be at most ${max} characters` });
}

function optionalText(field: string, max: number) {
  return z
    .string({ error: `${field} must be text` })
    .trim()
    .max(max, { error: `${field} must be at most ${max} characters` })
    .optional();
}

function requiredObject<Shape extends z.ZodRawShape>(field: string, shape: Shape) {
  return z.object(shape, {
    error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be an object`),
  });
}

export const ZMakerSpace = requiredObject('makerSpace', {
  name: requiredText('makerSpace.name', 200),
  address: optionalText('makerSpace.address', 500),
});

export const ZVenture = requiredObject('venture', {
  name: requiredText('venture.name', 200),
  /** Optional: the company may not be registered yet when the request is made. */
  unifiedSocialCreditCode: ZUnifiedSocialCreditCode.optional(),
  description: requiredText('venture.description', 5_000),
});

export const IP_ASSET_KINDS = ['PATENT', 'SOFTWARE_COPYRIGHT', 'KNOW_HOW', 'OTHER'] as const;
/**
 * Who owns the result. A 职务科技成果 belongs to the institution unless it is held jointly with
 * a partner, or ownership was granted to the researchers (赋权改革 pilots); OTHER needs a note.
 */
export const IP_OWNERSHIPS = ['INSTITUTION', 'JOINT', 'RESEARCHER', 'OTHER'] as const;
/** Kinds that have an official number (patent application / registration number). */
const NUMBERED_IP_KINDS: ReadonlySet<string> = new Set(['PATENT', 'SOFTWARE_COPYRIGHT']);

const ipAssetShape = {
  kind: z.enum(IP_ASSET_KINDS, { error: `ipAssets[].kind must be one of ${IP_ASSET_KINDS.join(', ')}` }),
  title: requiredText('ipAssets[].title', 300),
  /** Patent (application) number or software copyright registration number. */
  number: optionalText('ipAssets[].number', 100),
  ownership: z.enum(IP_OWNERSHIPS, { error: `ipAssets[].ownership must be one of ${IP_OWNERSHIPS.join(', ')}` }),
  ownershipNote: optionalText('ipAssets[].ownershipNote', 1_000),
};

export const ZIpAsset = requiredObject('ipAssets[]', ipAssetShape).superRefine((asset, ctx) => {
  if (NUMBERED_IP_KINDS.has(asset.kind) && (asset.number ?? '') === '') {
    ctx.addIssue({ code: 'custom', path: ['number'], message: `ipAssets[].number is required for a ${asset.kind}` });
  }
  if (asset.ownership !== 'INSTITUTION' && (asset.ownershipNote ?? '') === '') {
    ctx.addIssue({
      code: 'custom',
      path: ['ownershipNote'],
      message: `ipAssets[].ownershipNote must say who the owners are when ownership is ${asset.ownership}`,
    });
  }
});

const contributionShareBp = z
  .int({ error: 'team[].contributionShareBp must be a whole number of basis points (10000 = 100%)' })
  .min(1, { error: 'team[].contributionShareBp must be at least 1' })
  .max(BP_WHOLE, { error: 'team[].contributionShareBp must be at most 10000' });

const teamMemberShape = {
  /** A registered user; people outside the system are given by name instead. */
  personId: optionalText('team[].personId', 100),
  name: optionalText('team[].name', 100),
  /** The member's part in the venture, in their own words (e.g. 技术负责人). */
  role: requiredText('team[].role', 100),
  contributionShareBp,
};

export const ZTeamMember = requiredObject('team[]', teamMemberShape).refine(
  (member) => (member.personId ?? '') !== '' || (member.name ?? '') !== '',
  { error: 'team[] member needs a personId or a name' },
);

/** What the researcher declares about themself; HR checks it during review. */
export const ZApplicantDeclarations = requiredObject('declarations', {
  holdsLeadershipPost: z.boolean({ error: 'declarations.holdsLeadershipPost must be true or false' }),
  isMajorProjectPI: z.boolean({ error: 'declarations.isMajorProjectPI must be true or false' }),
});

const requestedStartDate = z
  .string({
    error: (issue) => (issue.input === undefined ? 'requestedStartDate is required' : 'requestedStartDate must be text'),
  })
  .refine(isIsoDate, { error: 'requestedStartDate must be a real date as YYYY-MM-DD' });

const durationMonths = z
  .int({ error: 'durationMonths must be a whole number of months' })
  .min(1, { error: 'durationMonths must be at least 1' });

const submissionShape = {
  mode: ZSpinoutMode,
  makerSpace: ZMakerSpace,
  venture: ZVenture,
  ipAssets: z
    .array(ZIpAsset, { error: 'ipAssets must be a list' })
    .min(1, { error: 'ipAssets needs at least one research result or IP asset' })
    .max(100, { error: 'ipAssets may list at most 100 items' }),
  team: z
    .array(ZTeamMember, { error: 'team must be a list' })
    .min(1, { error: 'team needs at least one member' })
    .max(100, { error: 'team may list at most 100 members' }),
  declarations: ZApplicantDeclarations,
  requestedStartDate,
  durationMonths,
};

/** The submission shape without the profile-dependent rules; use `spinoutSubmissionSchema`. */
export const ZSpinoutSubmissionShape = z.object(submissionShape);
export type TSpinoutSubmission = z.infer<typeof ZSpinoutSubmissionShape>;
export type TIpAsset = z.infer<typeof ZIpAsset>;
export type TTeamMember = z.infer<typeof ZTeamMember>;

export const ZSpinoutDraft = z.object({
  mode: ZSpinoutMode.optional(),
  makerSpace: ZMakerSpace.partial().optional(),
  venture: ZVenture.partial().optional(),
  ipAssets: z
    .array(requiredObject('ipAssets[]', ipAssetShape).partial())
    .max(100, { error: 'ipAssets may list at most 100 items' })
    .optional(),
  team: z
    .array(requiredObject('team[]', teamMemberShape).partial())
    .max(100, { error: 'team may list at most 100 members' })
    .optional(),
  declarations: ZApplicantDeclarations.partial().optional(),
  requestedStartDate: requestedStartDate.optional(),
  durationMonths: durationMonths.optional(),
});
export type TSpinoutDraft = z.infer<typeof ZSpinoutDraft>;

export interface SpinoutSubmissionSchemaOptions {
  readonly profile: TPolicyProfile;
  /** Today's Shanghai date; when given, the start date may not be in the past. */
  readonly today?: IsoDate;
}

/** The submission schema under one policy profile (its duration limits differ per profile). */
export function spinoutSubmissionSchema({ profile, today }: SpinoutSubmissionSchemaOptions) {
  // zod 4 runs this even when a field refinement above has already failed (only type errors
  // stop it), so each check below must tolerate values that did not pass their own rules.
  return ZSpinoutSubmissionShape.superRefine((request, ctx) => {
    const shareTotal = request.team.reduce((sum, member) => sum + member.contributionShareBp, 0);
    if (shareTotal !== BP_WHOLE) {
      ctx.addIssue({
        code: 'custom',
        path: ['team'],
        message: `team contributionShareBp must add up to exactly 10000 (100%), got ${shareTotal}`,
      });
    }

    const seenPeople = new Set<string>();
    request.team.forEach((member, index) => {
      if (member.personId === undefined || member.personId === '') return;
      if (seenPeople.has(member.personId)) {
        ctx.addIssue({ code: 'custom', path: ['team', index, 'personId'], message: `team[${index}].personId is listed twice` });
      }
      seenPeople.add(member.personId);
    });

    const max = maxDurationMonths({ profile, mode: request.mode });
    if (max !== null && request.durationMonths > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['durationMonths'],
        message: `durationMonths must be at most ${max} for ${request.mode} (${SPINOUT_MODE_LABELS[request.mode].zh}) under policy ${profile.key} v${profile.version}, got ${request.durationMonths}`,
      });
    }

    if (today !== undefined && isIsoDate(request.requestedStartDate) && compareIsoDates(request.requestedStartDate, today) < 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['requestedStartDate'],
        message: `requestedStartDate must not be before today (${today}), got ${request.requestedStartDate}`,
      });
    }
  });
}

/** The facts `checkEligibility` needs, taken from a submitted request. */
export function applicantFactsOf(request: TSpinoutSubmission): ApplicantFacts {
  return {
    holdsLeadershipPost: request.declarations.holdsLeadershipPost,
    isMajorProjectPI: request.declarations.isMajorProjectPI,
    mode: request.mode,
    requestedMonths: request.durationMonths,
  };
}
