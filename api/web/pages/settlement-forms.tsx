// What the tech-transfer office and finance do on a settlement through the pages, one form each,
// shown by the settlement's status and the person's roles as api/routes/settlements.ts allows
// them (the API stays the authority): open a settlement from a deal (TTO), prepare its plan —
// the income taken in and the deductions with their evidence — save, submit for finance review,
// cancel (TTO, before approval); record the payout (finance, APPROVED; an idempotency key drawn
// with the form and kept when it comes back refused); reverse it (finance or TTO, APPROVED/PAID).
// Inputs are named as the API names the fields (`deductions[0].amountFen`), so its 400 issues and
// the plan's problems appear beside them.
import { DEDUCTIBLE_COST_KINDS } from '../../../domain/policy';
import { INCOME_CLASSES } from '../../../domain/settlement';
import { Checkboxes, FieldError, SelectField, TextArea, TextField } from '../components/field';
import { yuanOf } from '../deal-form';
import { formatMoney } from '../format';
import type { Messages } from '../i18n';
import { hasRole, type WebMe } from '../session';
import type { DealDetail, Doc, SettlementDetail } from '../views';
import { errorsFor, FormMessage, type FormErrors } from './task-card';

export const SETTLEMENT_FORMS = { prepare: 'prepare-settlement', draft: 'settlement-draft', cancel: 'settlement-cancel', payout: 'settlement-payout', reverse: 'settlement-reverse' } as const;
/** Deal statuses a settlement may be opened for (POST /settlements answers 409 otherwise). */
export const SETTLEABLE_DEAL_STATUSES = ['ACTIVE', 'EXPIRED', 'TERMINATED', 'COMPLETED'];
const CANCELLABLE = ['PREPARING', 'FINANCE_REVIEW', 'PUBLICITY', 'OBJECTION_REVIEW', 'LEADERSHIP_APPROVAL'];
/** Separator of the several values of one field (checkboxes) kept in a refused form's values. */
export const MULTI = '\u001f';

export interface DraftDeduction {
  id: string;
  kind: string;
  incomeClass: string;
  amountFen: number | string;
  evidenceDocumentIds: string[];
  note: string | null;
}

export interface SettlementDraftView {
  incomeEventIds?: string[];
  deductions?: DraftDeduction[];
}

export interface IncomeChoice {
  id: string;
  kind: string;
  amountFen: number;
  receivedOn: string;
  note: string | null;
}

/** On a deal's page: open a settlement of the deal's unsettled income for a period (TTO). */
export function PrepareSettlementForm({ t, me, deal, today, formErrors }: { t: Messages; me: WebMe; deal: DealDetail; today: string; formErrors: FormErrors | null }) {
  if (!hasRole(me, 'TTO_OFFICER') || !SETTLEABLE_DEAL_STATUSES.includes(deal.status) || !deal.incomeEvents.some((income) => !income.settled)) return null;
  const form = SETTLEMENT_FORMS.prepare;
  const errors = errorsFor(formErrors, form);
  const year = today.slice(0, 4);
  return (
    <details class="action-card" id={form} open={errors !== null} data-testid={`action-${form}`}>
      <summary>{t.settlementForms.prepare}</summary>
      <form method="post" action={`/app/deals/${deal.id}/settlements`} novalidate>
        <FormMessage errors={errors} />
        <p class="hint">{t.settlementForms.prepareHint}</p>
        <div class="grid-2">
          <TextField name="period.from" id={`${form}-from`} type="date" label={t.settlementForms.periodFrom} value={errors?.values?.['period.from'] ?? `${year}-01-01`} error={errors?.fields['period.from']} required />
          <TextField name="period.to" id={`${form}-to`} type="date" label={t.settlementForms.periodTo} value={errors?.values?.['period.to'] ?? `${year}-12-31`} error={errors?.fields['period.to'] ?? errors?.fields.period} required />
        </div>
        <button type="submit" class="button primary">
          {t.settlementForms.prepare}
        </button>
      </form>
    </details>
  );
}

interface ActionsProps {
  t: Messages;
  me: WebMe;
  settlement: SettlementDetail & { draft?: unknown };
  formErrors: FormErrors | null;
  /** Income the plan may take: the deal's unsettled income and what the settlement holds. */
  incomeChoices: IncomeChoice[];
  /** Documents of the deal and the settlement, to name as a deduction's evidence. */
  documents: Doc[];
  paymentKey: string;
  today: string;
}

/** The forms on a settlement's page, by its status and the person's roles. */
export function SettlementActions(props: ActionsProps) {
  const { t, me, settlement: s } = props;
  if (s.viewer !== 'STAFF') return null;
  const tto = hasRole(me, 'TTO_OFFICER');
  const finance = hasRole(me, 'FINANCE_OFFICER');
  const forms = [];
  if (tto && s.status === 'PREPARING') forms.push(<DraftForm {...props} />);
  if (tto && CANCELLABLE.includes(s.status)) forms.push(<ReasonForm {...props} form={SETTLEMENT_FORMS.cancel} title={t.settlementForms.cancel} hint={t.settlementForms.cancelHint} />);
  if (finance && s.status === 'APPROVED') forms.push(<PayoutForm {...props} />);
  if ((finance || tto) && (s.status === 'APPROVED' || s.status === 'PAID')) forms.push(<ReasonForm {...props} form={SETTLEMENT_FORMS.reverse} title={t.settlementForms.reverse} hint={t.settlementForms.reverseHint} />);
  if (forms.length === 0) return null;
  return (
    <section aria-labelledby="settlement-actions-heading" data-testid="settlement-actions">
      <h2 id="settlement-actions-heading">{t.settlementForms.title}</h2>
      {forms}
    </section>
  );
}

function DraftForm({ t, settlement: s, formErrors, incomeChoices, documents }: ActionsProps) {
  const form = SETTLEMENT_FORMS.draft;
  const errors = errorsFor(formErrors, form);
  const draft = (s.draft ?? {}) as SettlementDraftView;
  const values = errors?.values;
  // The plan's problems (kept with the draft) beside their fields, unless the form just came back refused.
  const problems: Record<string, string> = {};
  for (const issue of s.problems?.issues ?? []) if (!(issue.path in problems)) problems[issue.path] = issue.message;
  const fieldError = (name: string) => (errors ? errors.fields[name] : problems[name]);
  const multi = (name: string, fallback: string[]) => (values && name in values ? (values[name] ?? '').split(MULTI).filter(Boolean) : fallback);
  const rows: DraftDeduction[] = values
    ? Array.from({ length: Number(values.rows ?? 0) || 0 }, (_, i) => ({
        id: values[`deductions[${i}].id`] ?? '',
        kind: values[`deductions[${i}].kind`] ?? '',
        incomeClass: values[`deductions[${i}].incomeClass`] ?? '',
        amountFen: values[`deductions[${i}].amountFen`] ?? '',
        evidenceDocumentIds: multi(`deductions[${i}].evidenceDocumentIds`, []),
        note: values[`deductions[${i}].note`] ?? '',
      }))
    : [...(draft.deductions ?? []), { id: '', kind: '', incomeClass: 'LICENCE_TRANSFER', amountFen: '', evidenceDocumentIds: [], note: '' }];
  const chosen = multi('incomeEventIds', draft.incomeEventIds ?? s.income.map((income) => income.id));
  const unlisted = Object.entries(problems).filter(([path]) => !/^deductions\[\d+\]\.|^incomeEventIds/.test(path));
  return (
    <details class="action-card" id={form} open data-testid={`action-${form}`}>
      <summary>{t.settlementForms.draft}</summary>
      <form method="post" action={`/app/settlements/${s.id}/draft`} novalidate data-testid="settlement-draft-form">
        <FormMessage errors={errors} />
        <input type="hidden" name="expectedVersion" value={String(s.version)} />
        <input type="hidden" name="rows" value={String(rows.length)} />
        <Checkboxes
          name="incomeEventIds"
          id={`${form}-income`}
          label={t.settlementForms.incomeEvents}
          hint={t.settlementForms.incomeHint}
          values={chosen}
          error={fieldError('incomeEventIds')}
          options={incomeChoices.map((income) => ({
            value: income.id,
            label: `${income.receivedOn} · ${t.labels.incomeKind[income.kind] ?? income.kind} · ${formatMoney(income.amountFen)}${income.note ? ` · ${income.note}` : ''}`,
          }))}
        />
        <h3>{t.settlementForms.deductions}</h3>
        <p class="hint">{t.settlementForms.deductionsHint}</p>
        {rows.map((row, i) => {
          const name = (field: string) => `deductions[${i}].${field}`;
          const id = (field: string) => `${form}-d${i}-${field}`;
          return (
            <fieldset class="card" data-testid={`deduction-${i}`}>
              <legend>{row.id ? t.settlementForms.deductionN(i + 1) : t.settlementForms.newDeduction}</legend>
              <input type="hidden" name={name('id')} value={row.id} />
              <FieldError name={`deductions[${i}]`} id={id('row')} error={fieldError(`deductions[${i}]`) ?? fieldError(`deductions[${i}].id`)} />
              <div class="grid-3">
                <SelectField
                  name={name('kind')}
                  id={id('kind')}
                  label={t.settlementForms.deductionKind}
                  value={row.kind}
                  placeholder={row.id ? undefined : t.settlementForms.choose}
                  error={fieldError(name('kind'))}
                  options={DEDUCTIBLE_COST_KINDS.map((kind) => ({ value: kind, label: t.settlementForms.costKind[kind] }))}
                />
                <SelectField
                  name={name('incomeClass')}
                  id={id('incomeClass')}
                  label={t.settlementForms.incomeClass}
                  value={row.incomeClass}
                  error={fieldError(name('incomeClass'))}
                  options={INCOME_CLASSES.map((value) => ({ value, label: t.labels.incomeClass[value] ?? value }))}
                />
                <TextField name={name('amountFen')} id={id('amountFen')} label={t.settlementForms.amountYuan} hint={t.settlementForms.amountHint} value={typeof row.amountFen === 'number' ? yuanOf(row.amountFen) : row.amountFen} error={fieldError(name('amountFen'))} inputmode="decimal" />
              </div>
              <TextArea name={name('note')} id={id('note')} label={t.settlementForms.deductionNote} value={row.note} error={fieldError(name('note'))} rows={2} maxlength={2000} />
              {documents.length > 0 ? (
                <Checkboxes
                  name={name('evidenceDocumentIds')}
                  id={id('evidence')}
                  label={t.settlementForms.evidence}
                  values={row.evidenceDocumentIds}
                  error={fieldError(name('evidenceDocumentIds'))}
                  options={documents.map((doc) => ({ value: doc.id, label: `${doc.fileName} · ${t.labels.docKind[doc.kind] ?? doc.kind}` }))}
                />
              ) : (
                <FieldError name={name('evidenceDocumentIds')} id={id('evidence')} error={fieldError(name('evidenceDocumentIds'))} />
              )}
            </fieldset>
          );
        })}
        {unlisted.length > 0 && !errors ? (
          <ul class="field-error" data-testid="draft-problems">
            {unlisted.map(([path, message]) => (
              <li>{`${path}: ${message}`}</li>
            ))}
          </ul>
        ) : null}
        <div class="actions">
          <button type="submit" name="_action" value="save" class="button">
            {t.settlementForms.save}
          </button>{' '}
          <button type="submit" name="_action" value="submit" class="button primary">
            {t.settlementForms.submit}
          </button>
        </div>
        <p class="hint">{t.settlementForms.submitHint}</p>
      </form>
    </details>
  );
}

function PayoutForm({ t, settlement: s, formErrors, paymentKey, today }: ActionsProps) {
  const form = SETTLEMENT_FORMS.payout;
  const errors = errorsFor(formErrors, form);
  const unpaid = s.lines.filter((line) => line.unit === 'FEN' && !line.paidOn).reduce((sum, line) => sum + line.amount, 0);
  return (
    <details class="action-card" id={form} open data-testid={`action-${form}`}>
      <summary>{t.settlementForms.payout}</summary>
      <form method="post" action={`/app/settlements/${s.id}/payout`} novalidate>
        <FormMessage errors={errors} />
        <p class="hint">{t.settlementForms.payoutHint(formatMoney(unpaid))}</p>
        <input type="hidden" name="paymentKey" value={errors?.values?.paymentKey ?? paymentKey} data-testid="payout-key" />
        <div class="grid-2">
          <TextField name="paymentRef" id={`${form}-paymentRef`} label={t.settlementForms.paymentRef} value={errors?.values?.paymentRef} error={errors?.fields.paymentRef} required maxlength={200} />
          <TextField name="paidOn" id={`${form}-paidOn`} type="date" label={t.settlementForms.paidOn} value={errors?.values?.paidOn ?? today} error={errors?.fields.paidOn} required />
        </div>
        <FieldError name="idempotency-key" id={`${form}-key`} error={errors?.fields['idempotency-key'] ?? errors?.fields.lineIds} />
        <button type="submit" class="button primary">
          {t.settlementForms.recordPayout}
        </button>
      </form>
    </details>
  );
}

function ReasonForm({ t, settlement: s, formErrors, form, title, hint }: ActionsProps & { form: string; title: string; hint: string }) {
  const errors = errorsFor(formErrors, form);
  const action = form === SETTLEMENT_FORMS.cancel ? 'cancel' : 'reverse';
  return (
    <details class="action-card" id={form} open={errors !== null} data-testid={`action-${form}`}>
      <summary>{title}</summary>
      <form method="post" action={`/app/settlements/${s.id}/${action}`} novalidate>
        <FormMessage errors={errors} />
        <p class="hint">{hint}</p>
        <TextArea name="reason" id={`${form}-reason`} label={t.settlementForms.reason} value={errors?.values?.reason} error={errors?.fields.reason} required rows={3} maxlength={2000} />
        <button type="submit" class={action === 'reverse' ? 'button danger' : 'button'}>
          {title}
        </button>
      </form>
    </details>
  );
}
