// The public notice (公示) of a deal priced by agreement: names and proposed price, no login needed.
import type { IpDealActivities } from '../../workflows/contracts/ip-deal';
import { recordAuditEntry } from '../audit/record-audit-entry';
import { uuidFromKey } from '../infra/key-uuid';
import { dealNoticeText } from './deal-notice-text';
import type { DbClockDeps } from './deps';
import { loadDealFacts } from './load-deal-facts';

export type PublishDealNoticeInput = Parameters<IpDealActivities['publishDealNotice']>[0];

export async function publishDealNotice({ db, clock }: DbClockDeps, input: PublishDealNoticeInput): Promise<void> {
  const facts = await loadDealFacts(db, input.dealId);
  const { title, body } = dealNoticeText(facts, input);
  const id = uuidFromKey(`notice:${input.key}`);
  const at = clock();
  await db.$transaction(async (tx) => {
    const { count } = await tx.notice.createMany({
      data: [{ id, key: input.key, institutionId: input.institutionId, caseId: null, dealId: input.dealId, title, body, status: 'OPEN', startsOn: input.startsOn, endsOn: input.endsOn, publishedAt: at }],
      skipDuplicates: true,
    });
    if (count === 0) return; // published by an earlier attempt
    await recordAuditEntry(tx, {
      key: `notice:${input.key}:published`,
      entityType: 'Notice',
      entityId: id,
      actorId: null,
      action: 'notice.published',
      after: { dealId: input.dealId, startsOn: input.startsOn, endsOn: input.endsOn, totalValueFen: facts.totalValueFen },
      at,
    });
  });
}
