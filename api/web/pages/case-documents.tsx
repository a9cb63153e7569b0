// A case's documents: the list with download links, and the upload form (a plain multipart
// post; the browser script sends it with XMLHttpRequest to show progress).
import { DataTable } from '../components/bits';
import { fieldId } from '../components/field';
import { formatBytes, formatInstant } from '../format';
import type { Messages } from '../i18n';
import type { Lang } from '../i18n/lang';
import type { Doc } from '../views';

export function DocumentList({ t, documents }: { t: Messages; lang: Lang; documents: Doc[] }) {
  return (
    <DataTable
      label={t.documents.title}
      testId="documents"
      caption={t.documents.title}
      columns={[{ label: t.documents.fileName }, { label: t.documents.kind }, { label: t.documents.size }, { label: t.documents.uploadedBy }, { label: t.documents.uploadedAt }]}
      rows={documents}
      empty={t.documents.none}
      row={(doc) => (
        <tr>
          <td>
            <a href={`/app/documents/${doc.id}`}>{doc.fileName}</a>
            <div class="muted mono" title="SHA-256">
              {doc.sha256.slice(0, 12)}…
            </div>
          </td>
          <td>{t.labels.docKind[doc.kind] ?? doc.kind}</td>
          <td>{formatBytes(doc.size)}</td>
          <td>{doc.uploadedBy?.name ?? t.common.system}</td>
          <td>{formatInstant(doc.uploadedAt)}</td>
        </tr>
      )}
    />
  );
}

export function UploadForm({
  t,
  caseId,
  maxBytes,
  back,
  error,
  action,
  kinds = ['ATTACHMENT', 'EVIDENCE'],
}: {
  t: Messages;
  caseId: string;
  maxBytes: number;
  back: string;
  error?: string | undefined;
  /** Where the form posts (default: the case's documents). */
  action?: string;
  /** The kinds offered, first preselected. */
  kinds?: readonly string[];
}) {
  const fileId = fieldId('file');
  return (
    <form
      method="post"
      action={`${action ?? `/app/cases/${caseId}/documents`}?back=${encodeURIComponent(back)}`}
      enctype="multipart/form-data"
      class="card upload"
      data-sw-upload
      data-max-bytes={String(maxBytes)}
    >
      <h3>{t.documents.upload}</h3>
      <div class="grid-2">
        <div class="field" data-field="kind">
          <label for={fieldId('kind')}>{t.documents.kind}</label>
          <select id={fieldId('kind')} name="kind">
            {kinds.map((kind) => (
              <option value={kind}>{t.labels.docKind[kind] ?? kind}</option>
            ))}
          </select>
        </div>
        <div class={error ? 'field has-error' : 'field'} data-field="file">
          <label for={fileId}>{t.documents.file}</label>
          <p class="hint" id={`${fileId}-hint`}>
            {t.documents.fileHint(formatBytes(maxBytes))}
          </p>
          <input
            type="file"
            id={fileId}
            name="file"
            required
            accept=".pdf,.png,.jpg,.jpeg,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp"
            aria-describedby={`${fileId}-hint ${fileId}-error`}
            aria-invalid={error ? 'true' : undefined}
          />
          <p class="field-error" id={`${fileId}-error`} data-error-for="file" aria-live="polite">
            {error ?? ''}
          </p>
        </div>
      </div>
      <div class="upload-progress" data-sw-progress hidden>
        <label for={`progress-${caseId}`}>{t.documents.progress}</label>
        <progress id={`progress-${caseId}`} max="100" value="0"></progress>
        <span data-sw-progress-text aria-live="polite"></span>
      </div>
      <button type="submit" class="button primary">
        {t.documents.uploadButton}
      </button>
    </form>
  );
}

/** The signed agreement: the researcher uploads their copy, the tech-transfer office the institution's. */
export function SignedCopyForm({ t, caseId, maxBytes, parties, today }: { t: Messages; caseId: string; maxBytes: number; parties: ('RESEARCHER' | 'INSTITUTION')[]; today: string }) {
  const fileId = fieldId('signed-file');
  return (
    <form
      method="post"
      action={`/app/cases/${caseId}/signed-copies?back=${encodeURIComponent(`/app/cases/${caseId}`)}`}
      enctype="multipart/form-data"
      class="card upload"
      data-sw-upload
      data-max-bytes={String(maxBytes)}
      data-testid="signed-copy-form"
    >
      <h3>{t.agreement.upload}</h3>
      <p class="hint">{t.agreement.intro}</p>
      <div class="grid-3">
        <div class="field">
          <label for={fieldId('party')}>{t.agreement.party}</label>
          <select id={fieldId('party')} name="party">
            {parties.map((party) => (
              <option value={party}>{t.agreement.parties[party]}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={fieldId('signedOn')}>{t.agreement.signedOn}</label>
          <input type="date" id={fieldId('signedOn')} name="signedOn" value={today} max={today} required />
        </div>
        <div class="field" data-field="file">
          <label for={fileId}>{t.documents.file}</label>
          <input type="file" id={fileId} name="file" required accept=".pdf,.png,.jpg,.jpeg" aria-describedby={`${fileId}-error`} />
          <p class="field-error" id={`${fileId}-error`} data-error-for="file" aria-live="polite"></p>
        </div>
      </div>
      <div class="upload-progress" data-sw-progress hidden>
        <label for={`signed-progress-${caseId}`}>{t.documents.progress}</label>
        <progress id={`signed-progress-${caseId}`} max="100" value="0"></progress>
        <span data-sw-progress-text aria-live="polite"></span>
      </div>
      <button type="submit" class="button primary">
        {t.documents.uploadButton}
      </button>
    </form>
  );
}
