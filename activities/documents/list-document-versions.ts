// Every stored version of one logical document, newest first.
import type { Document } from '../../prisma/generated/client';
import type { Db } from '../infra/db';

export function listDocumentVersions(db: Db, documentKey: string): Promise<Document[]> {
  return db.document.findMany({ where: { documentKey }, orderBy: [{ uploadedAt: 'desc' }, { id: 'desc' }] });
}
