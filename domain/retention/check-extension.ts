import type { LocalizedText } from '../localized-text';
import type { TPolicyProfile } from '../policy/policy-profile';

export interface ExtensionRequestFacts {
  requestedMonths: number;
  extensionsUsed: number;
  /** Declared by the researcher; some profiles allow extensions only while not yet profitable. */
  ventureProfitable: boolean;
}

export interface ExtensionRefusal {
  code: 'EXTENSION_NOT_ALLOWED' | 'EXTENSIONS_USED_UP' | 'TOO_MANY_MONTHS' | 'VENTURE_PROFITABLE';
  message: LocalizedText;
}

/** Why an extension of the retention period may not be asked for under this profile (empty: it may). */
/** Takes only the retention rules, so a running clock can pass the rules it was started (or re-based) with. */
export function checkExtension({ profile, request }: { profile: Pick<TPolicyProfile, 'retention'>; request: ExtensionRequestFacts }): ExtensionRefusal[] {
  const { extension } = profile.retention;
  if (!extension.allowed) {
    return [{ code: 'EXTENSION_NOT_ALLOWED', message: { zh: '本单位政策不允许延期', en: 'This policy does not allow extensions' } }];
  }
  const refusals: ExtensionRefusal[] = [];
  if (request.extensionsUsed >= extension.maxCount) {
    refusals.push({
      code: 'EXTENSIONS_USED_UP',
      message: { zh: `最多可延期 ${extension.maxCount} 次`, en: `At most ${extension.maxCount} extension(s) are allowed` },
    });
  }
  if (request.requestedMonths > extension.maxMonths) {
    refusals.push({
      code: 'TOO_MANY_MONTHS',
      message: { zh: `延期不得超过 ${extension.maxMonths} 个月`, en: `An extension may be at most ${extension.maxMonths} months` },
    });
  }
  if (extension.requiresNotProfitable && request.ventureProfitable) {
    refusals.push({
      code: 'VENTURE_PROFITABLE',
      message: { zh: '企业已盈利，不符合延期条件', en: 'Extensions are only for ventures not yet profitable' },
    });
  }
  return refusals;
}
