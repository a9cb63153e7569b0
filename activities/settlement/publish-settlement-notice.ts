// The distribution plan on the public notice board (公示), readable without login.
import type { SettlementActivities } from '../../workflows/contracts/settlement';
import { AppError } from '../../domain/errors';
import { recordAuditEntry } from '../audit/record-audit-entry';
import { uuidFromKey } from '../infra/key-uuid';
import type { DbClockDeps } from '../spinout-case/deps';
import { settlementNoticeText } from './settlement-notice-text';
import { storedResult } from './settlement-rows';

export type PublishSettlementNoticeInput = Parameters<SettlementActivities['publishSettlementNotice']>[0];

export async function publishSettlementNotice({ db, clock }: DbClockDeps, input: PublishSettlementNoticeInput): Promise<void> {
  const settlement = await db.settlement.findUnique({
    where: { id: input.settlementId },
    select: { id: true, reference: true, result: true, institution: { select: { name: true } } },
  });
  if (!settlement) throw new AppError('NOT_FOUND', `Settlement ${input.settlementId} does not exist`, { details: { settlementId: input.settlementId } });
  const { title, body } = settlementNoticeText(
    { reference: settlement.reference, institutionName: settlement.institution.name, result: storedResult(settlement) },
    input,
  );
  const id = uuidFromKey(`notice:${input.key}`);
  const at = clock();
  await db.$transaction(async (tx) => {
    const { count } = await tx.notice.createMany({
      data: [{ id, key: input.key, institutionId: input.institutionId, settlementId: input.settlementId, title, body, status: 'OPEN', startsOn: input.startsOn, endsOn: input.endsOn, publishedAt: at }],
      skipDuplicates: true,
    });
    if (count === 0) return; // published by an earlier attempt
    await recordAuditEntry(tx, {
      key: `notice:${input.key}:published`,
      entityType: 'Notice',
      entityId: id,
      actorId: null,
      action: 'notice.published',
      after: { settlementId: input.settlementId, startsOn: input.startsOn, endsOn: input.endsOn },
      at,
    });
  });
}
