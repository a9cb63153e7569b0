// A document, if the person may see it: whoever may see its case; a document without a case,
// the staff of its institution. Otherwise 404.
import type { Db } from '../../activities/infra/db';
import { canSeeCase, isStaff, notFound } from '../auth/access';
import type { Me } from '../deps';

export async function loadVisibleDocument(db: Db, me: Me, documentId: string) {
  const document = await db.document.findUnique({
    where: { id: documentId },
    include: { case: { select: { researcherId: true, institutionId: true } } },
  });
  const visible = document && (document.case ? canSeeCase(me, document.case) : document.institutionId === me.institutionId && isStaff(me));
  if (!document || !visible) throw notFound('Document', documentId);
  const { case: _case, ...row } = document;
  return row;
}
