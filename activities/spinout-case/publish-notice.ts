// The public notice (公示) of a case, readable without login.
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { recordAuditEntry } from '../audit/record-audit-entry';
import { uuidFromKey } from '../infra/key-uuid';
import type { DbClockDeps } from './deps';
import { loadCaseFacts } from './load-case-facts';
import { noticeText } from './notice-text';

export type PublishNoticeInput = Parameters<SpinoutCaseActivities['publishNotice']>[0];

export async function publishNotice({ db, clock }: DbClockDeps, input: PublishNoticeInput): Promise<void> {
  const facts = await loadCaseFacts(db, input.caseId);
  const { title, body } = noticeText(facts, input);
  const id = uuidFromKey(`notice:${input.key}`);
  const at = clock();
  await db.$transaction(async (tx) => {
    const { count } = await tx.notice.createMany({
      data: [{ id, key: input.key, institutionId: input.institutionId, caseId: input.caseId, title, body, status: 'OPEN', startsOn: input.startsOn, endsOn: input.endsOn, publishedAt: at }],
      skipDuplicates: true,
    });
    if (count === 0) return; // published by an earlier attempt
    await recordAuditEntry(tx, {
      key: `notice:${input.key}:published`,
      entityType: 'Notice',
      entityId: id,
      actorId: null,
      action: 'notice.published',
      after: { caseId: input.caseId, startsOn: input.startsOn, endsOn: input.endsOn },
      at,
    });
  });
}
