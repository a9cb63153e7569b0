// The signed contract becomes immutable: checked to be a SIGNED_CONTRACT of this deal, then each
// stored version is put under S3 object lock in COMPLIANCE mode (nobody can shorten or lift it)
// and PostgreSQL records until when. A document that is not one is refused (non-retryable), so
// the workflow refuses the upload that named it.
import { AppError } from '../../domain/errors';
import type { IpDealActivities } from '../../workflows/contracts/ip-deal';
import { recordAuditEntry } from '../audit/record-audit-entry';
import type { Clock } from '../infra/clock';
import type { Db } from '../infra/db';
import { isUuid } from '../infra/key-uuid';
import type { Storage } from '../infra/storage';

export type LockDealDocumentsInput = Parameters<IpDealActivities['lockDealDocuments']>[0];

/**
 * Contracts are kept well beyond a licence's term (up to 50 years, plus the limitation period
 * for claims under it): 30 years from signing covers most; COMPLIANCE retention can be
 * extended later (never shortened) for a longer licence.
 */
export const SIGNED_CONTRACT_RETENTION_YEARS = 30;

function retentionEnd(now: Date): Date {
  const end = new Date(now);
  end.setUTCFullYear(end.getUTCFullYear() + SIGNED_CONTRACT_RETENTION_YEARS);
  return end;
}

const notSigned = (id: string, dealId: string, why: string) =>
  new AppError('VALIDATION_FAILED', `Document ${id} is not a SIGNED_CONTRACT of deal ${dealId}: ${why}`, { details: { field: 'documentId', documentId: id } });

export async function lockDealDocuments({ db, storage, clock }: { db: Db; storage: Storage; clock: Clock }, input: LockDealDocumentsInput): Promise<void> {
  const ids = [...new Set(input.documentIds)];
  const invalid = ids.find((id) => !isUuid(id));
  if (invalid !== undefined) throw notSigned(invalid, input.dealId, 'not a document id');
  const documents = await db.document.findMany({ where: { id: { in: ids } } });
  for (const id of ids) {
    const document = documents.find((row) => row.id === id);
    if (!document) throw notSigned(id, input.dealId, 'no such document');
    if (document.dealId !== input.dealId) throw notSigned(id, input.dealId, 'it belongs to something else');
    if (document.kind !== 'SIGNED_CONTRACT') throw notSigned(id, input.dealId, `it is a ${document.kind}`);
  }
  for (const document of documents) {
    if (document.retainUntil) continue; // locked by an earlier attempt
    if (!document.versionId) throw new AppError('INTERNAL', `Document ${document.id} has no S3 version id; the bucket must be versioned to lock it`);
    const now = clock();
    const retainUntil = retentionEnd(now);
    // A retry after a crash here sets a slightly later date: COMPLIANCE retention can be
    // extended, never shortened, so the call still succeeds.
    await storage.client.putObjectRetention(storage.bucket, document.objectKey, { versionId: document.versionId, mode: 'COMPLIANCE', retainUntilDate: retainUntil.toISOString() });
    await db.$transaction(async (tx) => {
      const { count } = await tx.document.updateMany({ where: { id: document.id, retainUntil: null }, data: { retainUntil } });
      if (count === 0) return;
      await recordAuditEntry(tx, {
        key: `document:${document.id}:locked`,
        entityType: 'Document',
        entityId: document.id,
        actorId: null,
        action: 'document.locked',
        after: { dealId: input.dealId, mode: 'COMPLIANCE', retainUntil: retainUntil.toISOString(), versionId: document.versionId, sha256: document.sha256 },
        at: now,
      });
    });
  }
}
