import { z } from 'zod';

/** Text shown to people in both UI languages; Chinese is the one of record. */
export interface LocalizedText {
  readonly zh: string;
  readonly en: string;
}

export const ZLocalizedText = z.object({
  zh: z.string().trim().min(1, { error: 'zh text is required' }),
  en: z.string().trim().min(1, { error: 'en text is required' }),
});
