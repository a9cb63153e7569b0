import { z } from 'zod';
import type { LocalizedText } from '../localized-text';

/** Who acts in the process. Institution staff roles decide approval steps and tiers. */
export const ROLES = [
  'RESEARCHER',
  'DEPT_HEAD',
  'TTO_OFFICER',
  'HR_OFFICER',
  'FINANCE_OFFICER',
  'LEADERSHIP',
  'INSTITUTION_ADMIN',
] as const;
export type Role = (typeof ROLES)[number];
export const ZRole = z.enum(ROLES);

export const ROLE_LABELS: Readonly<Record<Role, LocalizedText>> = {
  RESEARCHER: { zh: '科研人员', en: 'Researcher' },
  DEPT_HEAD: { zh: '院系负责人', en: 'Department head' },
  TTO_OFFICER: { zh: '科技处/技术转移中心', en: 'Tech-transfer officer' },
  HR_OFFICER: { zh: '人事处', en: 'HR officer' },
  FINANCE_OFFICER: { zh: '财务处', en: 'Finance officer' },
  LEADERSHIP: { zh: '校领导', en: 'Leadership' },
  INSTITUTION_ADMIN: { zh: '系统管理员', en: 'Institution admin' },
};
