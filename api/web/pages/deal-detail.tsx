// One IP deal: where it stands, its open steps (the decision form for whoever may decide; the
// way to the right form for steps done on the deal itself), the staff's actions, the terms,
// results and inventors, the exchange result and the contract, what is owed and what was paid,
// royalty periods, amendments, documents, the public notice and the timeline.
import { Badge, DataTable, Empty, Facts } from '../components/bits';
import { TextArea } from '../components/field';
import { formatInstant, formatMoney, formatShare } from '../format';
import { NoticesSection } from '../components/notices-section';
import type { Messages } from '../i18n';
import { pick, type Lang } from '../i18n/lang';
import { hasRole, type WebMe } from '../session';
import type { DealDetail, Directory, Task } from '../views';
import { DocumentList, UploadForm } from './case-documents';
import { Timeline } from './case-detail';
import { ACTION_ANCHORS, DealActions, OUTSTANDING_OBLIGATION, WAIVABLE_DEAL_STATUSES, WaiveObligationForm, type ActionKeys } from './deal-actions';
import { PrepareSettlementForm } from './settlement-forms';
import { DealStatus, modeLabel, pricingLabel, shownValueFen } from './deal-list';
import { DEAL_OWNER_UPLOADS, TermsFacts } from './deal-wizard';
import { errorsFor, FormMessage, holdsTask, TaskCard, type FormErrors } from './task-card';

export const DEAL_EDITABLE = ['DRAFT', 'RETURNED'];
const DEAL_CLOSED = ['REJECTED', 'WITHDRAWN', 'TERMINATED'];
const WITHDRAWABLE = ['DRAFT', 'IN_REVIEW', 'RETURNED', 'PUBLICITY', 'OBJECTION_REVIEW', 'EXCHANGE', 'CONTRACT'];
const ALL_UPLOADS = ['ATTACHMENT', 'VALUATION_REPORT', 'CONFLICT_DISCLOSURE', 'EXCHANGE_RECORD', 'SIGNED_CONTRACT', 'ROYALTY_REPORT', 'PAYMENT_EVIDENCE'] as const;

export const isDealOwner = (me: WebMe, deal: Pick<DealDetail, 'leadResearcher' | 'createdBy'>) => deal.leadResearcher.id === me.id || deal.createdBy.id === me.id;

/** The step's name: the profile's tier label for `tier-<n>`, the catalogue's for the rest. */
export function dealStepLabel(t: Messages, lang: Lang, deal: Pick<DealDetail, 'approvalTier'>, key: string | null): string {
  if (!key) return t.common.none;
  const amendment = /^amendment:(.+)$/.exec(key);
  if (amendment) return `${t.deals.amendmentsHeading} · ${dealStepLabel(t, lang, deal, amendment[1]!)}`;
  if (/^tier-\d+$/.test(key) && deal.approvalTier?.label) return pick(lang, deal.approvalTier.label);
  return t.labels.step[key] ?? key;
}

/** Where a deal task that is not decided in the inbox is done, for those who do it. */
export function elsewhereOf(t: Messages, deal: Pick<DealDetail, 'id'>, kind: string): { href: string; text: string } | null {
  switch (kind) {
    case 'RESUBMIT':
      return { href: `/app/deals/${deal.id}/edit/basics`, text: t.deals.revise };
    case 'EXCHANGE_RESULT':
      return { href: `/app/deals/${deal.id}#${ACTION_ANCHORS.exchange}`, text: t.deals.exchangeForm };
    case 'SIGN_CONTRACT':
      return { href: `/app/deals/${deal.id}#${ACTION_ANCHORS.signed}`, text: t.deals.signedForm };
    case 'PAYMENT_FOLLOW_UP':
      return { href: `/app/deals/${deal.id}#${ACTION_ANCHORS.payment}`, text: t.deals.paymentForm };
    case 'ROYALTY_FOLLOW_UP':
      return { href: `/app/deals/${deal.id}#${ACTION_ANCHORS.royalty}`, text: t.deals.royaltyForm };
    default:
      return null;
  }
}

/** Whether `me` is barred from deciding the deal's steps (lead researcher, on the team); the API also knows declared interests. */
export function barredFromDeal(me: WebMe, deal: Pick<DealDetail, 'leadResearcher' | 'team'>): boolean {
  return deal.leadResearcher.id === me.id || deal.team.some((member) => member.personId === me.id);
}

function DealTaskCard({ t, lang, me, task, deal, deputies, formErrors }: { t: Messages; lang: Lang; me: WebMe; task: Task; deal: DealDetail; deputies: Directory['items']; formErrors: FormErrors | null }) {
  const decision = task.kind === 'APPROVAL' || task.kind === 'OBJECTION_REVIEW';
  const holds = holdsTask(me, task);
  const barred = decision && holds && barredFromDeal(me, deal);
  const elsewhere = decision ? null : elsewhereOf(t, deal, task.kind);
  const doer = task.kind === 'RESUBMIT' ? isDealOwner(me, deal) : holds;
  const note = barred
    ? { text: t.deals.barred }
    : elsewhere
      ? doer
        ? { text: t.deals.doneElsewhere(elsewhere.text), link: { href: elsewhere.href, text: t.deals.goThere } }
        : { text: t.deals.notYours }
      : undefined;
  const amendment = task.stepKey.startsWith('amendment:');
  return (
    <TaskCard
      t={t}
      lang={lang}
      me={me}
      task={task}
      subject={{ field: 'dealId', id: deal.id, version: deal.version, approvalChoices: amendment ? ['APPROVE', 'REJECT'] : ['APPROVE', 'RETURN', 'REJECT'], delegable: true }}
      actionable={decision && holds && !barred}
      deputies={deputies}
      formErrors={formErrors}
      note={note}
    />
  );
}

function returnComment(deal: DealDetail): string | null {
  const returned = [...deal.timeline].reverse().find((entry) => entry.action === 'deal.returned' || (entry.action === 'task.decided' && (entry.after as { decision?: string } | null)?.decision === 'RETURN'));
  const after = (returned?.after ?? {}) as { comment?: string | null };
  return after.comment ?? null;
}

function Money({ fen }: { fen: number | null | undefined }) {
  return <>{typeof fen === 'number' ? formatMoney(fen) : '—'}</>;
}

export interface DealDetailProps {
  t: Messages;
  lang: Lang;
  me: WebMe;
  deal: DealDetail;
  deputies: Record<string, Directory['items']>;
  formErrors: FormErrors | null;
  maxBytes: number;
  keys: ActionKeys;
  today: string;
}

export function DealDetailPage({ t, lang, me, deal, deputies, formErrors, maxBytes, keys, today }: DealDetailProps) {
  const owner = isDealOwner(me, deal);
  const editable = owner && DEAL_EDITABLE.includes(deal.status);
  const closed = DEAL_CLOSED.includes(deal.status);
  const tto = hasRole(me, 'TTO_OFFICER');
  const finance = hasRole(me, 'FINANCE_OFFICER');
  const uploadKinds = tto ? ALL_UPLOADS : owner ? DEAL_OWNER_UPLOADS : finance ? (['PAYMENT_EVIDENCE'] as const) : [];
  const comment = deal.status === 'RETURNED' ? returnComment(deal) : null;
  const draft = deal.terms ?? {};
  const terms = (draft.terms ?? {}) as Record<string, unknown>;
  const openFor = new Set<string>();
  for (const task of deal.openTasks) {
    const anchor = elsewhereOf(t, deal, task.kind)?.href.split('#')[1];
    if (anchor) openFor.add(anchor);
  }
  const obligationLabel = new Map(deal.obligations.map((item) => [item.key, pick(lang, item.label)]));
  const periodLabel = new Map(deal.royaltyPeriods.map((period) => [period.key, `${t.deals.royalty} ${period.periodStart} – ${period.periodEnd}`]));
  const hasContract = deal.documents.some((doc) => doc.kind === 'CONTRACT_DRAFT' || doc.kind === 'SIGNED_CONTRACT');
  const stepName = (key: string) => dealStepLabel(t, lang, deal, key);
  const value = shownValueFen(deal);
  const valueText = value === null ? t.common.none : formatMoney(value);
  // The TTO may waive what is still owed on an obligation of a signed deal, beside the obligation.
  const waivable = (item: DealDetail['obligations'][number]) => tto && WAIVABLE_DEAL_STATUSES.includes(deal.status) && OUTSTANDING_OBLIGATION.includes(item.status);
  const waiveColumn = deal.obligations.some(waivable);
  // A refused waiver shows beside its obligation; one no longer owed (waived meanwhile) above the table.
  const waiveErrors = errorsFor(formErrors, ACTION_ANCHORS.waive);
  const waiveRefusedElsewhere = waiveErrors !== null && !deal.obligations.some((item) => waivable(item) && item.key === waiveErrors.values?.key);
  const withdrawErrors = errorsFor(formErrors, 'withdraw');
  const uploadErrors = errorsFor(formErrors, 'upload');
  return (
    <div class="deal-detail">
      <p class="breadcrumbs">
        <a href="/app/deals">{t.nav.deals}</a> › {deal.reference}
      </p>
      <div class="page-head">
        <div>
          <h1>
            {deal.title || deal.reference} <span class="muted">{deal.reference}</span>
          </h1>
          <p>
            <DealStatus t={t} status={deal.status} /> {modeLabel(lang, deal.mode)} · {pricingLabel(lang, deal.pricingMethod)} · <strong data-testid="deal-total">{valueText}</strong>
            {deal.currentStepKey && !closed && deal.status !== 'ACTIVE' ? ` · ${t.deals.currentStep}${stepName(deal.currentStepKey)}` : ''}
          </p>
        </div>
        <div class="page-actions">
          {editable ? (
            <a class="button primary" href={`/app/deals/${deal.id}/edit/basics`}>
              {deal.status === 'RETURNED' ? t.deals.revise : t.deals.continueDraft}
            </a>
          ) : null}
        </div>
      </div>

      {deal.status === 'RETURNED' ? (
        <div class="flash flash-info" role="status" data-testid="returned-banner">
          <strong>{t.deals.returnedTitle}</strong> {comment ? `“${comment}”` : ''} {owner ? <a href={`/app/deals/${deal.id}/edit/basics`}>{t.deals.revise}</a> : null}
        </div>
      ) : null}

      {deal.openTasks.length > 0 ? (
        <section aria-labelledby="open-steps">
          <h2 id="open-steps">{t.deals.openSteps}</h2>
          {deal.openTasks.map((task) => (
            <DealTaskCard t={t} lang={lang} me={me} task={task} deal={deal} deputies={deputies[task.id] ?? []} formErrors={formErrors} />
          ))}
        </section>
      ) : null}

      <DealActions t={t} lang={lang} me={me} deal={deal} formErrors={formErrors} keys={keys} today={today} openFor={openFor} />
      <PrepareSettlementForm t={t} me={me} deal={deal} today={today} formErrors={formErrors} />

      <section aria-labelledby="overview-heading">
        <h2 id="overview-heading">{t.deals.overview}</h2>
        <Facts
          items={[
            [t.deals.researcher, `${deal.leadResearcher.name}${deal.department ? `（${deal.department.name}）` : ''}`],
            [t.deals.counterparty, `${deal.counterparty.name ?? t.common.none}${deal.counterparty.unifiedSocialCreditCode ? ` · ${deal.counterparty.unifiedSocialCreditCode}` : ''}`],
            [t.deals.totalValue, valueText],
            [t.deals.approvalTier, deal.approvalTier?.label ? pick(lang, deal.approvalTier.label) : t.common.none],
            [t.deals.case, deal.case ? <a href={`/app/cases/${deal.case.id}`}>{deal.case.reference}</a> : t.common.none],
            [t.deals.createdBy, deal.createdBy.name],
            [t.deals.submittedAt, formatInstant(deal.submittedAt)],
            [t.deals.techContractRegNo, <span data-testid="tech-contract-no">{deal.techContractRegNo ?? t.common.none}</span>],
            [t.deals.signedOn, deal.signedOn ?? t.common.none],
            [t.deals.effectiveOn, deal.effectiveOn ?? t.common.none],
            [t.deals.expiresOn, deal.expiresOn ?? t.common.none],
            [t.deals.policy, `${deal.policyProfile.name} v${deal.policyProfile.version}`],
          ]}
        />
      </section>

      <section aria-labelledby="terms-heading">
        <h2 id="terms-heading">{t.deals.termsHeading}</h2>
        <TermsFacts t={t} lang={lang} mode={deal.mode} terms={terms} />
      </section>

      <div class="grid-2">
        <section aria-labelledby="assets-heading">
          <h2 id="assets-heading">{t.deals.assetsHeading}</h2>
          {deal.assets.length === 0 ? (
            <Empty>{t.common.none}</Empty>
          ) : (
            <ul>
              {deal.assets.map((asset) => (
                <li>
                  {t.labels.ipKind[asset.kind] ?? asset.kind} 《{asset.title}》{asset.number ? ` ${asset.number}` : ''} · {t.deals.allocation} {formatShare(asset.allocationBp)}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="team-heading">
          <h2 id="team-heading">{t.deals.teamHeading}</h2>
          {deal.team.length === 0 ? (
            <Empty>{t.common.none}</Empty>
          ) : (
            <ul>
              {deal.team.map((member) => (
                <li>
                  {member.name} · {t.deals.share} {formatShare(member.contributionShareBp)}
                  {member.mainContributor ? ` · ${t.deals.mainContributor}` : ''}
                  {member.counterpartyInterest ? (
                    <>
                      {' '}
                      <Badge tone="warning">
                        {t.deals.interest}：{member.counterpartyInterest}
                      </Badge>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      {deal.exchangeResult ? (
        <section aria-labelledby="exchange-heading">
          <h2 id="exchange-heading">{t.deals.exchangeHeading}</h2>
          <Facts
            items={[
              [t.deals.venue, deal.exchangeResult.venue ?? t.common.none],
              [t.deals.listingReference, deal.exchangeResult.listingReference ?? t.common.none],
              [t.deals.concludedOn, deal.exchangeResult.concludedOn ?? t.common.none],
              [t.deals.finalPrice, <Money fen={deal.exchangeResult.finalPriceFen} />],
              [t.deals.winningParty, deal.exchangeResult.winningParty ?? t.common.none],
            ]}
          />
        </section>
      ) : null}

      {hasContract ? (
        <section aria-labelledby="contract-heading">
          <h2 id="contract-heading">{t.deals.contractHeading}</h2>
          <p>
            <a class="button" href={`/app/deals/${deal.id}/contract`} data-testid="contract-link">
              {deal.documents.some((doc) => doc.kind === 'SIGNED_CONTRACT') && deal.signedOn ? t.deals.downloadSigned : t.deals.downloadContract}
            </a>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="obligations-heading">
        <h2 id="obligations-heading">{t.deals.obligationsHeading}</h2>
        {waiveRefusedElsewhere ? <FormMessage errors={waiveErrors} /> : null}
        <DataTable
          label={t.deals.obligationsHeading}
          testId="obligations"
          columns={[
            { label: t.deals.obligation },
            { label: t.deals.amount, num: true },
            { label: t.deals.dueOn },
            { label: t.deals.paid, num: true },
            { label: t.deals.status },
            ...(waiveColumn ? [{ label: t.deals.actionsHeading }] : []),
          ]}
          rows={deal.obligations}
          empty={t.deals.noObligations}
          row={(item, index) => (
            <tr class={item.status === 'OVERDUE' ? 'overdue' : ''}>
              <td>
                {pick(lang, item.label)}
                <div class="muted">{t.labels.obligationKind[item.kind] ?? item.kind}</div>
              </td>
              <td class="num">{formatMoney(item.amountFen)}</td>
              <td>{item.dueOn ?? t.common.none}</td>
              <td class="num">{item.paidFen ? formatMoney(item.paidFen) : t.common.none}</td>
              <td>
                <Badge tone={item.status === 'PAID' ? 'success' : item.status === 'OVERDUE' ? 'danger' : 'neutral'}>{t.labels.obligationStatus[item.status] ?? item.status}</Badge>
                {item.waiver ? (
                  <div class="muted" data-testid="waiver">
                    {t.deals.waived(formatMoney(item.waiver.waivedFen), item.waiver.waivedOn ?? t.common.none)}
                    {t.common.colon}
                    {item.waiver.reason}
                  </div>
                ) : null}
              </td>
              {waiveColumn ? <td>{waivable(item) ? <WaiveObligationForm t={t} deal={deal} item={item} index={index} formErrors={formErrors} /> : null}</td> : null}
            </tr>
          )}
        />
      </section>

      {deal.royaltyPeriods.length > 0 || deal.mode === 'LICENCE' ? (
        <section aria-labelledby="royalties-heading">
          <h2 id="royalties-heading">{t.deals.royaltiesHeading}</h2>
          <DataTable
            label={t.deals.royaltiesHeading}
            testId="royalty-periods"
            columns={[{ label: t.deals.period }, { label: t.deals.reportDue }, { label: t.deals.netSales, num: true }, { label: t.deals.royalty, num: true }, { label: t.deals.status }]}
            rows={deal.royaltyPeriods}
            empty={t.deals.noRoyalties}
            row={(period) => (
              <tr class={period.status === 'OVERDUE' ? 'overdue' : ''}>
                <td>
                  {period.periodStart} – {period.periodEnd}
                </td>
                <td>{period.reportDueOn}</td>
                <td class="num">
                  <Money fen={period.netSalesFen} />
                </td>
                <td class="num">
                  <Money fen={period.royaltyFen} />
                </td>
                <td>{t.labels.royaltyStatus[period.status] ?? period.status}</td>
              </tr>
            )}
          />
        </section>
      ) : null}

      <section aria-labelledby="payments-heading">
        <h2 id="payments-heading">{t.deals.paymentsHeading}</h2>
        <DataTable
          label={t.deals.paymentsHeading}
          testId="payments"
          columns={[{ label: t.deals.receivedOn }, { label: t.deals.incomeKind }, { label: t.deals.settles }, { label: t.deals.amount, num: true }, { label: t.deals.evidence }, { label: t.nav.settlements }]}
          rows={deal.incomeEvents}
          empty={t.deals.noPayments}
          row={(income) => {
            const evidence = income.evidenceDocumentId ? deal.documents.find((doc) => doc.id === income.evidenceDocumentId) : undefined;
            return (
              <tr>
                <td>{income.receivedOn}</td>
                <td>{t.labels.incomeKind[income.kind] ?? income.kind}</td>
                <td>{(income.obligationKey && obligationLabel.get(income.obligationKey)) || (income.royaltyPeriodKey && periodLabel.get(income.royaltyPeriodKey)) || t.common.none}</td>
                <td class="num">{formatMoney(income.amountFen)}</td>
                <td>{evidence ? <a href={`/app/documents/${evidence.id}`}>{evidence.fileName}</a> : t.common.none}</td>
                <td>{income.settled ? t.deals.settled : t.deals.notSettled}</td>
              </tr>
            );
          }}
        />
      </section>

      {deal.amendments.length > 0 ? (
        <section aria-labelledby="amendments-heading">
          <h2 id="amendments-heading">{t.deals.amendmentsHeading}</h2>
          <DataTable
            label={t.deals.amendmentsHeading}
            testId="amendments"
            columns={[{ label: t.deals.requestedAt }, { label: t.deals.requestedBy }, { label: t.deals.reason }, { label: t.deals.totalValue, num: true }, { label: t.deals.status }]}
            rows={deal.amendments}
            row={(amendment) => (
              <tr>
                <td>{formatInstant(amendment.requestedAt)}</td>
                <td>{amendment.requestedBy.name}</td>
                <td>{amendment.reason}</td>
                <td class="num">{formatMoney(amendment.totalValueFen)}</td>
                <td>{t.labels.amendmentStatus[amendment.status] ?? amendment.status}</td>
              </tr>
            )}
          />
        </section>
      ) : null}

      <section aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t.documents.title}</h2>
        <DocumentList t={t} lang={lang} documents={deal.documents} />
        {uploadKinds.length > 0 && deal.status !== 'WITHDRAWN' && deal.status !== 'REJECTED' ? (
          <UploadForm
            t={t}
            caseId={deal.id}
            action={`/app/deals/${deal.id}/documents`}
            kinds={uploadKinds}
            maxBytes={maxBytes}
            back={`/app/deals/${deal.id}`}
            error={uploadErrors?.fields.file ?? uploadErrors?.message}
          />
        ) : null}
      </section>

      <NoticesSection t={t} notices={deal.notices} />

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t.detail.history}</h2>
        <Timeline t={t} lang={lang} entries={deal.timeline} words={{ step: stepName, status: (status) => t.labels.dealStatus[status] ?? null, money: formatMoney }} />
      </section>

      {owner && WITHDRAWABLE.includes(deal.status) ? (
        <section aria-labelledby="withdraw-heading">
          <details open={withdrawErrors !== null} class="danger-zone">
            <summary id="withdraw-heading">{t.deals.withdraw}</summary>
            <form method="post" action={`/app/deals/${deal.id}/withdraw`}>
              <FormMessage errors={withdrawErrors} />
              <TextArea name="reason" id="withdraw-reason" label={t.deals.withdrawReason} value={withdrawErrors?.values?.reason} error={withdrawErrors?.fields.reason} required rows={2} maxlength={2000} />
              <button type="submit" class="button danger">
                {t.deals.withdrawButton}
              </button>
            </form>
          </details>
        </section>
      ) : null}
    </div>
  );
}
