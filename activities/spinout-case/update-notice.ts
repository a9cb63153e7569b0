// A notice paused by an objection, reopened, closed at the end of its period, or withdrawn.
// The case's own audit entries (objection filed, dismissed, …) record why; the contract gives
// this call no event key of its own, so it writes none.
import { AppError } from '../../domain/errors';
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import type { DbDeps } from './deps';

export type UpdateNoticeInput = Parameters<SpinoutCaseActivities['updateNotice']>[0];

const FINAL = ['CLOSED', 'WITHDRAWN'] as const;

export async function updateNotice({ db }: DbDeps, input: UpdateNoticeInput): Promise<void> {
  // A closed or withdrawn notice stays so; repeating the update that closed it matches again.
  const { count } = await db.notice.updateMany({
    where: { key: input.key, OR: [{ status: { notIn: [...FINAL] } }, { status: input.status }] },
    data: { status: input.status, ...(input.endsOn ? { endsOn: input.endsOn } : {}) },
  });
  if (count === 1) return;
  const notice = await db.notice.findUnique({ where: { key: input.key }, select: { status: true } });
  if (!notice) throw new AppError('NOT_FOUND', `Notice ${input.key} does not exist`, { details: { noticeKey: input.key } });
  throw new AppError('INVALID_TRANSITION', `Notice ${input.key} is ${notice.status} and cannot become ${input.status}`, {
    details: { from: notice.status, to: input.status },
  });
}
