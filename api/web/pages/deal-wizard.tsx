// The IP deal as a guided form, one step per page: the kind of deal and its pricing, the
// counterparty, the research results, the inventors, the terms the kind of deal needs, the
// documents, then review and submit. Each step saves the draft through the API (POST /deals,
// then PATCH /deals/{id}); without script every step is a plain form post, and the browser
// script adds inline validation with domain/licensing's own zod schemas and rows added in place.
import { DEAL_MODES, EXCLUSIVITIES, PRICING_METHODS, ROYALTY_PERIODS, SUBLICENSING } from '../../../domain/licensing';
import { IP_ASSET_KINDS, IP_OWNERSHIPS } from '../../../domain/spinout';
import { Facts } from '../components/bits';
import { ErrorSummary, FieldError, RadioGroup, SelectField, TextArea, TextField, type Option } from '../components/field';
import { DEAL_STEPS, yuanOf, type DealStep } from '../deal-form';
import { formatMoney, formatShare } from '../format';
import type { Messages } from '../i18n';
import type { Lang } from '../i18n/lang';
import { percentOf } from '../spinout-form';
import type { Doc } from '../views';
import { DocumentList, UploadForm } from './case-documents';
import { exclusivityLabel, modeLabel, pricingLabel, shownValueFen } from './deal-list';
import { StepNav } from '../components/step-nav';

/** The deal's draft as the form shows it: amounts in fen (or what was typed), shares in basis points. */
export type DealFormDraft = Record<string, any>;

export interface DealRef {
  id: string;
  reference: string;
  version: number;
  status: string;
  mode: string;
  totalValueFen: number;
  case: { id: string; reference: string } | null;
}

export interface DealWizardProps {
  t: Messages;
  lang: Lang;
  step: DealStep;
  deal: DealRef | null;
  draft: DealFormDraft;
  errors: Record<string, string>;
  summary: { text: string; href?: string | undefined }[];
  blankRows: number;
  documents: Doc[];
  maxBytes: number;
  me: { id: string; name: string };
  /** The researcher's spin-out cases, to link one when the deal is opened. */
  cases: { id: string; reference: string; title: string }[];
  /** Researchers a TTO officer may open the deal for (empty for a researcher opening their own). */
  researchers: { id: string; name: string; department: { name: string } | null }[];
}

const stepHref = (dealId: string, step: DealStep) => `/app/deals/${dealId}/edit/${step}`;
const str = (value: unknown) => (value === undefined || value === null ? undefined : String(value));


function Buttons({ t, step, deal, addRows }: Pick<DealWizardProps, 't' | 'step' | 'deal'> & { addRows?: { group: string; label: string }[] }) {
  const index = DEAL_STEPS.indexOf(step);
  const previous = index > 0 ? DEAL_STEPS[index - 1] : undefined;
  return (
    <div class="form-actions">
      {previous && deal ? (
        <a class="button" href={stepHref(deal.id, previous)}>
          {t.wizard.back}
        </a>
      ) : null}
      {(addRows ?? []).map((add) => (
        <button type="submit" name="_action" value={`add:${add.group}`} class="button" data-sw-add-row={add.group}>
          {add.label}
        </button>
      ))}
      <button type="submit" name="_action" value="save" class="button">
        {t.wizard.saveDraft}
      </button>
      <button type="submit" name="_action" value="next" class="button primary">
        {t.wizard.saveAndContinue}
      </button>
    </div>
  );
}

function RemoveRow({ t, name }: { t: Messages; name: string }) {
  return (
    <label class="choice remove">
      <input type="checkbox" name={name} value="1" /> {t.wizard.removeRow}
    </label>
  );
}

function AssetRow({ t, index, asset, errors }: { t: Messages; index: number | string; asset: Record<string, unknown>; errors: Record<string, string> }) {
  const name = (field: string) => `assets[${index}].${field}`;
  const kinds: Option[] = IP_ASSET_KINDS.map((kind) => ({ value: kind, label: t.labels.ipKind[kind] }));
  const ownerships: Option[] = IP_OWNERSHIPS.map((ownership) => ({ value: ownership, label: t.labels.ownership[ownership] }));
  return (
    <fieldset class="row-card" data-sw-row="assets">
      <legend>{t.dealForm.assetN(typeof index === 'number' ? index + 1 : '__NUM__')}</legend>
      {asset.ipAssetId ? <input type="hidden" name={name('ipAssetId')} value={String(asset.ipAssetId)} /> : null}
      <div class="grid-3">
        <SelectField name={name('kind')} label={t.wizard.assetKind} value={str(asset.kind)} options={kinds} placeholder={t.common.choose} error={errors[name('kind')]} required />
        <SelectField name={name('ownership')} label={t.wizard.ownership} value={str(asset.ownership)} options={ownerships} placeholder={t.common.choose} error={errors[name('ownership')]} />
        <TextField name={name('allocationBp')} label={t.dealForm.allocation} hint={t.dealForm.allocationHint} value={percentOf(asset.allocationBp)} error={errors[name('allocationBp')]} inputmode="decimal" required />
      </div>
      <div class="grid-2">
        <TextField name={name('title')} label={t.wizard.assetTitle} value={str(asset.title)} error={errors[name('title')]} required maxlength={300} />
        <TextField name={name('number')} label={t.wizard.assetNumber} hint={t.wizard.assetNumberHint} value={str(asset.number)} error={errors[name('number')]} maxlength={100} />
      </div>
      <FieldError name={`assets[${index}]`} error={errors[`assets[${index}]`] ?? errors[name('ipAssetId')]} />
      <RemoveRow t={t} name={name('_remove')} />
    </fieldset>
  );
}

function MemberRow({ t, index, member, errors }: { t: Messages; index: number | string; member: Record<string, unknown>; errors: Record<string, string> }) {
  const name = (field: string) => `team[${index}].${field}`;
  const checkId = `f-team-${index}-mainContributor`;
  return (
    <fieldset class="row-card" data-sw-row="team">
      <legend>{t.dealForm.memberN(typeof index === 'number' ? index + 1 : '__NUM__')}</legend>
      {member.personId ? <input type="hidden" name={name('personId')} value={String(member.personId)} /> : null}
      <div class="grid-3">
        <TextField name={name('name')} label={t.dealForm.memberName} value={str(member.name)} error={errors[name('name')]} required maxlength={100} />
        <TextField name={name('contributionShareBp')} label={t.dealForm.memberShare} hint={t.wizard.memberShareHint} value={percentOf(member.contributionShareBp)} error={errors[name('contributionShareBp')]} inputmode="decimal" required />
        <div class="field check-field" data-field={name('mainContributor')}>
          <label class="choice" for={checkId}>
            <input type="checkbox" id={checkId} name={name('mainContributor')} value="true" checked={member.mainContributor === true} /> {t.dealForm.mainContributor}
          </label>
        </div>
      </div>
      <TextField name={name('counterpartyInterest')} label={t.dealForm.interest} hint={t.dealForm.interestHint} value={str(member.counterpartyInterest)} error={errors[name('counterpartyInterest')]} maxlength={500} />
      <FieldError name={`team[${index}]`} error={errors[`team[${index}]`] ?? errors[name('personId')]} />
      <RemoveRow t={t} name={name('_remove')} />
    </fieldset>
  );
}

function MilestoneRow({ t, index, milestone, errors }: { t: Messages; index: number | string; milestone: Record<string, unknown>; errors: Record<string, string> }) {
  const name = (field: string) => `terms.milestones[${index}].${field}`;
  return (
    <fieldset class="row-card" data-sw-row="terms.milestones">
      <legend>{t.dealForm.milestoneN(typeof index === 'number' ? index + 1 : '__NUM__')}</legend>
      <TextField name={name('event')} label={t.dealForm.milestoneEvent} value={str(milestone.event)} error={errors[name('event')]} required maxlength={300} />
      <div class="grid-3">
        <TextField name={name('amountFen')} label={t.dealForm.milestoneAmount} hint={t.deals.amountHint} value={yuanOf(milestone.amountFen)} error={errors[name('amountFen')]} inputmode="decimal" required />
        <TextField name={name('dueDaysAfterEvent')} type="number" label={t.dealForm.milestoneDueDays} value={str(milestone.dueDaysAfterEvent) ?? '30'} error={errors[name('dueDaysAfterEvent')]} min={0} step={1} inputmode="numeric" />
        <TextField name={name('expectedOn')} type="date" label={t.dealForm.milestoneExpected} value={str(milestone.expectedOn)} error={errors[name('expectedOn')]} />
      </div>
      <FieldError name={`terms.milestones[${index}]`} error={errors[`terms.milestones[${index}]`]} />
      <RemoveRow t={t} name={name('_remove')} />
    </fieldset>
  );
}

/** The terms a kind of deal needs, as inputs named like the API's fields (amounts in yuan, rates in percent). Also the amendment form's body. */
export function TermsFields({ t, lang, mode, terms, errors, blankRows = 0 }: { t: Messages; lang: Lang; mode: string; terms: Record<string, any>; errors: Record<string, string>; blankRows?: number }) {
  const e = (name: string) => errors[name];
  const milestones: Record<string, unknown>[] = [...(Array.isArray(terms.milestones) ? terms.milestones : [])];
  for (let i = 0; i < blankRows; i += 1) milestones.push({});
  const royalty = (terms.royalty ?? {}) as Record<string, unknown>;
  const equity = (terms.equity ?? {}) as Record<string, unknown>;
  return (
    <>
      <FieldError name="terms" error={e('terms')} />
      {mode === 'LICENCE' ? (
        <fieldset class="group">
          <legend>{t.dealForm.licenceTerms}</legend>
          <RadioGroup
            name="terms.exclusivity"
            label={t.dealForm.exclusivity}
            value={str(terms.exclusivity)}
            options={EXCLUSIVITIES.map((value) => ({ value, label: exclusivityLabel(lang, value) }))}
            error={e('terms.exclusivity')}
            inline
            required
          />
          <div class="grid-2">
            <TextField name="terms.fieldOfUse" label={t.dealForm.fieldOfUse} value={str(terms.fieldOfUse)} error={e('terms.fieldOfUse')} required maxlength={1000} />
            <TextField name="terms.territory" label={t.dealForm.territory} value={str(terms.territory)} error={e('terms.territory')} required maxlength={300} />
          </div>
          <div class="grid-2">
            <TextField name="terms.termMonths" type="number" label={t.dealForm.termMonths} value={str(terms.termMonths)} error={e('terms.termMonths')} min={1} step={1} inputmode="numeric" required />
            <TextField name="terms.effectiveOn" type="date" label={t.dealForm.effectiveOn} hint={t.dealForm.effectiveOnHint} value={str(terms.effectiveOn)} error={e('terms.effectiveOn')} />
          </div>
        </fieldset>
      ) : (
        <TextField name="terms.effectiveOn" type="date" label={t.dealForm.effectiveOn} hint={t.dealForm.effectiveOnHint} value={str(terms.effectiveOn)} error={e('terms.effectiveOn')} />
      )}
      {mode === 'EQUITY' ? (
        <fieldset class="group">
          <legend>{t.dealForm.equity}</legend>
          <div class="grid-3">
            <TextField name="terms.equity.valuationFen" label={t.dealForm.valuation} hint={t.deals.amountHint} value={yuanOf(equity.valuationFen)} error={e('terms.equity.valuationFen') ?? e('terms.equity')} inputmode="decimal" required />
            <TextField name="terms.equity.shares" type="number" label={t.dealForm.shares} value={str(equity.shares)} error={e('terms.equity.shares')} min={1} step={1} inputmode="numeric" required />
            <TextField name="terms.equity.companyShareBp" label={t.dealForm.companyShare} hint={t.wizard.memberShareHint} value={percentOf(equity.companyShareBp)} error={e('terms.equity.companyShareBp')} inputmode="decimal" required />
          </div>
        </fieldset>
      ) : null}
      <fieldset class="group">
        <legend>{t.dealForm.payment}</legend>
        <div class="grid-2">
          <TextField name="terms.upfrontFeeFen" label={t.dealForm.upfrontFee} hint={t.dealForm.upfrontFeeHint} value={yuanOf(terms.upfrontFeeFen)} error={e('terms.upfrontFeeFen')} inputmode="decimal" />
          <TextField name="terms.upfrontDueDays" type="number" label={t.dealForm.upfrontDueDays} value={str(terms.upfrontDueDays) ?? '30'} error={e('terms.upfrontDueDays')} min={0} step={1} inputmode="numeric" />
        </div>
        <h3>{t.dealForm.milestones}</h3>
        <p class="hint">{t.dealForm.milestonesHint}</p>
        <div data-sw-rows="terms.milestones">
          {milestones.map((milestone, index) => (
            <MilestoneRow t={t} index={index} milestone={milestone} errors={errors} />
          ))}
        </div>
        <FieldError name="terms.milestones" error={e('terms.milestones')} />
        <template data-sw-row-template="terms.milestones">
          <MilestoneRow t={t} index="__INDEX__" milestone={{}} errors={{}} />
        </template>
      </fieldset>
      {mode === 'LICENCE' ? (
        <fieldset class="group">
          <legend>{t.dealForm.royalty}</legend>
          <p class="hint">{t.dealForm.royaltyIntro}</p>
          <FieldError name="terms.royalty" error={e('terms.royalty')} />
          <div class="grid-3">
            <TextField name="terms.royalty.rateBp" label={t.dealForm.royaltyRate} hint={t.dealForm.royaltyRateHint} value={percentOf(royalty.rateBp)} error={e('terms.royalty.rateBp')} inputmode="decimal" />
            <SelectField
              name="terms.royalty.reportingPeriod"
              label={t.dealForm.royaltyPeriod}
              value={str(royalty.reportingPeriod)}
              options={ROYALTY_PERIODS.map((value) => ({ value, label: t.labels.royaltyPeriod[value] }))}
              placeholder={t.common.choose}
              error={e('terms.royalty.reportingPeriod')}
            />
            <TextField name="terms.royalty.reportDueDays" type="number" label={t.dealForm.reportDueDays} value={str(royalty.reportDueDays) ?? '30'} error={e('terms.royalty.reportDueDays')} min={1} step={1} inputmode="numeric" />
          </div>
          <TextField name="terms.minimumAnnualRoyaltyFen" label={t.dealForm.minimumRoyalty} hint={t.deals.amountHint} value={yuanOf(terms.minimumAnnualRoyaltyFen)} error={e('terms.minimumAnnualRoyaltyFen')} inputmode="decimal" />
        </fieldset>
      ) : null}
      <fieldset class="group">
        <legend>{t.dealForm.other}</legend>
        <div class="grid-2">
          {mode === 'LICENCE' ? (
            <SelectField
              name="terms.sublicensing"
              label={t.dealForm.sublicensing}
              value={str(terms.sublicensing) ?? 'NONE'}
              options={SUBLICENSING.map((value) => ({ value, label: t.labels.sublicensing[value] }))}
              error={e('terms.sublicensing')}
            />
          ) : null}
          <TextField name="terms.patentCostReimbursementFen" label={t.dealForm.patentCosts} hint={t.dealForm.patentCostsHint} value={yuanOf(terms.patentCostReimbursementFen)} error={e('terms.patentCostReimbursementFen')} inputmode="decimal" />
        </div>
        <TextArea name="terms.terminationConditions" label={t.dealForm.termination} value={str(terms.terminationConditions)} error={e('terms.terminationConditions')} rows={3} maxlength={5000} />
      </fieldset>
    </>
  );
}

function rowsWithBlanks(rows: unknown, blank: number, atLeastOne: boolean): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [...(Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [])];
  for (let i = 0; i < Math.max(blank, atLeastOne && out.length === 0 ? 1 : 0); i += 1) out.push({});
  return out;
}

const sumOf = (rows: unknown, field: string) => (Array.isArray(rows) ? rows.reduce((sum: number, row: Record<string, unknown>) => sum + (typeof row[field] === 'number' ? (row[field] as number) : 0), 0) : 0);

function StepFields(props: DealWizardProps) {
  const { t, lang, step, draft, errors, blankRows, me, deal, cases, researchers } = props;
  switch (step) {
    case 'basics':
      return (
        <>
          {!deal && researchers.length > 0 ? (
            <SelectField
              name="leadResearcherId"
              label={t.dealForm.leadResearcher}
              hint={t.dealForm.leadResearcherHint}
              value={str(draft.leadResearcherId)}
              options={researchers.map((person) => ({ value: person.id, label: person.department ? `${person.name}（${person.department.name}）` : person.name }))}
              placeholder={t.common.choose}
              error={errors.leadResearcherId}
              required
            />
          ) : null}
          <TextField name="title" label={t.dealForm.title} hint={t.dealForm.titleHint} value={str(draft.title)} error={errors.title} required maxlength={200} />
          <RadioGroup name="mode" label={t.dealForm.mode} hint={t.dealForm.modeHint} value={str(draft.mode)} options={DEAL_MODES.map((mode) => ({ value: mode, label: modeLabel(lang, mode) }))} error={errors.mode} inline required />
          <RadioGroup
            name="pricingMethod"
            label={t.dealForm.pricing}
            hint={t.dealForm.pricingHint}
            value={str(draft.pricingMethod)}
            options={PRICING_METHODS.map((method) => ({ value: method, label: pricingLabel(lang, method) }))}
            error={errors.pricingMethod}
            inline
            required
          />
          {deal ? (
            deal.case ? (
              <Facts items={[[t.dealForm.case, deal.case.reference]]} />
            ) : null
          ) : cases.length > 0 ? (
            <SelectField
              name="caseId"
              label={t.dealForm.case}
              hint={t.dealForm.caseHint}
              value={str(draft.caseId) ?? ''}
              options={[{ value: '', label: t.dealForm.noCase }, ...cases.map((item) => ({ value: item.id, label: `${item.reference} ${item.title}` }))]}
              error={errors.caseId}
            />
          ) : null}
        </>
      );
    case 'counterparty': {
      const counterparty = (draft.counterparty ?? {}) as Record<string, unknown>;
      return (
        <>
          <p class="hint">{t.dealForm.counterpartyIntro}</p>
          <FieldError name="counterparty" error={errors.counterparty} />
          <TextField name="counterparty.name" label={t.dealForm.name} value={str(counterparty.name)} error={errors['counterparty.name']} required maxlength={200} autocomplete="organization" />
          <TextField
            name="counterparty.unifiedSocialCreditCode"
            label={t.dealForm.uscc}
            hint={t.dealForm.usccHint}
            value={str(counterparty.unifiedSocialCreditCode)}
            error={errors['counterparty.unifiedSocialCreditCode']}
            required
            maxlength={18}
            autocomplete="off"
          />
          <div class="grid-2">
            <TextField name="counterparty.contactName" label={t.dealForm.contactName} value={str(counterparty.contactName)} error={errors['counterparty.contactName']} maxlength={100} />
            <TextField name="counterparty.contactEmail" type="email" label={t.dealForm.contactEmail} hint={t.dealForm.contactEmailHint} value={str(counterparty.contactEmail)} error={errors['counterparty.contactEmail']} maxlength={200} />
          </div>
        </>
      );
    }
    case 'assets': {
      const rows = rowsWithBlanks(draft.assets, blankRows, true);
      return (
        <>
          <p class="hint">{t.dealForm.assetsIntro}</p>
          <div data-sw-rows="assets">
            {rows.map((asset, index) => (
              <AssetRow t={t} index={index} asset={asset} errors={errors} />
            ))}
          </div>
          <p class="share-total" aria-live="polite">
            {t.dealForm.allocationTotal}
            <strong data-sw-total="allocationBp">{formatShare(sumOf(draft.assets, 'allocationBp'))}</strong>
          </p>
          <FieldError name="assets" error={errors.assets} />
          <template data-sw-row-template="assets">
            <AssetRow t={t} index="__INDEX__" asset={{}} errors={{}} />
          </template>
        </>
      );
    }
    case 'team': {
      const rows = rowsWithBlanks(draft.team, blankRows, false);
      if (rows.length === 0) rows.push({ personId: me.id, name: me.name, mainContributor: true });
      return (
        <>
          <p class="hint">{t.dealForm.teamIntro}</p>
          <div data-sw-rows="team">
            {rows.map((member, index) => (
              <MemberRow t={t} index={index} member={member} errors={errors} />
            ))}
          </div>
          <p class="share-total" aria-live="polite">
            {t.wizard.shareTotal}
            <strong data-sw-total="contributionShareBp">{formatShare(sumOf(draft.team, 'contributionShareBp'))}</strong>
          </p>
          <FieldError name="team" error={errors.team} />
          <template data-sw-row-template="team">
            <MemberRow t={t} index="__INDEX__" member={{}} errors={{}} />
          </template>
        </>
      );
    }
    case 'terms':
      return <TermsFields t={t} lang={lang} mode={deal?.mode ?? str(draft.mode) ?? ''} terms={(draft.terms ?? {}) as Record<string, unknown>} errors={errors} blankRows={blankRows} />;
    default:
      return null;
  }
}

function Review({ t, lang, draft, deal, documents }: Pick<DealWizardProps, 't' | 'lang' | 'draft' | 'deal' | 'documents'>) {
  const none = t.common.none;
  const counterparty = (draft.counterparty ?? {}) as Record<string, unknown>;
  const terms = (draft.terms ?? {}) as Record<string, any>;
  const money = (value: unknown) => (typeof value === 'number' ? formatMoney(value) : none);
  const linked = (id: unknown) => documents.find((doc) => doc.id === id)?.fileName ?? none;
  return (
    <div class="review" data-testid="deal-review">
      <h2>{t.dealForm.steps.basics}</h2>
      <Facts
        items={[
          [t.dealForm.title, str(draft.title) ?? none],
          [t.dealForm.mode, modeLabel(lang, str(draft.mode)) || none],
          [t.dealForm.pricing, pricingLabel(lang, str(draft.pricingMethod)) || none],
          [t.dealForm.case, deal?.case?.reference ?? none],
        ]}
      />
      <h2>{t.dealForm.steps.counterparty}</h2>
      <Facts
        items={[
          [t.dealForm.name, str(counterparty.name) ?? none],
          [t.dealForm.uscc, str(counterparty.unifiedSocialCreditCode) ?? none],
          [t.dealForm.contactName, str(counterparty.contactName) ?? none],
          [t.dealForm.contactEmail, str(counterparty.contactEmail) ?? none],
        ]}
      />
      <h2>{t.dealForm.steps.assets}</h2>
      <ul>
        {((draft.assets ?? []) as Record<string, any>[]).map((asset) => (
          <li>
            {asset.kind ? (t.labels.ipKind[asset.kind] ?? asset.kind) : none} 《{asset.title ?? none}》{asset.number ? ` ${asset.number}` : ''} · {typeof asset.allocationBp === 'number' ? formatShare(asset.allocationBp) : none}
          </li>
        ))}
      </ul>
      <h2>{t.dealForm.steps.team}</h2>
      <ul>
        {((draft.team ?? []) as Record<string, any>[]).map((member) => (
          <li>
            {member.name ?? none} · {typeof member.contributionShareBp === 'number' ? formatShare(member.contributionShareBp) : none}
            {member.mainContributor ? ` · ${t.dealForm.mainContributor}` : ''}
            {member.counterpartyInterest ? ` · ${t.dealForm.interest}：${member.counterpartyInterest}` : ''}
          </li>
        ))}
      </ul>
      <h2>{t.dealForm.steps.terms}</h2>
      <TermsFacts t={t} lang={lang} mode={str(draft.mode) ?? ''} terms={terms} />
      <h2>{t.dealForm.steps.documents}</h2>
      <Facts
        items={[
          [t.labels.docKind.VALUATION_REPORT, linked(draft.valuationReportDocumentId)],
          [t.labels.docKind.CONFLICT_DISCLOSURE, linked(draft.conflictDisclosureDocumentId)],
        ]}
      />
      {deal ? (
        <p class="value-preview">
          {t.dealForm.valuePreview}
          <strong data-testid="deal-value">{money(shownValueFen({ status: deal.status, mode: deal.mode, totalValueFen: deal.totalValueFen, terms: draft }) ?? undefined)}</strong>
        </p>
      ) : null}
    </div>
  );
}

/** The terms written out (review step, deal page). */
export function TermsFacts({ t, lang, mode, terms }: { t: Messages; lang: Lang; mode: string; terms: Record<string, any> }) {
  const none = t.common.none;
  const money = (value: unknown) => (typeof value === 'number' ? formatMoney(value) : none);
  const items: [string, string][] = [];
  if (mode === 'LICENCE') {
    items.push(
      [t.dealForm.exclusivity, exclusivityLabel(lang, terms.exclusivity) || none],
      [t.dealForm.fieldOfUse, terms.fieldOfUse ?? none],
      [t.dealForm.territory, terms.territory ?? none],
      [t.dealForm.termMonths, terms.termMonths !== undefined ? t.wizard.months(terms.termMonths) : none],
    );
  }
  items.push([t.dealForm.effectiveOn, terms.effectiveOn ?? none], [t.dealForm.upfrontFee, money(terms.upfrontFeeFen ?? 0)], [t.dealForm.upfrontDueDays, String(terms.upfrontDueDays ?? 30)]);
  if (mode === 'EQUITY' && terms.equity) {
    items.push([t.dealForm.valuation, money(terms.equity.valuationFen)], [t.dealForm.shares, String(terms.equity.shares ?? none)], [t.dealForm.companyShare, typeof terms.equity.companyShareBp === 'number' ? formatShare(terms.equity.companyShareBp) : none]);
  }
  if (terms.royalty) {
    items.push(
      [t.dealForm.royaltyRate, typeof terms.royalty.rateBp === 'number' ? formatShare(terms.royalty.rateBp) : none],
      [t.dealForm.royaltyPeriod, t.labels.royaltyPeriod[terms.royalty.reportingPeriod] ?? none],
      [t.dealForm.reportDueDays, String(terms.royalty.reportDueDays ?? 30)],
    );
  }
  if (terms.minimumAnnualRoyaltyFen !== undefined) items.push([t.dealForm.minimumRoyalty, money(terms.minimumAnnualRoyaltyFen)]);
  if (mode === 'LICENCE') items.push([t.dealForm.sublicensing, t.labels.sublicensing[terms.sublicensing ?? 'NONE'] ?? none]);
  items.push([t.dealForm.patentCosts, money(terms.patentCostReimbursementFen ?? 0)]);
  const milestones = (Array.isArray(terms.milestones) ? terms.milestones : []) as Record<string, any>[];
  return (
    <div data-testid="deal-terms">
      <Facts items={items} />
      {milestones.length > 0 ? (
        <>
          <h3>{t.dealForm.milestones}</h3>
          <ul>
            {milestones.map((milestone) => (
              <li>
                {milestone.event} · {money(milestone.amountFen)}
                {milestone.expectedOn ? ` · ${t.dealForm.milestoneExpected} ${milestone.expectedOn}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {terms.terminationConditions ? (
        <>
          <h3>{t.dealForm.termination}</h3>
          <p class="prose">{terms.terminationConditions}</p>
        </>
      ) : null}
    </div>
  );
}

export const DEAL_OWNER_UPLOADS = ['VALUATION_REPORT', 'CONFLICT_DISCLOSURE', 'ATTACHMENT'] as const;

export function DealWizardPage(props: DealWizardProps) {
  const { t, lang, step, deal, summary, documents, maxBytes, draft } = props;
  const action = deal ? stepHref(deal.id, step) : '/app/deals/new';
  const addRows =
    step === 'assets'
      ? [{ group: 'assets', label: t.dealForm.addAsset }]
      : step === 'team'
        ? [{ group: 'team', label: t.dealForm.addMember }]
        : step === 'terms'
          ? [{ group: 'terms.milestones', label: t.dealForm.addMilestone }]
          : undefined;
  return (
    <div>
      <p class="breadcrumbs">
        <a href="/app/deals">{t.nav.deals}</a>
        {deal ? (
          <>
            {' › '}
            <a href={`/app/deals/${deal.id}`}>{deal.reference}</a>
          </>
        ) : null}
      </p>
      <h1>
        {deal ? t.dealForm.editTitle(deal.reference) : t.dealForm.newTitle} — {t.dealForm.steps[step]}
      </h1>
      {deal?.status === 'RETURNED' ? <p class="flash flash-info">{t.wizard.returnedHint}</p> : null}
      <StepNav label={t.wizard.stepsLabel} steps={DEAL_STEPS} current={step} stepLabel={(key) => t.dealForm.steps[key]} href={deal ? (key) => stepHref(deal.id, key) : null} />
      <ErrorSummary title={t.wizard.fixErrors} items={summary} />
      {step === 'documents' && deal ? (
        <section aria-labelledby="docs-heading">
          <h2 id="docs-heading" class="visually-hidden">
            {t.dealForm.steps.documents}
          </h2>
          <p class="hint">{t.dealForm.documentsIntro}</p>
          <Facts
            items={[
              [t.labels.docKind.VALUATION_REPORT, documents.find((doc) => doc.id === draft.valuationReportDocumentId)?.fileName ?? t.common.none],
              [t.labels.docKind.CONFLICT_DISCLOSURE, documents.find((doc) => doc.id === draft.conflictDisclosureDocumentId)?.fileName ?? t.common.none],
            ]}
          />
          <DocumentList t={t} lang={lang} documents={documents} />
          <UploadForm t={t} caseId={deal.id} action={`/app/deals/${deal.id}/documents`} kinds={DEAL_OWNER_UPLOADS} maxBytes={maxBytes} back={stepHref(deal.id, 'documents')} />
          <div class="form-actions">
            <a class="button" href={stepHref(deal.id, 'terms')}>
              {t.wizard.back}
            </a>
            <a class="button primary" href={stepHref(deal.id, 'review')}>
              {t.wizard.continue}
            </a>
          </div>
        </section>
      ) : step === 'review' && deal ? (
        <section aria-labelledby="review-heading">
          <h2 id="review-heading" class="visually-hidden">
            {t.dealForm.steps.review}
          </h2>
          <Review t={t} lang={lang} draft={draft} deal={deal} documents={documents} />
          <form method="post" action={`/app/deals/${deal.id}/submit`} class="form-actions">
            <input type="hidden" name="expectedVersion" value={String(deal.version)} />
            <a class="button" href={stepHref(deal.id, 'documents')}>
              {t.wizard.back}
            </a>
            <button type="submit" class="button primary" data-testid="submit-deal">
              {deal.status === 'RETURNED' ? t.dealForm.resubmit : t.dealForm.submit}
            </button>
          </form>
        </section>
      ) : (
        <form method="post" action={action} novalidate data-sw-form="deal" data-step={step} data-mode={deal?.mode ?? ''} class="card">
          {deal ? <input type="hidden" name="expectedVersion" value={String(deal.version)} /> : null}
          <StepFields {...props} />
          <Buttons t={t} step={step} deal={deal} addRows={addRows} />
        </form>
      )}
    </div>
  );
}

/** The label of the field an issue names, for the list of problems above the form. */
export function dealFieldLabel(t: Messages, path: string): string | null {
  const row = /^(assets|team|terms\.milestones)\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (row) {
    const n = Number(row[2]) + 1;
    const fields: Record<string, string> =
      row[1] === 'team'
        ? { name: t.dealForm.memberName, contributionShareBp: t.dealForm.memberShare, personId: t.dealForm.memberName, counterpartyInterest: t.dealForm.interest }
        : row[1] === 'assets'
          ? { kind: t.wizard.assetKind, title: t.wizard.assetTitle, number: t.wizard.assetNumber, ownership: t.wizard.ownership, allocationBp: t.dealForm.allocation, ipAssetId: t.wizard.assetTitle }
          : { event: t.dealForm.milestoneEvent, amountFen: t.dealForm.milestoneAmount, dueDaysAfterEvent: t.dealForm.milestoneDueDays, expectedOn: t.dealForm.milestoneExpected };
    const prefix = row[1] === 'team' ? t.dealForm.memberN(n) : row[1] === 'assets' ? t.dealForm.assetN(n) : t.dealForm.milestoneN(n);
    return row[3] ? `${prefix} · ${fields[row[3]] ?? row[3]}` : prefix;
  }
  const labels: Record<string, string> = {
    title: t.dealForm.title,
    mode: t.dealForm.mode,
    pricingMethod: t.dealForm.pricing,
    caseId: t.dealForm.case,
    leadResearcherId: t.dealForm.leadResearcher,
    counterparty: t.dealForm.steps.counterparty,
    'counterparty.name': t.dealForm.name,
    'counterparty.unifiedSocialCreditCode': t.dealForm.uscc,
    'counterparty.contactName': t.dealForm.contactName,
    'counterparty.contactEmail': t.dealForm.contactEmail,
    assets: t.dealForm.steps.assets,
    team: t.dealForm.steps.team,
    terms: t.dealForm.steps.terms,
    'terms.exclusivity': t.dealForm.exclusivity,
    'terms.fieldOfUse': t.dealForm.fieldOfUse,
    'terms.territory': t.dealForm.territory,
    'terms.termMonths': t.dealForm.termMonths,
    'terms.effectiveOn': t.dealForm.effectiveOn,
    'terms.upfrontFeeFen': t.dealForm.upfrontFee,
    'terms.upfrontDueDays': t.dealForm.upfrontDueDays,
    'terms.milestones': t.dealForm.milestones,
    'terms.royalty': t.dealForm.royalty,
    'terms.royalty.rateBp': t.dealForm.royaltyRate,
    'terms.royalty.reportingPeriod': t.dealForm.royaltyPeriod,
    'terms.royalty.reportDueDays': t.dealForm.reportDueDays,
    'terms.minimumAnnualRoyaltyFen': t.dealForm.minimumRoyalty,
    'terms.equity': t.dealForm.equity,
    'terms.equity.valuationFen': t.dealForm.valuation,
    'terms.equity.shares': t.dealForm.shares,
    'terms.equity.companyShareBp': t.dealForm.companyShare,
    'terms.sublicensing': t.dealForm.sublicensing,
    'terms.patentCostReimbursementFen': t.dealForm.patentCosts,
    'terms.terminationConditions': t.dealForm.termination,
    valuationReportDocumentId: t.labels.docKind.VALUATION_REPORT,
    conflictDisclosureDocumentId: t.labels.docKind.CONFLICT_DISCLOSURE,
  };
  return labels[path] ?? null;
}
