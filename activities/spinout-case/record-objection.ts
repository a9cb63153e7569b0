// An objection to a public notice, filed by anyone (no login). Its id is derived from the
// workflow's key, so a retry returns the same objection without a key column.
import { AppError } from '../../domain/errors';
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { recordAuditEntry } from '../audit/record-audit-entry';
import { uuidFromKey } from '../infra/key-uuid';
import type { DbClockDeps } from './deps';

export type RecordObjectionInput = Parameters<SpinoutCaseActivities['recordObjection']>[0];

export const objectionIdOf = (key: string) => uuidFromKey(`objection:${key}`);

export async function recordObjection({ db, clock }: DbClockDeps, input: RecordObjectionInput): Promise<{ objectionId: string }> {
  const objectionId = objectionIdOf(input.key);
  const notice = await db.notice.findUnique({ where: { key: input.noticeKey }, select: { id: true, caseId: true } });
  if (!notice) throw new AppError('NOT_FOUND', `Notice ${input.noticeKey} does not exist`, { details: { noticeKey: input.noticeKey } });
  const at = clock();
  await db.$transaction(async (tx) => {
    const { count } = await tx.objection.createMany({
      data: [{ id: objectionId, noticeId: notice.id, name: input.name?.trim() || null, contact: input.contact, reason: input.reason, status: 'OPEN', filedAt: at }],
      skipDuplicates: true,
    });
    if (count === 0) return;
    await recordAuditEntry(tx, {
      key: `objection:${input.key}:filed`,
      entityType: 'Objection',
      entityId: objectionId,
      actorId: null,
      action: 'objection.filed',
      // The objector's name and contact stay in the objection row, out of the wider-read log.
      after: { noticeKey: input.noticeKey, caseId: notice.caseId },
      at,
    });
  });
  return { objectionId };
}
