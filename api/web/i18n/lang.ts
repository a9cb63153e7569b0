// The two page languages. Chinese is the default and the language of record.
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

export const isLang = (value: unknown): value is Lang => typeof value === 'string' && (LANGS as readonly string[]).includes(value);

/** Picks the half of a "中文 / English" text (task titles are written that way) or a {zh, en} pair. */
export function pick(lang: Lang, text: string | { zh: string; en: string }): string {
  if (typeof text !== 'string') return lang === 'en' ? text.en : text.zh;
  const at = text.indexOf(' / ');
  if (at < 0) return text;
  return lang === 'en' ? text.slice(at + 3) : text.slice(0, at);
}
