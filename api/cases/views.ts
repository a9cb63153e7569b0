// Database rows → API shapes. Field by field, so internal columns (object keys, workflow ids,
// idempotency keys) never reach a client by accident.
import type { Prisma } from '../../prisma/generated/client';
import type { Db } from '../../activities/infra/db';
import type { TCaseSummary, TTask } from '../routes/cases.schemas';
import type { TDocument } from '../routes/documents.schemas';
import { iso, isoOrNull } from '../routes/common.schemas';

export const caseSummarySelect = {
  id: true,
  reference: true,
  title: true,
  status: true,
  mode: true,
  institutionId: true,
  researcher: { select: { id: true, name: true } },
  department: { select: { id: true, name: true } },
  currentStepKey: true,
  version: true,
  submittedAt: true,
  closedAt: true,
  signingDate: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.SpinoutCaseSelect;

export type CaseSummaryRow = Prisma.SpinoutCaseGetPayload<{ select: typeof caseSummarySelect }>;

export const toCaseSummary = (row: CaseSummaryRow): TCaseSummary => ({
  id: row.id,
  reference: row.reference,
  title: row.title,
  status: row.status,
  mode: row.mode,
  institutionId: row.institutionId,
  researcher: row.researcher,
  department: row.department,
  currentStepKey: row.currentStepKey,
  version: row.version,
  submittedAt: isoOrNull(row.submittedAt),
  closedAt: isoOrNull(row.closedAt),
  signingDate: row.signingDate,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export const taskInclude = { assignee: { select: { id: true, name: true } } } satisfies Prisma.TaskInclude;
export type TaskRow = Prisma.TaskGetPayload<{ include: typeof taskInclude }>;

export const toTask = (row: TaskRow, now = Date.now()): TTask => ({
  id: row.id,
  key: row.key,
  caseId: row.caseId,
  dealId: row.dealId,
  kind: row.kind,
  stepKey: row.stepKey,
  title: row.title,
  state: row.state,
  assignee: row.assignee,
  candidateRole: row.candidateRole,
  departmentId: row.departmentId,
  escalated: row.escalated,
  escalationRole: row.escalationRole,
  dueAt: isoOrNull(row.dueAt),
  overdue: (row.state === 'OPEN' || row.state === 'CLAIMED') && row.dueAt !== null && row.dueAt.getTime() < now,
  decision: row.decision,
  comment: row.comment,
  decidedById: row.decidedById,
  decidedAt: isoOrNull(row.decidedAt),
  delegatedFrom: row.delegatedFrom,
  createdAt: iso(row.createdAt),
});

export type DocumentRow = Prisma.DocumentGetPayload<object>;

/** Names of the people who uploaded the given documents, in one query. */
export async function uploaderNames(db: Db, rows: readonly DocumentRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((row) => row.uploadedById).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const people = await db.person.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(people.map((person) => [person.id, person.name]));
}

export const toDocument = (row: DocumentRow, names: ReadonlyMap<string, string>): TDocument => ({
  id: row.id,
  caseId: row.caseId,
  dealId: row.dealId,
  kind: row.kind,
  documentKey: row.documentKey,
  fileName: row.fileName,
  contentType: row.contentType,
  size: row.size,
  sha256: row.sha256,
  retainUntil: isoOrNull(row.retainUntil),
  uploadedBy: row.uploadedById ? { id: row.uploadedById, name: names.get(row.uploadedById) ?? '' } : null,
  uploadedAt: iso(row.uploadedAt),
});

export async function toDocuments(db: Db, rows: readonly DocumentRow[]): Promise<TDocument[]> {
  const names = await uploaderNames(db, rows);
  return rows.map((row) => toDocument(row, names));
}

/** A case's or a deal's notices with their objections, oldest first (for the detail pages). */
export const noticesWithObjections = {
  orderBy: { publishedAt: 'asc' },
  include: { objections: { orderBy: { filedAt: 'asc' } } },
} satisfies Prisma.NoticeFindManyArgs;
type NoticeWithObjections = Prisma.NoticeGetPayload<{ include: { objections: true } }>;

/** Who objected (name, contact) is shown to staff only. */
export const toNoticeWithObjections = (notice: NoticeWithObjections, staff: boolean) => ({
  id: notice.id,
  status: notice.status,
  title: notice.title,
  startsOn: notice.startsOn,
  endsOn: notice.endsOn,
  publishedAt: iso(notice.publishedAt),
  objections: notice.objections.map((objection) => ({
    id: objection.id,
    status: objection.status,
    reason: objection.reason,
    ...(staff ? { name: objection.name, contact: objection.contact } : {}),
    resolution: objection.resolution,
    filedAt: iso(objection.filedAt),
    resolvedAt: isoOrNull(objection.resolvedAt),
  })),
});
