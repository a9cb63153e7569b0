// The message catalogues. zh-CN is the reference shape; en must match it key for key.
import { en } from './en';
import type { Lang } from './lang';
import { zhCN } from './zh-CN';

export type Messages = typeof zhCN;

const CATALOGUES: Record<Lang, Messages> = { 'zh-CN': zhCN, en };

export const messagesFor = (lang: Lang): Messages => CATALOGUES[lang];
