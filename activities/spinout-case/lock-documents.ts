// Signed copies become immutable: each stored version is put under S3 object lock in
// COMPLIANCE mode, which nobody (not even the storage administrator) can shorten or lift
// before it expires, and PostgreSQL records until when.
import { AppError } from '../../domain/errors';
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { recordAuditEntry } from '../audit/record-audit-entry';
import type { Clock } from '../infra/clock';
import type { Db } from '../infra/db';
import type { Storage } from '../infra/storage';

export type LockDocumentsInput = Parameters<SpinoutCaseActivities['lockDocuments']>[0];

/** Personnel and contract records are kept at least ten years. */
export const SIGNED_DOCUMENT_RETENTION_YEARS = 10;

function retentionEnd(now: Date): Date {
  const end = new Date(now);
  end.setUTCFullYear(end.getUTCFullYear() + SIGNED_DOCUMENT_RETENTION_YEARS);
  return end;
}

export async function lockDocuments({ db, storage, clock }: { db: Db; storage: Storage; clock: Clock }, input: LockDocumentsInput): Promise<void> {
  const ids = [...new Set(input.documentIds)];
  const documents = await db.document.findMany({ where: { id: { in: ids }, caseId: input.caseId } });
  const missing = ids.filter((id) => !documents.some((document) => document.id === id));
  if (missing.length > 0) {
    throw new AppError('NOT_FOUND', `Documents ${missing.join(', ')} are not documents of case ${input.caseId}`, { details: { documentIds: missing } });
  }
  for (const document of documents) {
    if (document.retainUntil) continue; // locked by an earlier attempt
    if (!document.versionId) throw new AppError('INTERNAL', `Document ${document.id} has no S3 version id; the bucket must be versioned to lock it`);
    const now = clock();
    const retainUntil = retentionEnd(now);
    // A retry after a crash here sets a slightly later date: COMPLIANCE retention can be
    // extended, never shortened, so the call still succeeds and the row records the later one.
    await storage.client.putObjectRetention(storage.bucket, document.objectKey, {
      versionId: document.versionId,
      mode: 'COMPLIANCE',
      retainUntilDate: retainUntil.toISOString(),
    });
    await db.$transaction(async (tx) => {
      const { count } = await tx.document.updateMany({ where: { id: document.id, retainUntil: null }, data: { retainUntil } });
      if (count === 0) return;
      await recordAuditEntry(tx, {
        key: `document:${document.id}:locked`,
        entityType: 'Document',
        entityId: document.id,
        actorId: null,
        action: 'document.locked',
        after: { caseId: input.caseId, mode: 'COMPLIANCE', retainUntil: retainUntil.toISOString(), versionId: document.versionId, sha256: document.sha256 },
        at: now,
      });
    });
  }
}
