// Documents: upload to a case or to an IP deal (stored in the S3 bucket, which keeps every
// version), read the metadata, download through a presigned URL valid five minutes, list a
// document's versions. A deal's documents are seen by whoever sees the deal; who may upload
// which kind to a deal is in DEAL_UPLOADERS (and the header of deals.ts).
import { createRoute, z } from '@hono/zod-openapi';
import { listDocumentVersions, presignDownload } from '../../activities/documents/store-document';
import { AppError } from '../../domain/errors';
import { authenticated } from '../auth/require-auth';
import type { Role } from '../../domain/policy';
import { loadVisibleCase } from '../cases/load-visible-case';
import { toDocuments } from '../cases/views';
import { assertDealStatus, loadVisibleDeal } from '../deals/load-visible-deal';
import { storeDealUpload } from '../deals/store-deal-upload';
import { loadVisibleDocument } from '../documents/load-visible-document';
import { storeUpload } from '../documents/store-upload';
import { errorResponses, fieldError } from '../errors';
import { createRouter } from '../router';
import { ZIdParam } from './common.schemas';
import {
  ZDocument,
  ZDocumentVersions,
  ZDownloadLink,
  ZDownloadQuery,
  ZUploadDealDocumentForm,
  ZUploadDocumentForm,
  type DealUploadKind,
} from './documents.schemas';
import { json } from './openapi-responses';

const tags = ['documents'];
export const DOWNLOAD_TTL_SECONDS = 300;

/**
 * Who uploads which kind of document to a deal: the deal's owners (lead researcher, creator)
 * what they submit with it; the tech-transfer office everything; finance payment evidence.
 */
const DEAL_UPLOADERS: Record<DealUploadKind, { owners: boolean; roles: readonly Role[] }> = {
  VALUATION_REPORT: { owners: true, roles: ['TTO_OFFICER'] },
  CONFLICT_DISCLOSURE: { owners: true, roles: ['TTO_OFFICER'] },
  ATTACHMENT: { owners: true, roles: ['TTO_OFFICER'] },
  EXCHANGE_RECORD: { owners: false, roles: ['TTO_OFFICER'] },
  SIGNED_CONTRACT: { owners: false, roles: ['TTO_OFFICER'] },
  ROYALTY_REPORT: { owners: false, roles: ['TTO_OFFICER'] },
  PAYMENT_EVIDENCE: { owners: false, roles: ['TTO_OFFICER', 'FINANCE_OFFICER'] },
};

export const documents = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/cases/{id}/documents',
      tags,
      summary: 'Upload a document to a case (its researcher, or staff of its institution)',
      description:
        'Multipart: `file`, `kind` (ATTACHMENT or EVIDENCE) and, for a new version of an existing document, its `documentKey`. ' +
        'The file’s bytes must match its declared type (PDF, images, Office and OpenDocument files). An `Idempotency-Key` header makes a retried upload store once.',
      ...authenticated,
      request: { params: ZIdParam, body: { required: true, content: { 'multipart/form-data': { schema: ZUploadDocumentForm } } } },
      responses: {
        201: json(ZDocument, 'The stored document version'),
        400: errorResponses[400],
        401: errorResponses[401],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { db, storage, config } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { file, kind, documentKey } = c.req.valid('form');
      const caseRow = await loadVisibleCase(db, me, id);
      if (documentKey !== undefined) {
        const previous = await db.document.findFirst({ where: { documentKey, caseId: caseRow.id }, select: { kind: true } });
        if (!previous) throw fieldError('documentKey', 'no document of this case has this key');
        if (previous.kind !== kind) throw fieldError('kind', `a new version keeps its document’s kind (${previous.kind})`);
      }
      const row = await storeUpload({ db, storage, config }, c, {
        institutionId: caseRow.institutionId,
        caseId: caseRow.id,
        kind,
        ...(documentKey ? { documentKey } : {}),
        file,
        uploadedById: me.id,
      });
      const [document] = await toDocuments(db, [row]);
      return c.json(document!, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/deals/{id}/documents',
      tags: [...tags, 'deals'],
      summary: 'Upload a document to an IP deal',
      description:
        'Multipart: `file`, `kind` and, for a new version of an existing document, its `documentKey`. The deal’s lead researcher (or its creator) ' +
        'uploads VALUATION_REPORT, CONFLICT_DISCLOSURE and ATTACHMENT; the tech-transfer office any kind; finance PAYMENT_EVIDENCE. ' +
        'A SIGNED_CONTRACT is accepted only while the deal awaits it (CONTRACT). Refer to the document afterwards by its id ' +
        '(PATCH /deals/{id}, POST /deals/{id}/signed-contract, /payments, /royalty-reports, /exchange-result). An `Idempotency-Key` header makes a retried upload store once.',
      ...authenticated,
      request: { params: ZIdParam, body: { required: true, content: { 'multipart/form-data': { schema: ZUploadDealDocumentForm } } } },
      responses: {
        201: json(ZDocument, 'The stored document version'),
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
        404: errorResponses[404],
        409: errorResponses[409],
      },
    }),
    async (c) => {
      const { db, storage, config } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const { file, kind, documentKey } = c.req.valid('form');
      const deal = await loadVisibleDeal(db, me, id);
      const uploaders = DEAL_UPLOADERS[kind];
      const isOwner = deal.leadResearcherId === me.id || deal.createdById === me.id;
      const hasRole = deal.institutionId === me.institutionId && uploaders.roles.some((role) => me.roles.includes(role));
      if (!(hasRole || (uploaders.owners && isOwner))) {
        throw new AppError('FORBIDDEN', `A ${kind} is uploaded to a deal by ${[...(uploaders.owners ? ['its lead researcher'] : []), ...uploaders.roles].join(' or ')}`);
      }
      // Checked before storing anything, so a refused upload leaves no document behind.
      if (kind === 'SIGNED_CONTRACT') assertDealStatus(deal, ['CONTRACT'], 'the signed contract is uploaded');
      if (documentKey !== undefined) {
        const previous = await db.document.findFirst({ where: { documentKey, dealId: deal.id }, select: { kind: true } });
        if (!previous) throw fieldError('documentKey', 'no document of this deal has this key');
        if (previous.kind !== kind) throw fieldError('kind', `a new version keeps its document’s kind (${previous.kind})`);
      }
      const row = await storeDealUpload({ db, storage, config }, c, {
        institutionId: deal.institutionId,
        dealId: deal.id,
        kind,
        ...(documentKey ? { documentKey } : {}),
        file,
        uploadedById: me.id,
      });
      const [document] = await toDocuments(db, [row]);
      return c.json(document!, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/documents/{id}',
      tags,
      summary: 'A document’s metadata (name, type, size, SHA-256, who uploaded it when)',
      ...authenticated,
      request: { params: ZIdParam },
      responses: { 200: json(ZDocument, 'The document'), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const row = await loadVisibleDocument(db, c.get('me'), c.req.valid('param').id);
      const [document] = await toDocuments(db, [row]);
      return c.json(document!, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/documents/{id}/download',
      tags,
      summary: 'Download a document through a presigned URL valid for 5 minutes',
      description: 'Redirects (302) to the URL; with `format=json` answers `{ url, expiresAt }` instead.',
      ...authenticated,
      request: { params: ZIdParam, query: ZDownloadQuery },
      responses: {
        200: json(ZDownloadLink, 'The presigned URL (format=json)'),
        302: { description: 'Redirect to the presigned URL', headers: z.object({ Location: z.url() }) },
        400: errorResponses[400],
        401: errorResponses[401],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { db, storage } = c.get('deps');
      const row = await loadVisibleDocument(db, c.get('me'), c.req.valid('param').id);
      const expiresAt = new Date(Date.now() + DOWNLOAD_TTL_SECONDS * 1000);
      const url = await presignDownload({ storage }, row, DOWNLOAD_TTL_SECONDS);
      if (c.req.valid('query').format === 'json') return c.json({ url, expiresAt: expiresAt.toISOString() }, 200);
      c.header('Cache-Control', 'no-store');
      return c.redirect(url, 302);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/documents/{id}/versions',
      tags,
      summary: 'Every stored version of the document, newest first',
      ...authenticated,
      request: { params: ZIdParam },
      responses: { 200: json(ZDocumentVersions, 'The versions'), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const row = await loadVisibleDocument(db, c.get('me'), c.req.valid('param').id);
      const versions = await listDocumentVersions(db, row.documentKey);
      // Versions share the document's case or deal, but check each: a key is only a string.
      const own = versions.filter(
        (version) => version.caseId === row.caseId && version.dealId === row.dealId && version.institutionId === row.institutionId,
      );
      if (own.length === 0) throw new AppError('NOT_FOUND', `Document ${row.id} has no stored versions`);
      return c.json({ items: await toDocuments(db, own) }, 200);
    },
  );
