// The tech-transfer office's ruling on an objection.
import { AppError } from '../../domain/errors';
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { recordAuditEntry } from '../audit/record-audit-entry';
import type { DbClockDeps } from './deps';

export type ResolveObjectionInput = Parameters<SpinoutCaseActivities['resolveObjection']>[0];

export async function resolveObjection({ db, clock }: DbClockDeps, input: ResolveObjectionInput): Promise<void> {
  const at = clock();
  await db.$transaction(async (tx) => {
    const { count } = await tx.objection.updateMany({
      where: { id: input.objectionId, status: 'OPEN' },
      data: { status: input.outcome, resolution: input.resolution, resolvedById: input.resolvedById, resolvedAt: at },
    });
    if (count === 0) {
      const objection = await tx.objection.findUnique({ where: { id: input.objectionId }, select: { status: true } });
      if (!objection) throw new AppError('NOT_FOUND', `Objection ${input.objectionId} does not exist`, { details: { objectionId: input.objectionId } });
      return; // resolved by an earlier attempt
    }
    await recordAuditEntry(tx, {
      key: `objection:${input.objectionId}:resolved`,
      entityType: 'Objection',
      entityId: input.objectionId,
      actorId: input.resolvedById,
      action: input.outcome === 'DISMISSED' ? 'objection.dismissed' : 'objection.upheld',
      after: { outcome: input.outcome, resolution: input.resolution },
      at,
    });
  });
}
