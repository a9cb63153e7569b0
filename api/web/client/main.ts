// The browser script: a small layer over pages that work without it.
// - Inline validation of the request form and the IP deal form with the domain's own zod
//   schemas (the same ones the API validates with), messages in the page's language, beside
//   each field.
// - Rows added in place (research results, team members, milestones) and the running share totals.
// - Document upload with XMLHttpRequest, to show its progress.
import { defaultPolicyProfile, type TPolicyProfile } from '../../../domain/policy';
import { shanghaiDateOf } from '../../../domain/calendar';
import { unifiedSocialCreditCodeCheckDigit } from '../../../domain/identifiers/unified-social-credit-code';
import { dealSubmissionSchema, ZDealDraft } from '../../../domain/licensing';
import { spinoutSubmissionSchema, ZSpinoutDraft } from '../../../domain/spinout';
import { dealFromStepForm, dealInputPathOf, dealStepOfPath, isDealStep } from '../deal-form';
import { messagesFor } from '../i18n';
import { issuePath, translateIssue } from '../i18n/issues';
import { isLang, type Lang } from '../i18n/lang';
import { basisPointsOf, draftFromStepForm, inputPathOf, isWizardStep, stepOfPath } from '../spinout-form';
import { formatShare } from '../format-share';

const lang: Lang = isLang(document.documentElement.lang) ? document.documentElement.lang : 'zh-CN';
const t = messagesFor(lang);

/**
 * The submission schema needs a policy profile for its duration limit, which differs by
 * institution and is checked by the API on submission; here the limit is lifted so only the
 * rules every profile shares are checked while typing.
 */
const anyProfile: TPolicyProfile = {
  ...defaultPolicyProfile,
  retention: { ...defaultPolicyProfile.retention, maxLeaveMonths: Number.MAX_SAFE_INTEGER },
  eligibility: { ...defaultPolicyProfile.eligibility, maxPartTimeMonths: null },
};

type Strength = 'draft' | 'submit';

function entriesOf(form: HTMLFormElement): [string, string][] {
  return [...new FormData(form).entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string');
}

/** What a step's form is checked against: its draft, the schema's issues, and which of them are this step's. */
interface Checker {
  /** Problems of this step's fields, keyed by input name. */
  problems(form: HTMLFormElement, strength: Strength): Map<string, string>;
}

function collect(issues: readonly { path: readonly PropertyKey[]; message: string }[], ofStep: (path: string) => boolean, inputOf: (path: string) => string): Map<string, string> {
  const found = new Map<string, string>();
  for (const issue of issues) {
    const path = issuePath(issue.path);
    if (!ofStep(path)) continue;
    const name = inputOf(path);
    if (!found.has(name)) found.set(name, translateIssue(lang, issue.message));
  }
  return found;
}

function spinoutChecker(step: string): Checker | null {
  if (!isWizardStep(step)) return null;
  return {
    problems(form, strength) {
      const entries = entriesOf(form);
      const draft = draftFromStepForm(step, entries);
      const result =
        strength === 'draft' ? ZSpinoutDraft.safeParse(draft) : spinoutSubmissionSchema({ profile: anyProfile, today: shanghaiDateOf(Date.now()) }).safeParse(draft);
      return result.success ? new Map() : collect(result.error.issues, (path) => stepOfPath(path) === step, (path) => inputPathOf(path, entries));
    },
  };
}

/** A valid code for the counterparty stand-in below (its check digit computed, not typed). */
const STAND_IN_CODE = `91330100MA2H00001${unifiedSocialCreditCodeCheckDigit('91330100MA2H00001') ?? ''}`;

function dealChecker(step: string, mode: string): Checker | null {
  if (!isDealStep(step)) return null;
  return {
    problems(form, strength) {
      const entries = entriesOf(form);
      const part = dealFromStepForm(step, entries, mode || undefined);
      // The other steps' required fields stand in with valid values, so the schema's rules
      // across fields (shares adding up, the terms a kind of deal needs) are checked on this one.
      const standIn = { title: '—', mode: mode || 'LICENCE', pricingMethod: 'AGREED', counterparty: { name: '—', unifiedSocialCreditCode: STAND_IN_CODE }, terms: {} };
      const draft = { ...standIn, ...part };
      const result = strength === 'draft' && step !== 'basics' ? ZDealDraft.partial().safeParse(part) : dealSubmissionSchema({ profile: defaultPolicyProfile }).safeParse(draft);
      return result.success ? new Map() : collect(result.error.issues, (path) => dealStepOfPath(path) === step, (path) => dealInputPathOf(path, entries));
    },
  };
}

function errorSlot(form: HTMLFormElement, name: string): HTMLElement | null {
  return form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(name)}"]`);
}

function show(form: HTMLFormElement, name: string, message: string | undefined): boolean {
  const slot = errorSlot(form, name);
  if (!slot) return false;
  slot.textContent = message ?? '';
  const wrapper = slot.closest<HTMLElement>('[data-field]');
  wrapper?.classList.toggle('has-error', Boolean(message));
  form.querySelectorAll<HTMLElement>(`[name="${CSS.escape(name)}"]`).forEach((input) => {
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  });
  return true;
}

/** Every error slot of the form gets its message (or is cleared); unplaced ones go to the summary. */
function showAll(form: HTMLFormElement, found: Map<string, string>): void {
  form.querySelectorAll<HTMLElement>('[data-error-for]').forEach((slot) => show(form, slot.dataset.errorFor!, found.get(slot.dataset.errorFor!)));
  const summary = document.querySelector<HTMLElement>('[data-error-summary]');
  if (!summary) return;
  summary.replaceChildren();
  if (found.size === 0) {
    summary.hidden = true;
    return;
  }
  const heading = document.createElement('h2');
  heading.textContent = t.wizard.fixErrors;
  const list = document.createElement('ul');
  for (const [name, message] of found) {
    const item = document.createElement('li');
    const input = form.querySelector<HTMLInputElement>(`[name="${CSS.escape(name)}"]`);
    const grouped = input?.type === 'radio' || input?.type === 'checkbox';
    const labelText = grouped ? input?.closest('fieldset')?.querySelector('legend')?.textContent : input?.labels?.[0]?.textContent;
    const label = labelText?.replace(/\s*\*\s*$/, '').trim();
    const text = label ? `${label}${t.common.colon}${message}` : message;
    if (input?.id) {
      const link = document.createElement('a');
      link.href = `#${input.id}`;
      link.textContent = text;
      item.append(link);
    } else {
      item.textContent = text;
    }
    list.append(item);
  }
  summary.append(heading, list);
  summary.hidden = false;
  summary.tabIndex = -1;
}

function firstInvalid(form: HTMLFormElement, found: Map<string, string>): HTMLElement | null {
  for (const name of found.keys()) {
    const input = form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
    if (input) return input;
  }
  return document.querySelector<HTMLElement>('[data-error-summary]');
}

/** The running totals of share inputs: `[data-sw-total="allocationBp"]` sums `….allocationBp` inputs. */
function updateTotals(form: HTMLFormElement): void {
  const totals: [HTMLElement, string][] = [];
  form.querySelectorAll<HTMLElement>('[data-sw-share-total]').forEach((element) => totals.push([element, 'contributionShareBp']));
  form.querySelectorAll<HTMLElement>('[data-sw-total]').forEach((element) => totals.push([element, element.dataset.swTotal!]));
  for (const [element, field] of totals) {
    let sum = 0;
    form.querySelectorAll<HTMLInputElement>(`input[name$=".${field}"]`).forEach((input) => {
      const bp = basisPointsOf(input.value);
      if (typeof bp === 'number') sum += bp;
    });
    element.textContent = formatShare(sum);
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function addRow(form: HTMLFormElement, group: string): void {
  const template = form.querySelector<HTMLTemplateElement>(`template[data-sw-row-template="${group}"]`);
  const container = form.querySelector<HTMLElement>(`[data-sw-rows="${group}"]`);
  if (!template || !container) return;
  let next = 0;
  const pattern = new RegExp(`^${escapeRegExp(group)}\\[(\\d+)\\]`);
  container.querySelectorAll<HTMLInputElement>('[name]').forEach((input) => {
    const match = pattern.exec(input.name);
    if (match) next = Math.max(next, Number(match[1]) + 1);
  });
  const wrapper = document.createElement('div');
  // Names carry `__INDEX__`; ids made from them by fieldId() carry `-INDEX-`.
  wrapper.innerHTML = template.innerHTML.replaceAll('__INDEX__', String(next)).replaceAll('-INDEX-', `-${next}-`).replaceAll('__NUM__', String(next + 1));
  const row = wrapper.firstElementChild as HTMLElement | null;
  if (!row) return;
  container.append(row);
  row.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea')?.focus();
}

/** The group error slot a row's input also speaks to: `team[2].name` → `team`. */
const groupOf = (name: string) => /^([A-Za-z]+(?:\.[A-Za-z]+)?)\[\d+\]/.exec(name)?.[1];

function enhanceForm(form: HTMLFormElement, checker: Checker): void {
  const problems = (strength: Strength) => checker.problems(form, strength);
  let submitter: string | null = null;
  form.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[name="_action"]');
    if (!button) return;
    submitter = button.value;
    if (button.dataset.swAddRow) {
      event.preventDefault();
      addRow(form, button.dataset.swAddRow);
    }
  });
  // A group's own message (shares not adding up) is shown on sending, not while rows are still
  // being filled in; once shown, it is re-checked as the rows change.
  const groupShown = (group: string | undefined) => group !== undefined && (errorSlot(form, group)?.textContent ?? '') !== '';
  // On leaving a field: its own message, as submission would judge it.
  form.addEventListener('focusout', (event) => {
    const input = event.target as HTMLInputElement;
    if (!input.name) return;
    const found = problems('submit');
    show(form, input.name, found.get(input.name));
    const group = groupOf(input.name);
    if (group && groupShown(group)) show(form, group, found.get(group));
  });
  form.addEventListener('input', (event) => {
    const input = event.target as HTMLInputElement;
    if (/\.(contributionShareBp|allocationBp)$/.test(input.name ?? '')) updateTotals(form);
    // A field already marked is re-checked as it is corrected, and so is its group's message.
    const group = groupOf(input.name ?? '');
    if (input.getAttribute('aria-invalid') === 'true' || groupShown(group)) {
      const found = problems('submit');
      if (input.getAttribute('aria-invalid') === 'true') show(form, input.name, found.get(input.name));
      if (group && groupShown(group)) show(form, group, found.get(group));
    }
  });
  form.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.type === 'radio' || input.type === 'checkbox' || input.tagName === 'SELECT') show(form, input.name, problems('submit').get(input.name));
  });
  form.addEventListener('submit', (event) => {
    const strength: Strength = submitter === 'save' ? 'draft' : 'submit';
    const found = problems(strength);
    showAll(form, found);
    if (found.size > 0) {
      event.preventDefault();
      firstInvalid(form, found)?.focus();
    }
    submitter = null;
  });
  updateTotals(form);
  if (new URLSearchParams(location.search).get('check') === '1') showAll(form, problems('submit'));
}

function enhanceUpload(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[type=file]');
  const box = form.querySelector<HTMLElement>('[data-sw-progress]');
  const bar = form.querySelector<HTMLProgressElement>('progress');
  const text = form.querySelector<HTMLElement>('[data-sw-progress-text]');
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
  const maxBytes = Number(form.dataset.maxBytes);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = input?.files?.[0];
    if (!file) {
      show(form, 'file', translateIssue(lang, 'file is required'));
      input?.focus();
      return;
    }
    if (maxBytes > 0 && file.size > maxBytes) {
      show(form, 'file', translateIssue(lang, `the upload is larger than the limit of ${maxBytes} bytes`));
      input?.focus();
      return;
    }
    show(form, 'file', undefined);
    const request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('Idempotency-Key', crypto.randomUUID());
    if (box) box.hidden = false;
    if (button) button.disabled = true;
    request.upload.addEventListener('progress', (progress) => {
      if (!progress.lengthComputable) return;
      const percent = Math.round((progress.loaded / progress.total) * 100);
      if (bar) bar.value = percent;
      if (text) text.textContent = t.documents.progressText(percent);
    });
    request.addEventListener('load', () => {
      let body: { ok?: boolean; redirect?: string; message?: string } = {};
      try {
        body = JSON.parse(request.responseText) as typeof body;
      } catch {
        body = {};
      }
      if (request.status < 300 && body.ok) {
        if (bar) bar.value = 100;
        if (text) text.textContent = t.documents.progressDone;
        location.assign(body.redirect ?? location.href);
        return;
      }
      if (button) button.disabled = false;
      if (box) box.hidden = true;
      show(form, 'file', body.message ?? t.documents.uploadFailed);
      input?.focus();
    });
    request.addEventListener('error', () => {
      if (button) button.disabled = false;
      show(form, 'file', t.documents.uploadFailed);
    });
    request.send(new FormData(form));
  });
}

document.querySelectorAll<HTMLFormElement>('form[data-sw-form="spinout"]').forEach((form) => {
  const checker = spinoutChecker(form.dataset.step ?? '');
  if (checker) enhanceForm(form, checker);
});
document.querySelectorAll<HTMLFormElement>('form[data-sw-form="deal"]').forEach((form) => {
  const checker = dealChecker(form.dataset.step ?? '', form.dataset.mode ?? '');
  if (checker) enhanceForm(form, checker);
});
document.querySelectorAll<HTMLFormElement>('form[data-sw-upload]').forEach(enhanceUpload);
document.documentElement.classList.add('js');
