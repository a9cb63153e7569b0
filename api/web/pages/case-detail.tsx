// One case: what was asked, where it stands, the open steps (with the decision form for whoever
// may decide), documents, notices, the retention clock and the timeline of every step.
import { SPINOUT_MODE_LABELS, type SpinoutMode } from '../../../domain/spinout';
import { ROLE_LABELS, type Role } from '../../../domain/policy';
import { Badge, Empty, Facts } from '../components/bits';
import { TextArea, type Option } from '../components/field';
import { formatInstant, formatShare } from '../format';
import { NoticesSection } from '../components/notices-section';
import type { Messages } from '../i18n';
import { pick, type Lang } from '../i18n/lang';
import { hasRole, type WebMe } from '../session';
import { shanghaiDateOf } from '../../../domain/calendar';
import type { CaseDetail, Clock, Directory, Task, TimelineEntry } from '../views';
import { DocumentList, SignedCopyForm, UploadForm } from './case-documents';
import { ClockActions, ClockFacts } from './case-clock';
import { statusTone } from './case-list';
import { errorsFor, FormMessage, holdsTask, roleLabel, TaskCard, type FormErrors } from './task-card';

export type { FormErrors } from './task-card';

export interface CaseDetailProps {
  t: Messages;
  lang: Lang;
  me: WebMe;
  detail: CaseDetail;
  clock: Clock | null;
  deputies: Record<string, Directory['items']>;
  formErrors: FormErrors | null;
  maxBytes: number;
}

const CLOSED = ['SIGNED', 'REJECTED', 'WITHDRAWN'];

export function canDecide(me: WebMe, task: Task, researcherId: string): boolean {
  if (researcherId === me.id && task.kind !== 'RESUBMIT') return false;
  return holdsTask(me, task);
}

export { roleLabel };

export function stepLabel(t: Messages, key: string | null): string {
  if (!key) return t.common.none;
  return t.labels.step[key] ?? key;
}

/** How a timeline names steps and statuses and writes amounts (a deal's differ from a case's). */
export interface TimelineWords {
  step?: (key: string) => string;
  status?: (status: string) => string | null;
  money?: (fen: number) => string;
}

function timelineText(t: Messages, lang: Lang, entry: TimelineEntry, words: TimelineWords): { what: string; note: string | null } {
  const after = (entry.after ?? {}) as Record<string, unknown>;
  const what = t.labels.timeline[entry.action] ?? entry.action;
  const parts: string[] = [];
  if (typeof after.decision === 'string') parts.push(t.labels.decision[after.decision] ?? after.decision);
  if (typeof after.stepKey === 'string') parts.push(words.step ? words.step(after.stepKey) : (t.labels.step[after.stepKey] ?? after.stepKey));
  if (typeof after.status === 'string' && words.status) {
    const status = words.status(after.status);
    if (status) parts.push(status);
  }
  if (typeof after.title === 'string' && entry.action === 'task.opened') parts.push(pick(lang, after.title));
  if (typeof after.amountFen === 'number' && words.money) parts.push(words.money(after.amountFen));
  if (typeof after.comment === 'string' && after.comment) parts.push(`“${after.comment}”`);
  if (typeof after.reason === 'string' && after.reason) parts.push(`“${after.reason}”`);
  if (typeof after.fileName === 'string') parts.push(after.fileName);
  return { what, note: parts.length > 0 ? parts.join(' · ') : null };
}

export function Timeline({ t, lang, entries, words = {} }: { t: Messages; lang: Lang; entries: TimelineEntry[]; words?: TimelineWords }) {
  if (entries.length === 0) return <Empty>{t.detail.noHistory}</Empty>;
  return (
    <ol class="timeline" data-testid="timeline">
      {entries.map((entry) => {
        const { what, note } = timelineText(t, lang, entry, words);
        return (
          <li>
            <time datetime={entry.at}>{formatInstant(entry.at)}</time>
            <div>
              <strong>{what}</strong>
              <span class="muted"> · {entry.actor?.name || t.common.system}</span>
              {note ? <div class="note">{note}</div> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function returnComment(detail: CaseDetail): string | null {
  const returned = [...detail.timeline].reverse().find((entry) => entry.action === 'task.decided' && (entry.after as { decision?: string } | null)?.decision === 'RETURN');
  const comment = (returned?.after as { comment?: string | null } | undefined)?.comment;
  return comment ?? null;
}

export function CaseDetailPage({ t, lang, me, detail, clock, deputies, formErrors, maxBytes }: CaseDetailProps) {
  const owner = detail.researcher.id === me.id;
  const editable = owner && (detail.status === 'DRAFT' || detail.status === 'RETURNED');
  const closed = CLOSED.includes(detail.status);
  const draft = detail.draft ?? {};
  const withdrawErrors = errorsFor(formErrors, 'withdraw');
  const uploadErrors = errorsFor(formErrors, 'upload');
  const comment = detail.status === 'RETURNED' ? returnComment(detail) : null;
  return (
    <div class="case-detail">
      <p class="breadcrumbs">
        <a href="/app/cases">{owner ? t.nav.myCases : t.nav.cases}</a> › {detail.reference}
      </p>
      <div class="page-head">
        <div>
          <h1>
            {detail.title || detail.reference} <span class="muted">{detail.reference}</span>
          </h1>
          <p>
            <Badge tone={statusTone(detail.status)}>
              <span data-testid="case-status">{t.labels.caseStatus[detail.status] ?? detail.status}</span>
            </Badge>{' '}
            {pick(lang, SPINOUT_MODE_LABELS[detail.mode as SpinoutMode] ?? { zh: detail.mode, en: detail.mode })}
            {detail.currentStepKey && !closed ? ` · ${t.detail.currentStep}${stepLabel(t, detail.currentStepKey)}` : ''}
          </p>
        </div>
        <div class="page-actions">
          {editable ? (
            <a class="button primary" href={`/app/cases/${detail.id}/edit/basics`}>
              {detail.status === 'RETURNED' ? t.detail.revise : t.detail.continueDraft}
            </a>
          ) : null}
        </div>
      </div>

      {comment !== null || detail.status === 'RETURNED' ? (
        <div class="flash flash-info" role="status" data-testid="returned-banner">
          <strong>{t.detail.returnedTitle}</strong> {comment ? `“${comment}”` : ''} <a href={`/app/cases/${detail.id}/edit/basics`}>{t.detail.revise}</a>
        </div>
      ) : null}

      {detail.openTasks.length > 0 ? (
        <section aria-labelledby="open-steps">
          <h2 id="open-steps">{t.detail.openSteps}</h2>
          {detail.openTasks.map((task) => (
            <TaskCard
              t={t}
              lang={lang}
              me={me}
              task={task}
              subject={{
                field: 'caseId',
                id: detail.id,
                version: detail.version,
                approvalChoices: detail.status === 'SIGNED' ? ['APPROVE', 'REJECT'] : ['APPROVE', 'RETURN', 'REJECT'],
                delegable: detail.status !== 'SIGNED',
              }}
              actionable={canDecide(me, task, detail.researcher.id) && (task.kind === 'APPROVAL' || task.kind === 'OBJECTION_REVIEW')}
              deputies={deputies[task.id] ?? []}
              formErrors={formErrors}
            />
          ))}
        </section>
      ) : null}

      {clock ? (
        <section aria-labelledby="clock-heading" class="card">
          <h2 id="clock-heading">{t.clock.title}</h2>
          <ClockFacts t={t} lang={lang} clock={clock} />
          <ClockActions t={t} me={me} clock={clock} owner={owner} formErrors={formErrors} />
        </section>
      ) : null}

      <section aria-labelledby="request-heading">
        <h2 id="request-heading">{t.detail.request}</h2>
        <Facts
          items={[
            [t.detail.researcher, `${detail.researcher.name}${detail.department ? `（${detail.department.name}）` : ''}`],
            [t.wizard.makerSpaceName, detail.makerSpace?.name ?? draft.makerSpace?.name ?? t.common.none],
            [t.wizard.ventureName, draft.venture?.name ?? t.common.none],
            [t.wizard.uscc, draft.venture?.unifiedSocialCreditCode ?? t.common.none],
            [t.wizard.startDate, draft.requestedStartDate ?? t.common.none],
            [t.wizard.duration, draft.durationMonths !== undefined ? t.wizard.months(draft.durationMonths) : t.common.none],
            [t.detail.submittedAt, formatInstant(detail.submittedAt)],
            [t.detail.signingDate, detail.signingDate ?? t.common.none],
            [t.detail.policy, `${detail.policyProfile.name} v${detail.policyProfile.version}`],
          ]}
        />
        {draft.venture?.description ? <p class="prose">{draft.venture.description}</p> : null}
        <div class="grid-2">
          <div>
            <h3>{t.wizard.steps.results}</h3>
            {detail.ipAssets.length === 0 && (draft.ipAssets ?? []).length === 0 ? (
              <Empty>{t.common.none}</Empty>
            ) : (
              <ul>
                {(detail.ipAssets.length > 0 ? detail.ipAssets : (draft.ipAssets ?? [])).map((asset) => (
                  <li>
                    {asset.kind ? (t.labels.ipKind[asset.kind] ?? asset.kind) : ''} 《{asset.title}》{asset.number ? ` ${asset.number}` : ''} · {asset.ownership ? (t.labels.ownership[asset.ownership] ?? asset.ownership) : ''}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <h3>{t.wizard.steps.team}</h3>
            <ul>
              {(detail.team.length > 0 ? detail.team : (draft.team ?? [])).map((member) => (
                <li>
                  {member.name} · {member.role} · {typeof member.contributionShareBp === 'number' ? formatShare(member.contributionShareBp) : ''}
                </li>
              ))}
            </ul>
          </div>
        </div>
      </section>

      {detail.status === 'AGREEMENT' && (owner || hasRole(me, 'TTO_OFFICER')) ? (
        <section aria-labelledby="agreement-heading">
          <h2 id="agreement-heading">{t.agreement.title}</h2>
          <SignedCopyForm
            t={t}
            caseId={detail.id}
            maxBytes={maxBytes}
            parties={hasRole(me, 'TTO_OFFICER') ? ['INSTITUTION', 'RESEARCHER'] : ['RESEARCHER']}
            today={shanghaiDateOf(Date.now())}
          />
        </section>
      ) : null}

      <section aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t.documents.title}</h2>
        <DocumentList t={t} lang={lang} documents={detail.documents} />
        {!closed ? <UploadForm t={t} caseId={detail.id} maxBytes={maxBytes} back={`/app/cases/${detail.id}`} error={uploadErrors?.fields.file ?? uploadErrors?.message} /> : null}
      </section>

      <NoticesSection t={t} notices={detail.notices} />

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t.detail.history}</h2>
        <Timeline t={t} lang={lang} entries={detail.timeline} />
      </section>

      {owner && !closed && detail.status !== 'AGREEMENT' ? (
        <section aria-labelledby="withdraw-heading">
          <details open={withdrawErrors !== null} class="danger-zone">
            <summary id="withdraw-heading">{t.detail.withdraw}</summary>
            <form method="post" action={`/app/cases/${detail.id}/withdraw`}>
              <FormMessage errors={withdrawErrors} />
              <TextArea name="reason" id="withdraw-reason" label={t.detail.withdrawReason} value={withdrawErrors?.values?.reason} error={withdrawErrors?.fields.reason} required rows={2} maxlength={2000} />
              <button type="submit" class="button danger">
                {t.detail.withdrawButton}
              </button>
            </form>
          </details>
        </section>
      ) : null}
    </div>
  );
}

export const roleOptions = (lang: Lang): Option[] => (Object.keys(ROLE_LABELS) as Role[]).map((role) => ({ value: role, label: pick(lang, ROLE_LABELS[role]) }));
