import { describe, expect, it } from 'vitest';
import {
  checkUnifiedSocialCreditCode,
  isValidUnifiedSocialCreditCode,
  USCC_ALPHABET,
  unifiedSocialCreditCodeCheckDigit,
  ZUnifiedSocialCreditCode,
} from './unified-social-credit-code';

// The example from GB 32100-2015 and codes published on business licences of registered companies.
const REAL_CODES = ['91350100M000100Y43', '914403001922038216', '91440300708461136T', '91110108551385082Q'];

describe('unified social credit code (统一社会信用代码)', () => {
  it('accepts real codes', () => {
    for (const code of REAL_CODES) expect(checkUnifiedSocialCreditCode(code)).toEqual({ valid: true });
  });

  it('catches every single-character typo in the first 17 characters', () => {
    for (const code of REAL_CODES) {
      for (let i = 0; i < 17; i += 1) {
        for (const replacement of USCC_ALPHABET) {
          if (replacement === code.charAt(i)) continue;
          const typo = code.slice(0, i) + replacement + code.slice(i + 1);
          if (i >= 2 && i <= 7 && !/\d/.test(replacement)) continue; // shape error, tested below
          expect(isValidUnifiedSocialCreditCode(typo), typo).toBe(false);
        }
      }
    }
  });

  it('names the problem', () => {
    expect(checkUnifiedSocialCreditCode('91350100M000100Y4')).toEqual({ valid: false, problem: 'LENGTH' });
    expect(checkUnifiedSocialCreditCode('91350100M000100I43')).toEqual({ valid: false, problem: 'CHARACTERS' });
    expect(checkUnifiedSocialCreditCode('9135A100M000100Y43')).toEqual({ valid: false, problem: 'CHARACTERS' });
    expect(checkUnifiedSocialCreditCode('91350100M000100Y44')).toEqual({ valid: false, problem: 'CHECK_DIGIT' });
  });

  it('writes a check digit of 31 as 0', () => {
    // Find a prefix whose weighted sum is a multiple of 31 by varying the last character.
    const prefixes = Array.from(USCC_ALPHABET, (c) => `9111000071092503${c}`);
    const zero = prefixes.find((p) => unifiedSocialCreditCodeCheckDigit(p) === '0');
    expect(zero).toBeDefined();
    expect(isValidUnifiedSocialCreditCode(`${zero}0`)).toBe(true);
  });

  it('normalises what people type in the zod schema', () => {
    expect(ZUnifiedSocialCreditCode.parse(' 91440300708461136t ')).toBe('91440300708461136T');
    const result = ZUnifiedSocialCreditCode.safeParse('91440300708461136X');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/check digit/);
  });
});
