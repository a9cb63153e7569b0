// A case's retention clock (人事关系保留期): where it stands, and the requests the researcher
// may make on it (early return, extension, resignation, annual report, the choice at expiry)
// or the outcome HR records.
import { Badge, Facts } from '../components/bits';
import { RadioGroup, SelectField, TextArea, TextField } from '../components/field';
import { formatInstant } from '../format';
import type { Messages } from '../i18n';
import type { Lang } from '../i18n/lang';
import { hasRole, type WebMe } from '../session';
import type { Clock } from '../views';
import type { FormErrors } from './case-detail';

const OPEN = ['ACTIVE', 'AWAITING_CHOICE', 'OUTCOME_PENDING'];

export function clockTone(clock: Pick<Clock, 'daysLeft' | 'status'>): 'danger' | 'warning' | 'success' | 'neutral' {
  if (!OPEN.includes(clock.status)) return 'neutral';
  if (clock.daysLeft === null || clock.daysLeft <= 30) return 'danger';
  if (clock.daysLeft <= 180) return 'warning';
  return 'success';
}

export function DaysLeft({ t, clock }: { t: Messages; clock: Pick<Clock, 'daysLeft' | 'status'> }) {
  if (clock.daysLeft === null) return <span>{t.common.none}</span>;
  return <Badge tone={clockTone(clock)}>{clock.daysLeft < 0 ? t.clock.overdueBy(-clock.daysLeft) : t.clock.daysLeft(clock.daysLeft)}</Badge>;
}

export function ClockFacts({ t, clock }: { t: Messages; lang: Lang; clock: Clock }) {
  return (
    <Facts
      items={[
        [t.clock.status, <span data-testid="clock-status">{t.labels.clockStatus[clock.status] ?? clock.status}</span>],
        [t.clock.signingDate, clock.signingDate],
        [t.clock.expiryDate, clock.expiryDate],
        [t.clock.daysLeftLabel, <DaysLeft t={t} clock={clock} />],
        [t.clock.months, t.wizard.months(clock.months)],
        [t.clock.extensionsUsed, String(clock.extensionsUsed)],
        [t.clock.pending, clock.pendingRequest ? (t.labels.pendingRequest[clock.pendingRequest] ?? clock.pendingRequest) : t.common.none],
        [t.clock.nextReminder, clock.nextReminder ? t.clock.reminderOn(clock.nextReminder.sendOn, clock.nextReminder.offsetDays) : t.common.none],
        [t.clock.outcome, clock.outcome ? `${t.labels.clockStatus[clock.outcome.status] ?? clock.outcome.status} · ${clock.outcome.on}${clock.outcome.reason ? ` · ${clock.outcome.reason}` : ''}` : t.common.none],
        [
          t.clock.annualReports,
          clock.annualReports.length === 0
            ? t.common.none
            : clock.annualReports
                .map((report) => `${report.dueOn} ${report.submittedAt ? t.clock.reportSubmitted(formatInstant(report.submittedAt)) : report.overdue ? t.clock.reportOverdue : t.clock.reportDue}`)
                .join('；'),
        ],
      ]}
    />
  );
}

function ActionForm({ id, title, action, errors, children, open }: { id: string; title: string; action: string; errors: FormErrors | null; children: unknown; open?: boolean }) {
  return (
    <details class="action" open={open || errors?.form === id}>
      <summary>{title}</summary>
      <form method="post" action={action} novalidate>
        {errors?.form === id && errors.message ? (
          <p class="form-message" role="alert">
            {errors.message}
          </p>
        ) : null}
        {children}
      </form>
    </details>
  );
}

export function ClockActions({ t, me, clock, owner, formErrors }: { t: Messages; me: WebMe; clock: Clock; owner: boolean; formErrors: FormErrors | null }) {
  const base = `/app/cases/${clock.caseId}/clock`;
  const fe = (form: string) => (formErrors?.form === form ? formErrors : null);
  const field = (form: string, name: string) => fe(form)?.fields[name];
  const value = (form: string, name: string) => fe(form)?.values?.[name];
  const open = OPEN.includes(clock.status);
  const dueReports = clock.annualReports.filter((report) => !report.submittedAt);
  const forms = [];
  if (owner && clock.status === 'ACTIVE' && !clock.pendingRequest) {
    forms.push(
      <ActionForm id="clock-early-return" title={t.clock.earlyReturn} action={`${base}/early-return`} errors={formErrors}>
        <TextField name="returnOn" id="clock-early-return-returnOn" type="date" label={t.clock.returnOn} value={value('clock-early-return', 'returnOn')} error={field('clock-early-return', 'returnOn')} required />
        <TextArea name="reason" id="clock-early-return-reason" label={t.clock.reason} value={value('clock-early-return', 'reason')} error={field('clock-early-return', 'reason')} required rows={2} />
        <button type="submit" class="button primary">
          {t.clock.send}
        </button>
      </ActionForm>,
      <ActionForm id="clock-extension" title={t.clock.extension} action={`${base}/extension`} errors={formErrors}>
        <TextField name="months" id="clock-extension-months" type="number" label={t.clock.extensionMonths} value={value('clock-extension', 'months')} error={field('clock-extension', 'months')} min={1} step={1} required />
        <RadioGroup
          name="ventureProfitable"
          id="clock-extension-ventureProfitable"
          label={t.clock.ventureProfitable}
          options={[
            { value: 'false', label: t.common.no },
            { value: 'true', label: t.common.yes },
          ]}
          value={value('clock-extension', 'ventureProfitable')}
          error={field('clock-extension', 'ventureProfitable')}
          inline
          required
        />
        <TextArea name="reason" id="clock-extension-reason" label={t.clock.reason} value={value('clock-extension', 'reason')} error={field('clock-extension', 'reason')} required rows={2} />
        <button type="submit" class="button primary">
          {t.clock.send}
        </button>
      </ActionForm>,
      <ActionForm id="clock-resignation" title={t.clock.resignation} action={`${base}/resignation`} errors={formErrors}>
        <TextField name="lastDay" id="clock-resignation-lastDay" type="date" label={t.clock.lastDay} value={value('clock-resignation', 'lastDay')} error={field('clock-resignation', 'lastDay')} required />
        <TextArea name="reason" id="clock-resignation-reason" label={t.clock.reason} value={value('clock-resignation', 'reason')} error={field('clock-resignation', 'reason')} required rows={2} />
        <button type="submit" class="button primary">
          {t.clock.send}
        </button>
      </ActionForm>,
    );
  }
  if (owner && open && dueReports.length > 0) {
    forms.push(
      <ActionForm id="clock-annual-reports" title={t.clock.annualReport} action={`${base}/annual-reports`} errors={formErrors}>
        <SelectField name="dueOn" id="clock-annual-reports-dueOn" label={t.clock.reportFor} options={dueReports.map((report) => ({ value: report.dueOn, label: report.dueOn }))} value={value('clock-annual-reports', 'dueOn')} error={field('clock-annual-reports', 'dueOn')} required />
        <TextArea name="summary" id="clock-annual-reports-summary" label={t.clock.reportSummary} value={value('clock-annual-reports', 'summary')} error={field('clock-annual-reports', 'summary')} required rows={4} />
        <button type="submit" class="button primary">
          {t.clock.send}
        </button>
      </ActionForm>,
    );
  }
  if (owner && clock.status === 'AWAITING_CHOICE') {
    forms.push(
      <ActionForm id="clock-choice" title={t.clock.choice} action={`${base}/choice`} errors={formErrors} open>
        <p>{t.clock.choiceDue(clock.choiceDueOn ?? t.common.none)}</p>
        <RadioGroup
          name="choice"
          id="clock-choice-choice"
          label={t.clock.choice}
          options={[
            { value: 'RETURN', label: t.labels.choice.RETURN },
            { value: 'RESIGN', label: t.labels.choice.RESIGN },
          ]}
          error={field('clock-choice', 'choice')}
          required
        />
        <button type="submit" class="button primary">
          {t.clock.send}
        </button>
      </ActionForm>,
    );
  }
  if (hasRole(me, 'HR_OFFICER') && open) {
    forms.push(
      <ActionForm id="clock-outcome" title={t.clock.recordOutcome} action={`${base}/outcome`} errors={formErrors} open={clock.status === 'OUTCOME_PENDING'}>
        <RadioGroup
          name="outcome"
          id="clock-outcome-outcome"
          label={t.clock.outcome}
          options={(['RETURNED', 'RESIGNED', 'TERMINATED'] as const).map((outcome) => ({ value: outcome, label: t.labels.clockStatus[outcome] ?? outcome }))}
          value={value('clock-outcome', 'outcome')}
          error={field('clock-outcome', 'outcome')}
          required
        />
        <TextField name="on" id="clock-outcome-on" type="date" label={t.clock.outcomeOn} value={value('clock-outcome', 'on')} error={field('clock-outcome', 'on')} />
        <TextArea name="reason" id="clock-outcome-reason" label={t.clock.outcomeReason} value={value('clock-outcome', 'reason')} error={field('clock-outcome', 'reason')} rows={2} />
        <button type="submit" class="button primary">
          {t.clock.record}
        </button>
      </ActionForm>,
    );
  }
  if (forms.length === 0) return null;
  return <div class="clock-actions">{forms}</div>;
}
