// A document, if the person may see it: whoever may see its case or its deal; a document of
// neither, the staff of its institution. Otherwise 404.
import type { Db } from '../../activities/infra/db';
import { canSeeCase, isStaff, notFound } from '../auth/access';
import { canSeeDeal } from '../deals/load-visible-deal';
import type { Me } from '../deps';

export async function loadVisibleDocument(db: Db, me: Me, documentId: string) {
  const document = await db.document.findUnique({
    where: { id: documentId },
    include: {
      case: { select: { researcherId: true, institutionId: true } },
      deal: { select: { leadResearcherId: true, institutionId: true } },
    },
  });
  const visible =
    document &&
    (document.case
      ? canSeeCase(me, document.case)
      : document.deal
        ? canSeeDeal(me, document.deal)
        : document.institutionId === me.institutionId && isStaff(me));
  if (!document || !visible) throw notFound('Document', documentId);
  const { case: _case, deal: _deal, ...row } = document;
  return row;
}
