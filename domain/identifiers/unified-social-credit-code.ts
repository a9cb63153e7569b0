import { z } from 'zod';

/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters.
 *   1     registration authority (登记管理部门代码), e.g. 9 = market regulator (工商)
 *   2     organisation type (机构类别代码), e.g. 1 = enterprise
 *   3–8   administrative division code (登记管理机关行政区划码), digits
 *   9–17  organisation code (主体标识码)
 *   18    check digit
 * The alphabet is the digits plus 21 capital letters; I, O, Z, S and V are never used because
 * they are easily confused with 1, 0, 2, 5 and U. The check digit is
 *   C18 = 31 − (Σ value(Ci) × Wi mod 31), with 31 written as 0,
 * with weights Wi = 3^(i−1) mod 31 for i = 1…17.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_SHAPE = /^[0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}$/;

export type UnifiedSocialCreditCodeProblem = 'LENGTH' | 'CHARACTERS' | 'CHECK_DIGIT';

export type UnifiedSocialCreditCodeCheck =
  | { readonly valid: true }
  | { readonly valid: false; readonly problem: UnifiedSocialCreditCodeProblem };

/** The expected 18th character for the first 17, or undefined if they are malformed. */
export function unifiedSocialCreditCodeCheckDigit(first17: string): string | undefined {
  if (!/^[0-9A-HJ-NP-RTUWXY]{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += USCC_ALPHABET.indexOf(first17.charAt(i)) * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** Checks an already normalised (trimmed, upper-case) code. */
export function checkUnifiedSocialCreditCode(code: string): UnifiedSocialCreditCodeCheck {
  if (code.length !== 18) return { valid: false, problem: 'LENGTH' };
  if (!USCC_SHAPE.test(code)) return { valid: false, problem: 'CHARACTERS' };
  return unifiedSocialCreditCodeCheckDigit(code.slice(0, 17)) === code.charAt(17)
    ? { valid: true }
    : { valid: false, problem: 'CHECK_DIGIT' };
}

export function isValidUnifiedSocialCreditCode(code: string): boolean {
  return checkUnifiedSocialCreditCode(code).valid;
}

const PROBLEM_MESSAGES: Record<UnifiedSocialCreditCodeProblem, string> = {
  LENGTH: 'must be 18 characters',
  CHARACTERS: 'must use digits and capital letters except I, O, Z, S, V, with digits in positions 3–8',
  CHECK_DIGIT: 'has a wrong check digit (last character); please re-check the code',
};

/** Trims and upper-cases what a person typed, then validates; output is the normalised code. */
export const ZUnifiedSocialCreditCode = z
  .string({ error: 'must be text' })
  .trim()
  .toUpperCase()
  .superRefine((code, ctx) => {
    const check = checkUnifiedSocialCreditCode(code);
    if (!check.valid) {
      ctx.addIssue({ code: 'custom', message: `unified social credit code ${PROBLEM_MESSAGES[check.problem]}` });
    }
  });
