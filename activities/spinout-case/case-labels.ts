// How case facts are written in notices and agreements (Chinese of record, English beside).
import type { IP_ASSET_KINDS, IP_OWNERSHIPS } from '../../domain/spinout';
import type { LocalizedText } from '../../domain/localized-text';
import { parseIsoDate } from '../../domain/calendar';

type IpAssetKind = (typeof IP_ASSET_KINDS)[number];
type IpOwnership = (typeof IP_OWNERSHIPS)[number];

export const IP_ASSET_KIND_LABELS: Readonly<Record<IpAssetKind, LocalizedText>> = {
  PATENT: { zh: '专利', en: 'patent' },
  SOFTWARE_COPYRIGHT: { zh: '计算机软件著作权', en: 'software copyright' },
  KNOW_HOW: { zh: '技术秘密', en: 'know-how' },
  OTHER: { zh: '其他科技成果', en: 'other research result' },
};

export const IP_OWNERSHIP_LABELS: Readonly<Record<IpOwnership, LocalizedText>> = {
  INSTITUTION: { zh: '本单位所有', en: 'owned by the institution' },
  JOINT: { zh: '共有', en: 'jointly owned' },
  RESEARCHER: { zh: '完成人所有（赋权）', en: 'owned by the researchers' },
  OTHER: { zh: '其他', en: 'other' },
};

export function labelOf<Key extends string>(labels: Readonly<Record<Key, LocalizedText>>, key: string): LocalizedText {
  return (labels as Record<string, LocalizedText | undefined>)[key] ?? { zh: key, en: key };
}

/** 2026-03-02 → 2026年3月2日 */
export function chineseDate(date: string): string {
  const { year, month, day } = parseIsoDate(date);
  return `${year}年${month}月${day}日`;
}

/** 6000 basis points → 60%, 3333 → 33.33% */
export function percentOfBasisPoints(bp: number): string {
  return `${(bp / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}
