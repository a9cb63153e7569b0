// What the tech-transfer office (and finance, for payments) does on an approved deal, one form
// each, shown by the deal's status and the person's roles as the role matrix in
// api/routes/deals.ts has them: the exchange result, the signed contract, the technology
// contract registration, a milestone reached, a payment, a royalty report, an amendment,
// termination (or closing a deal that still has something outstanding) — and, beside each
// obligation still owed, its waiver. A terminated deal keeps what had fallen due by then owed:
// payments, royalty reports and waivers are taken until nothing is outstanding. Amounts are
// typed in yuan; a payment form carries an idempotency key made when the form is drawn, so
// sending it twice books it once.
import { SelectField, TextArea, TextField, type Option } from '../components/field';
import { yuanOf } from '../deal-form';
import { formatMoney } from '../format';
import type { Messages } from '../i18n';
import { pick, type Lang } from '../i18n/lang';
import { hasRole, type WebMe } from '../session';
import type { DealDetail, DealObligation, Doc } from '../views';
import { TermsFields } from './deal-wizard';
import { errorsFor, FormMessage, type FormErrors } from './task-card';

/** The anchor of each action's form on the deal page. */
export const ACTION_ANCHORS = {
  exchange: 'exchange-result',
  signed: 'signed-contract',
  registration: 'registration',
  milestone: 'milestone',
  payment: 'payment',
  royalty: 'royalty-report',
  amendment: 'amendment',
  terminate: 'terminate',
  waive: 'waive',
} as const;

/** An obligation something is still owed on (and so may be paid or waived). */
export const OUTSTANDING_OBLIGATION = ['PENDING', 'INVOICED', 'OVERDUE'];
/** Where obligations are waived (the API's and the workflow's rule). */
export const WAIVABLE_DEAL_STATUSES = ['ACTIVE', 'EXPIRED', 'TERMINATED'];

/**
 * Whether the deal still has something owed or expected: an obligation, a royalty report, or a
 * reported royalty not yet paid in full. A terminated deal takes payments, reports and its
 * closing only while it does; after that its process has finished.
 */
export function hasOutstanding(deal: Pick<DealDetail, 'obligations' | 'royaltyPeriods' | 'incomeEvents'>): boolean {
  if (deal.obligations.some((item) => OUTSTANDING_OBLIGATION.includes(item.status))) return true;
  return deal.royaltyPeriods.some((period) => {
    if (period.status === 'DUE' || period.status === 'OVERDUE') return true;
    if (period.status !== 'REPORTED' || period.royaltyFen === null) return false;
    const paid = deal.incomeEvents.filter((income) => income.royaltyPeriodKey === period.key).reduce((sum, income) => sum + income.amountFen, 0);
    return paid < period.royaltyFen;
  });
}

/** The small waiver form beside an obligation still owed (TTO): a reason, then WAIVED. */
export function WaiveObligationForm({ t, deal, item, index, formErrors }: { t: Messages; deal: Pick<DealDetail, 'id'>; item: DealObligation; index: number; formErrors: FormErrors | null }) {
  const refused = errorsFor(formErrors, ACTION_ANCHORS.waive);
  const errors = refused?.values?.key === item.key ? refused : null;
  return (
    <details class="waive-form" open={errors !== null} data-testid={`waive-${item.key}`}>
      <summary>{t.deals.waive}</summary>
      <form method="post" action={`/app/deals/${deal.id}/actions/waive`} novalidate>
        <FormMessage errors={errors} />
        <input type="hidden" name="key" value={item.key} />
        <TextArea name="reason" id={`${ACTION_ANCHORS.waive}-${index}-reason`} label={t.deals.waiveReason} hint={t.deals.waiveHint} value={errors?.values?.reason} error={errors?.fields.reason} required rows={2} maxlength={2000} />
        <button type="submit" class="button danger">
          {t.deals.waiveButton}
        </button>
      </form>
    </details>
  );
}

export interface ActionKeys {
  /** An idempotency key per drawn payment form (kept when the form comes back refused). */
  paymentKey: string;
  /** An idempotency key for the uploads a form sends with it. */
  uploadKey: string;
}

function ActionCard({
  id,
  title,
  action,
  errors,
  open,
  multipart,
  children,
}: {
  id: string;
  title: string;
  action: string;
  errors: FormErrors | null;
  open: boolean;
  multipart?: boolean;
  children: unknown;
}) {
  return (
    <details class="action-card" id={id} open={open || errors !== null} data-testid={`action-${id}`}>
      <summary>{title}</summary>
      <form method="post" action={action} novalidate enctype={multipart ? 'multipart/form-data' : undefined}>
        <FormMessage errors={errors} />
        {children}
      </form>
    </details>
  );
}

/** A document of the deal of `kind` to pick, or a new file to upload with the form. */
function DocumentChoice({
  t,
  prefix,
  name,
  label,
  kind,
  documents,
  errors,
  required,
}: {
  t: Messages;
  prefix: string;
  name: string;
  label: string;
  kind: string;
  documents: Doc[];
  errors: FormErrors | null;
  required?: boolean;
}) {
  const existing = documents.filter((doc) => doc.kind === kind);
  const fileId = `${prefix}-file`;
  const error = errors?.fields[name] ?? errors?.fields.file;
  return (
    <div class="grid-2">
      {existing.length > 0 ? (
        <SelectField
          name={name}
          id={`${prefix}-${name}`}
          label={`${label} · ${t.deals.existingDocument}`}
          value={errors?.values?.[name]}
          options={[{ value: '', label: t.deals.noneSelected }, ...existing.map((doc) => ({ value: doc.id, label: doc.fileName }))]}
        />
      ) : null}
      <div class={error ? 'field has-error' : 'field'} data-field="file">
        <label for={fileId}>
          {existing.length > 0 ? t.deals.newFile : label}
          {required && existing.length === 0 ? <span class="req" aria-hidden="true"> *</span> : null}
        </label>
        <input type="file" id={fileId} name="file" accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx" aria-describedby={`${fileId}-error`} aria-invalid={error ? 'true' : undefined} />
        <p class="field-error" id={`${fileId}-error`} data-error-for="file" aria-live="polite">
          {error ?? ''}
        </p>
      </div>
    </div>
  );
}

export function DealActions({ t, lang, me, deal, formErrors, keys, today, openFor }: { t: Messages; lang: Lang; me: WebMe; deal: DealDetail; formErrors: FormErrors | null; keys: ActionKeys; today: string; openFor: ReadonlySet<string> }) {
  const tto = hasRole(me, 'TTO_OFFICER');
  const finance = hasRole(me, 'FINANCE_OFFICER');
  const base = `/app/deals/${deal.id}/actions`;
  const fe = (form: string) => errorsFor(formErrors, form);
  const value = (form: string, name: string) => fe(form)?.values?.[name];
  const field = (form: string, name: string) => fe(form)?.fields[name];
  const id = (form: string, name: string) => `${form}-${name}`;
  const forms = [];
  const status = deal.status;
  // An expired or terminated deal takes payments, reports and its closing only while something
  // is still owed (its process ends once nothing is); a completed one takes nothing more.
  const tracked = status === 'ACTIVE' || ((status === 'EXPIRED' || status === 'TERMINATED') && hasOutstanding(deal));
  const hidden = (
    <>
      <input type="hidden" name="expectedVersion" value={String(deal.version)} />
      <input type="hidden" name="uploadKey" value={keys.uploadKey} />
    </>
  );

  if (tto && status === 'EXCHANGE' && deal.pricingMethod !== 'AGREED') {
    const form = ACTION_ANCHORS.exchange;
    forms.push(
      <ActionCard id={form} title={t.deals.exchangeForm} action={`${base}/exchange-result`} errors={fe(form)} open multipart>
        {hidden}
        <div class="grid-2">
          <TextField name="venue" id={id(form, 'venue')} label={t.deals.venue} value={value(form, 'venue')} error={field(form, 'venue')} required maxlength={200} />
          <TextField name="listingReference" id={id(form, 'listingReference')} label={t.deals.listingReference} value={value(form, 'listingReference')} error={field(form, 'listingReference')} required maxlength={100} />
        </div>
        <div class="grid-3">
          <TextField name="concludedOn" id={id(form, 'concludedOn')} type="date" label={t.deals.concludedOn} value={value(form, 'concludedOn') ?? today} max={today} error={field(form, 'concludedOn')} required />
          <TextField name="finalPriceFen" id={id(form, 'finalPriceFen')} label={t.deals.finalPriceYuan} hint={t.deals.amountHint} value={value(form, 'finalPriceFen') ?? yuanOf(deal.totalValueFen)} error={field(form, 'finalPriceFen')} inputmode="decimal" required />
          <TextField name="winningParty" id={id(form, 'winningParty')} label={t.deals.winningParty} value={value(form, 'winningParty') ?? deal.counterparty.name ?? ''} error={field(form, 'winningParty')} required maxlength={200} />
        </div>
        <DocumentChoice t={t} prefix={form} name="documentId" label={t.deals.exchangeRecord} kind="EXCHANGE_RECORD" documents={deal.documents} errors={fe(form)} />
        <button type="submit" class="button primary">
          {t.deals.record}
        </button>
      </ActionCard>,
    );
  }

  if (tto && status === 'CONTRACT') {
    const form = ACTION_ANCHORS.signed;
    const draft = [...deal.documents].reverse().find((doc) => doc.kind === 'CONTRACT_DRAFT');
    forms.push(
      <ActionCard id={form} title={t.deals.signedForm} action={`${base}/signed-contract`} errors={fe(form)} open multipart>
        {hidden}
        <p class="hint">{t.deals.signedIntro}</p>
        <p data-testid="contract-draft">
          {draft ? (
            <a href={`/app/deals/${deal.id}/contract`}>
              {t.deals.downloadContract} ({draft.fileName})
            </a>
          ) : (
            <span class="muted">{t.deals.contractPending}</span>
          )}
        </p>
        <TextField name="signedOn" id={id(form, 'signedOn')} type="date" label={t.deals.signedOn} value={value(form, 'signedOn') ?? today} max={today} error={field(form, 'signedOn')} required />
        <DocumentChoice t={t} prefix={form} name="documentId" label={t.deals.signedFile} kind="SIGNED_CONTRACT" documents={deal.documents} errors={fe(form)} required />
        <button type="submit" class="button primary">
          {t.deals.record}
        </button>
      </ActionCard>,
    );
  }

  // The number can be corrected while the deal runs, and is still taken once it has run its
  // course (its process waits for it: the rewards' tax treatment needs it).
  const registrable = ['CONTRACT', 'ACTIVE'].includes(status) || (['EXPIRED', 'TERMINATED', 'COMPLETED'].includes(status) && (tracked || deal.techContractRegNo === null));
  if (tto && registrable) {
    const form = ACTION_ANCHORS.registration;
    forms.push(
      <ActionCard id={form} title={t.deals.registrationForm} action={`${base}/tech-contract-registration`} errors={fe(form)} open={openFor.has(form)}>
        <div class="grid-2">
          <TextField name="number" id={id(form, 'number')} label={t.deals.registrationNumber} value={value(form, 'number') ?? deal.techContractRegNo ?? ''} error={field(form, 'number')} required maxlength={40} autocomplete="off" />
          <TextField name="registeredOn" id={id(form, 'registeredOn')} type="date" label={t.deals.registeredOn} value={value(form, 'registeredOn') ?? today} max={today} error={field(form, 'registeredOn')} required />
        </div>
        <button type="submit" class="button">
          {t.deals.record}
        </button>
      </ActionCard>,
    );
  }

  const milestones = deal.obligations.filter((item) => item.kind === 'MILESTONE' && item.eventOn === null && !['CANCELLED', 'WAIVED', 'PAID'].includes(item.status));
  if (tto && status === 'ACTIVE' && milestones.length > 0) {
    const form = ACTION_ANCHORS.milestone;
    forms.push(
      <ActionCard id={form} title={t.deals.milestoneForm} action={`${base}/milestone`} errors={fe(form)} open={openFor.has(form)}>
        <div class="grid-2">
          <SelectField
            name="key"
            id={id(form, 'key')}
            label={t.deals.milestone}
            value={value(form, 'key')}
            options={milestones.map((item) => ({ value: item.key, label: `${pick(lang, item.label)} · ${formatMoney(item.amountFen)}` }))}
            error={field(form, 'key')}
            required
          />
          <TextField name="eventOn" id={id(form, 'eventOn')} type="date" label={t.deals.eventOn} value={value(form, 'eventOn') ?? today} max={today} error={field(form, 'eventOn')} required />
        </div>
        <button type="submit" class="button">
          {t.deals.record}
        </button>
      </ActionCard>,
    );
  }

  if ((tto || finance) && tracked) {
    const form = ACTION_ANCHORS.payment;
    const owed = deal.obligations.filter((item) => !['PAID', 'CANCELLED', 'WAIVED'].includes(item.status));
    const reported = deal.royaltyPeriods.filter((period) => period.status === 'REPORTED');
    const settles: Option[] = [
      ...owed.map((item) => ({ value: `obligation:${item.key}`, label: `${pick(lang, item.label)} · ${formatMoney(item.amountFen - (item.paidFen ?? 0))}` })),
      ...reported.map((period) => ({ value: `royalty:${period.key}`, label: `${t.deals.royalty} ${period.periodStart} – ${period.periodEnd}${period.royaltyFen !== null ? ` · ${formatMoney(period.royaltyFen)}` : ''}` })),
      { value: '', label: t.deals.otherIncome },
    ];
    const errors = fe(form);
    forms.push(
      <ActionCard id={form} title={t.deals.paymentForm} action={`${base}/payments`} errors={errors} open={openFor.has(form)} multipart>
        {hidden}
        <input type="hidden" name="paymentKey" value={errors?.values?.paymentKey ?? keys.paymentKey} data-testid="payment-key" />
        <SelectField name="settles" id={id(form, 'settles')} label={t.deals.settles} value={value(form, 'settles') ?? settles[0]?.value} options={settles} error={field(form, 'settles')} />
        <div class="grid-2">
          <TextField name="amountFen" id={id(form, 'amountFen')} label={t.deals.amountYuan} hint={t.deals.amountHint} value={value(form, 'amountFen')} error={field(form, 'amountFen')} inputmode="decimal" required />
          <TextField name="receivedOn" id={id(form, 'receivedOn')} type="date" label={t.deals.receivedOn} value={value(form, 'receivedOn') ?? today} error={field(form, 'receivedOn')} required />
        </div>
        <DocumentChoice t={t} prefix={form} name="evidenceDocumentId" label={t.deals.evidence} kind="PAYMENT_EVIDENCE" documents={deal.documents} errors={errors} />
        <button type="submit" class="button primary">
          {t.deals.record}
        </button>
      </ActionCard>,
    );
  }

  const periods = deal.royaltyPeriods.filter((period) => period.status === 'DUE' || period.status === 'OVERDUE');
  if (tto && tracked && periods.length > 0) {
    const form = ACTION_ANCHORS.royalty;
    forms.push(
      <ActionCard id={form} title={t.deals.royaltyForm} action={`${base}/royalty-reports`} errors={fe(form)} open={openFor.has(form)} multipart>
        {hidden}
        <div class="grid-2">
          <SelectField
            name="periodKey"
            id={id(form, 'periodKey')}
            label={t.deals.royaltyPeriod}
            value={value(form, 'periodKey')}
            options={periods.map((period) => ({ value: period.key, label: `${period.periodStart} – ${period.periodEnd}（${t.deals.reportDue} ${period.reportDueOn}）` }))}
            error={field(form, 'periodKey')}
            required
          />
          <TextField name="netSalesFen" id={id(form, 'netSalesFen')} label={t.deals.netSalesYuan} hint={t.deals.amountHint} value={value(form, 'netSalesFen')} error={field(form, 'netSalesFen')} inputmode="decimal" required />
        </div>
        <DocumentChoice t={t} prefix={form} name="documentId" label={t.deals.reportDoc} kind="ROYALTY_REPORT" documents={deal.documents} errors={fe(form)} required />
        <button type="submit" class="button">
          {t.deals.record}
        </button>
      </ActionCard>,
    );
  }

  if (tto && status === 'ACTIVE' && !deal.amendments.some((amendment) => amendment.status === 'PENDING')) {
    const form = ACTION_ANCHORS.amendment;
    const errors = fe(form);
    const terms = (deal.terms?.terms ?? {}) as Record<string, unknown>;
    forms.push(
      <ActionCard id={form} title={t.deals.amendmentForm} action={`${base}/amendments`} errors={errors} open={openFor.has(form)}>
        <p class="hint">{t.deals.amendmentIntro}</p>
        <TermsFields t={t} lang={lang} mode={deal.mode} terms={terms} errors={errors?.fields ?? {}} blankRows={1} />
        <TextArea name="reason" id={id(form, 'reason')} label={t.deals.reason} value={value(form, 'reason')} error={field(form, 'reason')} required rows={2} maxlength={2000} />
        <button type="submit" class="button">
          {t.deals.amendmentForm}
        </button>
      </ActionCard>,
    );
  }

  if (tto && tracked) {
    const form = ACTION_ANCHORS.terminate;
    // An active deal is terminated; an expired or terminated one with something outstanding is closed.
    const closing = status !== 'ACTIVE';
    const title = closing ? t.deals.closeForm : t.deals.terminateForm;
    forms.push(
      <ActionCard id={form} title={title} action={`${base}/terminate`} errors={fe(form)} open={openFor.has(form)}>
        <p class="hint">{closing ? t.deals.closeIntro : t.deals.terminateIntro}</p>
        <TextArea name="reason" id={id(form, 'reason')} label={t.deals.reason} value={value(form, 'reason')} error={field(form, 'reason')} required rows={2} maxlength={2000} />
        <TextField name="effectiveOn" id={id(form, 'effectiveOn')} type="date" label={t.deals.terminateOn} value={value(form, 'effectiveOn') ?? today} error={field(form, 'effectiveOn')} required />
        <button type="submit" class="button danger">
          {title}
        </button>
      </ActionCard>,
    );
  }

  if (forms.length === 0) return null;
  return (
    <section aria-labelledby="actions-heading" class="deal-actions" data-testid="deal-actions">
      <h2 id="actions-heading">{t.deals.actionsHeading}</h2>
      {forms}
    </section>
  );
}
