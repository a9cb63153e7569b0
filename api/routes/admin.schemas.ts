// Request and response shapes of /admin.
import { z } from '@hono/zod-openapi';
import { CALENDAR_DAY_KINDS, isIsoDate } from '../../domain/calendar';
import { ROLES, ZPolicyProfile, ZRole } from '../../domain/policy';
import { ZBooleanQuery, ZId, ZPageMeta, ZPageQuery, ZTimestamp } from './common.schemas';

// ── policy profiles ──
export const ZPolicyProfileRules = ZPolicyProfile.omit({ version: true, institutionId: true }).openapi('PolicyProfileRules', {
  description: 'A policy profile without version and institutionId, which the API assigns',
});

export const ZCreatePolicyProfileBody = z
  .object({ rules: ZPolicyProfileRules, active: z.boolean().default(true) })
  .openapi('CreatePolicyProfile');

export const ZPolicyProfileRow = z
  .object({
    id: z.uuid(),
    version: z.int(),
    name: z.string(),
    active: z.boolean(),
    rules: z.unknown().openapi({ description: 'The full profile (domain PolicyProfile)' }),
    createdById: z.uuid().nullable(),
    createdAt: ZTimestamp,
  })
  .openapi('PolicyProfile');

// ── calendar ──
export const ZCalendarQuery = z.object({
  year: z.coerce.number({ error: 'year must be a number' }).int().min(2000, { error: 'year must be 2000 or later' }).max(2100, { error: 'year must be 2100 or earlier' }).optional(),
});
// Built here rather than from domain's ZIsoDate: zod 4 gives `.openapi()` only to schemas
// created after @hono/zod-openapi is loaded, and a domain schema may be older than that.
export const ZDateParam = z.object({
  date: z
    .string()
    .refine(isIsoDate, { error: 'must be a real date as YYYY-MM-DD' })
    .openapi({ param: { name: 'date', in: 'path' }, example: '2026-10-01' }),
});
export const ZCalendarDayBody = z
  .object({
    kind: z.enum(CALENDAR_DAY_KINDS, { error: 'kind must be HOLIDAY or WORKDAY' }),
    name: z.string({ error: 'name is required' }).trim().min(1, { error: 'name is required' }).max(100, { error: 'name must be at most 100 characters' }),
  })
  .openapi('CalendarDayInput');
export const ZCalendarDayRow = z
  .object({ date: z.string(), kind: z.enum(CALENDAR_DAY_KINDS), name: z.string(), updatedAt: ZTimestamp })
  .openapi('CalendarDay');

// ── people ──
const ZRoles = z
  .array(ZRole, { error: `roles must be a list of ${ROLES.join(', ')}` })
  .min(1, { error: 'roles needs at least one role' })
  .refine((roles) => new Set(roles).size === roles.length, { error: 'roles must not repeat' });
const ZName = z.string({ error: 'name is required' }).trim().min(1, { error: 'name is required' }).max(100, { error: 'name must be at most 100 characters' });

export const ZPeopleQuery = ZPageQuery.extend({
  role: ZRole.optional(),
  departmentId: ZId.optional(),
  active: ZBooleanQuery.optional(),
  q: z.string().trim().min(1).max(100).optional().openapi({ description: 'Part of the name or e-mail' }),
});

export const ZCreatePersonBody = z
  .object({
    name: ZName,
    email: z.email({ error: 'email must be an e-mail address' }).max(200).transform((email) => email.toLowerCase()),
    roles: ZRoles,
    departmentId: ZId.nullable().optional(),
    holdsLeadershipPost: z.boolean().default(false),
    isMajorProjectPI: z.boolean().default(false),
  })
  .openapi('CreatePerson');

export const ZUpdatePersonBody = z
  .object({
    name: ZName.optional(),
    roles: ZRoles.optional(),
    departmentId: ZId.nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), { error: 'give at least one of name, roles, departmentId, active' })
  .openapi('UpdatePerson');

export const ZAdminPerson = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    roles: z.array(ZRole),
    department: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    active: z.boolean(),
    holdsLeadershipPost: z.boolean(),
    isMajorProjectPI: z.boolean(),
    createdAt: ZTimestamp,
  })
  .openapi('AdminPerson');

export const ZAdminPeople = z.object({ items: z.array(ZAdminPerson), meta: ZPageMeta }).openapi('AdminPeople');

export const ZDepartment = z.object({ id: z.uuid(), name: z.string(), people: z.int() }).openapi('Department');
