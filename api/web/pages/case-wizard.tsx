// The spin-out request as a guided form, one step per page. Each step saves the draft through
// the API (PATCH /cases/{id}); the last submits it. Without script every step is a plain form
// post; the browser script adds inline validation with the domain's own zod schemas, rows added
// in place and upload progress.
import { SPINOUT_MODE_LABELS, IP_ASSET_KINDS, IP_OWNERSHIPS, type TSpinoutDraft } from '../../../domain/spinout';
import { ErrorSummary, FieldError, RadioGroup, SelectField, TextArea, TextField, type Option } from '../components/field';
import { Facts } from '../components/bits';
import type { Messages } from '../i18n';
import { pick, type Lang } from '../i18n/lang';
import { percentOf, WIZARD_STEPS, type WizardStep } from '../spinout-form';
import { formatShare } from '../format';
import type { Doc } from '../views';
import { DocumentList, UploadForm } from './case-documents';
import { StepNav } from '../components/step-nav';

export interface WizardProps {
  t: Messages;
  lang: Lang;
  step: WizardStep;
  caseRef: { id: string; reference: string; version: number; status: string } | null;
  draft: TSpinoutDraft;
  errors: Record<string, string>;
  summary: { text: string; href?: string | undefined }[];
  blankRows: number;
  documents: Doc[];
  maxBytes: number;
  me: { id: string; name: string };
}

const stepHref = (caseId: string, step: WizardStep) => `/app/cases/${caseId}/edit/${step}`;


function Buttons({ t, step, caseRef, addRows }: Pick<WizardProps, 't' | 'step' | 'caseRef'> & { addRows?: string }) {
  const index = WIZARD_STEPS.indexOf(step);
  const previous = index > 0 ? WIZARD_STEPS[index - 1] : undefined;
  return (
    <div class="form-actions">
      {previous && caseRef ? (
        <a class="button" href={stepHref(caseRef.id, previous)}>
          {t.wizard.back}
        </a>
      ) : null}
      {addRows ? (
        <button type="submit" name="_action" value="add" class="button" data-sw-add-row={addRows}>
          {addRows === 'team' ? t.wizard.addMember : t.wizard.addAsset}
        </button>
      ) : null}
      <button type="submit" name="_action" value="save" class="button">
        {t.wizard.saveDraft}
      </button>
      <button type="submit" name="_action" value="next" class="button primary">
        {t.wizard.saveAndContinue}
      </button>
    </div>
  );
}

function AssetRow({ t, index, asset, errors }: { t: Messages; index: number | string; asset: Record<string, unknown>; errors: Record<string, string> }) {
  const name = (field: string) => `ipAssets[${index}].${field}`;
  const kinds: Option[] = IP_ASSET_KINDS.map((kind) => ({ value: kind, label: t.labels.ipKind[kind] }));
  const ownerships: Option[] = IP_OWNERSHIPS.map((ownership) => ({ value: ownership, label: t.labels.ownership[ownership] }));
  const value = (field: string) => (asset[field] === undefined ? undefined : String(asset[field]));
  return (
    <fieldset class="row-card" data-sw-row="ipAssets">
      <legend>{t.wizard.assetN(typeof index === 'number' ? index + 1 : '__NUM__')}</legend>
      <div class="grid-2">
        <SelectField name={name('kind')} label={t.wizard.assetKind} value={value('kind')} options={kinds} placeholder={t.common.choose} error={errors[name('kind')]} required />
        <SelectField name={name('ownership')} label={t.wizard.ownership} value={value('ownership')} options={ownerships} placeholder={t.common.choose} error={errors[name('ownership')]} required />
      </div>
      <TextField name={name('title')} label={t.wizard.assetTitle} value={value('title')} error={errors[name('title')]} required maxlength={300} />
      <div class="grid-2">
        <TextField name={name('number')} label={t.wizard.assetNumber} hint={t.wizard.assetNumberHint} value={value('number')} error={errors[name('number')]} maxlength={100} />
        <TextField name={name('ownershipNote')} label={t.wizard.ownershipNote} hint={t.wizard.ownershipNoteHint} value={value('ownershipNote')} error={errors[name('ownershipNote')]} maxlength={1000} />
      </div>
      <FieldError name={`ipAssets[${index}]`} error={errors[`ipAssets[${index}]`]} />
      <label class="choice remove">
        <input type="checkbox" name={name('_remove')} value="1" /> {t.wizard.removeRow}
      </label>
    </fieldset>
  );
}

function MemberRow({ t, index, member, errors }: { t: Messages; index: number | string; member: Record<string, unknown>; errors: Record<string, string> }) {
  const name = (field: string) => `team[${index}].${field}`;
  const value = (field: string) => (member[field] === undefined ? undefined : String(member[field]));
  return (
    <fieldset class="row-card" data-sw-row="team">
      <legend>{t.wizard.memberN(typeof index === 'number' ? index + 1 : '__NUM__')}</legend>
      {member.personId ? <input type="hidden" name={name('personId')} value={String(member.personId)} /> : null}
      <div class="grid-3">
        <TextField name={name('name')} label={t.wizard.memberName} value={value('name')} error={errors[name('name')]} required maxlength={100} />
        <TextField name={name('role')} label={t.wizard.memberRole} hint={t.wizard.memberRoleHint} value={value('role')} error={errors[name('role')]} required maxlength={100} />
        <TextField
          name={name('contributionShareBp')}
          label={t.wizard.memberShare}
          hint={t.wizard.memberShareHint}
          value={percentOf(member.contributionShareBp)}
          error={errors[name('contributionShareBp')]}
          inputmode="decimal"
          required
        />
      </div>
      <FieldError name={`team[${index}]`} error={errors[`team[${index}]`] ?? errors[name('personId')]} />
      <label class="choice remove">
        <input type="checkbox" name={name('_remove')} value="1" /> {t.wizard.removeRow}
      </label>
    </fieldset>
  );
}

function StepFields(props: WizardProps) {
  const { t, lang, step, draft, errors, blankRows, me } = props;
  switch (step) {
    case 'basics':
      return (
        <>
          <RadioGroup
            name="mode"
            label={t.wizard.mode}
            hint={t.wizard.modeHint}
            value={draft.mode}
            options={(['LEAVE', 'PART_TIME'] as const).map((mode) => ({ value: mode, label: pick(lang, SPINOUT_MODE_LABELS[mode]) }))}
            error={errors.mode}
            required
          />
          <TextField name="makerSpace.name" label={t.wizard.makerSpaceName} hint={t.wizard.makerSpaceHint} value={draft.makerSpace?.name} error={errors['makerSpace.name'] ?? errors.makerSpace} required maxlength={200} />
          <TextField name="makerSpace.address" label={t.wizard.makerSpaceAddress} value={draft.makerSpace?.address} error={errors['makerSpace.address']} maxlength={500} />
        </>
      );
    case 'venture':
      return (
        <>
          <TextField name="venture.name" label={t.wizard.ventureName} value={draft.venture?.name} error={errors['venture.name'] ?? errors.venture} required maxlength={200} />
          <TextField
            name="venture.unifiedSocialCreditCode"
            label={t.wizard.uscc}
            hint={t.wizard.usccHint}
            value={draft.venture?.unifiedSocialCreditCode}
            error={errors['venture.unifiedSocialCreditCode']}
            maxlength={18}
            autocomplete="off"
          />
          <TextArea name="venture.description" label={t.wizard.ventureDescription} hint={t.wizard.ventureDescriptionHint} value={draft.venture?.description} error={errors['venture.description']} required rows={6} maxlength={5000} />
        </>
      );
    case 'results': {
      const rows: Record<string, unknown>[] = [...(draft.ipAssets ?? [])];
      for (let i = 0; i < Math.max(blankRows, rows.length === 0 ? 1 : 0); i += 1) rows.push({});
      return (
        <>
          <p class="hint">{t.wizard.resultsIntro}</p>
          <div data-sw-rows="ipAssets">
            {rows.map((asset, index) => (
              <AssetRow t={t} index={index} asset={asset} errors={errors} />
            ))}
          </div>
          <FieldError name="ipAssets" error={errors.ipAssets} />
          <template data-sw-row-template="ipAssets">
            <AssetRow t={t} index="__INDEX__" asset={{}} errors={{}} />
          </template>
        </>
      );
    }
    case 'team': {
      const rows: Record<string, unknown>[] = [...(draft.team ?? [])];
      if (rows.length === 0) rows.push({ personId: me.id, name: me.name });
      for (let i = 0; i < blankRows; i += 1) rows.push({});
      const total = (draft.team ?? []).reduce((sum, member) => sum + (typeof member.contributionShareBp === 'number' ? member.contributionShareBp : 0), 0);
      return (
        <>
          <p class="hint">{t.wizard.teamIntro}</p>
          <div data-sw-rows="team">
            {rows.map((member, index) => (
              <MemberRow t={t} index={index} member={member} errors={errors} />
            ))}
          </div>
          <p class="share-total" aria-live="polite">
            {t.wizard.shareTotal}<strong data-sw-share-total>{formatShare(total)}</strong>
          </p>
          <FieldError name="team" error={errors.team} />
          <template data-sw-row-template="team">
            <MemberRow t={t} index="__INDEX__" member={{}} errors={{}} />
          </template>
        </>
      );
    }
    case 'terms': {
      const yesNo: Option[] = [
        { value: 'false', label: t.common.no },
        { value: 'true', label: t.common.yes },
      ];
      const bool = (value: boolean | undefined) => (value === undefined ? undefined : String(value));
      return (
        <>
          <RadioGroup name="declarations.holdsLeadershipPost" label={t.wizard.holdsLeadershipPost} hint={t.wizard.holdsLeadershipPostHint} value={bool(draft.declarations?.holdsLeadershipPost)} options={yesNo} error={errors['declarations.holdsLeadershipPost'] ?? errors.declarations} inline required />
          <RadioGroup name="declarations.isMajorProjectPI" label={t.wizard.isMajorProjectPI} hint={t.wizard.isMajorProjectPIHint} value={bool(draft.declarations?.isMajorProjectPI)} options={yesNo} error={errors['declarations.isMajorProjectPI']} inline required />
          <div class="grid-2">
            <TextField name="requestedStartDate" type="date" label={t.wizard.startDate} value={draft.requestedStartDate} error={errors.requestedStartDate} required />
            <TextField name="durationMonths" type="number" label={t.wizard.duration} hint={t.wizard.durationHint} value={draft.durationMonths as number | undefined} error={errors.durationMonths} min={1} step={1} inputmode="numeric" required />
          </div>
        </>
      );
    }
    default:
      return null;
  }
}

function Review({ t, lang, draft, documents }: Pick<WizardProps, 't' | 'lang' | 'draft' | 'documents'>) {
  const none = t.common.none;
  return (
    <div class="review">
      <h2>{t.wizard.steps.basics}</h2>
      <Facts
        items={[
          [t.wizard.mode, draft.mode ? pick(lang, SPINOUT_MODE_LABELS[draft.mode]) : none],
          [t.wizard.makerSpaceName, draft.makerSpace?.name ?? none],
          [t.wizard.makerSpaceAddress, draft.makerSpace?.address ?? none],
        ]}
      />
      <h2>{t.wizard.steps.venture}</h2>
      <Facts
        items={[
          [t.wizard.ventureName, draft.venture?.name ?? none],
          [t.wizard.uscc, draft.venture?.unifiedSocialCreditCode ?? none],
          [t.wizard.ventureDescription, draft.venture?.description ?? none],
        ]}
      />
      <h2>{t.wizard.steps.results}</h2>
      {(draft.ipAssets ?? []).length === 0 ? (
        <p class="empty">{none}</p>
      ) : (
        <ul>
          {(draft.ipAssets ?? []).map((asset) => (
            <li>
              {asset.kind ? t.labels.ipKind[asset.kind] : none} · {asset.title ?? none}
              {asset.number ? ` (${asset.number})` : ''} · {asset.ownership ? t.labels.ownership[asset.ownership] : none}
            </li>
          ))}
        </ul>
      )}
      <h2>{t.wizard.steps.team}</h2>
      <ul>
        {(draft.team ?? []).map((member) => (
          <li>
            {member.name ?? none} · {member.role ?? none} · {typeof member.contributionShareBp === 'number' ? formatShare(member.contributionShareBp) : none}
          </li>
        ))}
      </ul>
      <h2>{t.wizard.steps.terms}</h2>
      <Facts
        items={[
          [t.wizard.holdsLeadershipPost, draft.declarations?.holdsLeadershipPost === undefined ? none : draft.declarations.holdsLeadershipPost ? t.common.yes : t.common.no],
          [t.wizard.isMajorProjectPI, draft.declarations?.isMajorProjectPI === undefined ? none : draft.declarations.isMajorProjectPI ? t.common.yes : t.common.no],
          [t.wizard.startDate, draft.requestedStartDate ?? none],
          [t.wizard.duration, draft.durationMonths === undefined ? none : t.wizard.months(draft.durationMonths)],
        ]}
      />
      <h2>{t.wizard.steps.documents}</h2>
      {documents.length === 0 ? <p class="empty">{t.documents.none}</p> : <ul>{documents.map((doc) => <li>{doc.fileName}</li>)}</ul>}
    </div>
  );
}

export function CaseWizardPage(props: WizardProps) {
  const { t, step, caseRef, summary, documents, maxBytes, lang } = props;
  const action = caseRef ? stepHref(caseRef.id, step) : '/app/cases/new';
  return (
    <div>
      <p class="breadcrumbs">
        <a href="/app/cases">{t.nav.myCases}</a>
        {caseRef ? (
          <>
            {' › '}
            <a href={`/app/cases/${caseRef.id}`}>{caseRef.reference}</a>
          </>
        ) : null}
      </p>
      <h1>
        {caseRef ? t.wizard.editTitle(caseRef.reference) : t.wizard.newTitle} — {t.wizard.steps[step]}
      </h1>
      {caseRef?.status === 'RETURNED' ? <p class="flash flash-info">{t.wizard.returnedHint}</p> : null}
      <StepNav label={t.wizard.stepsLabel} steps={WIZARD_STEPS} current={step} stepLabel={(key) => t.wizard.steps[key]} href={caseRef ? (key) => stepHref(caseRef.id, key) : null} />
      <ErrorSummary title={t.wizard.fixErrors} items={summary} />
      {step === 'documents' && caseRef ? (
        <section aria-labelledby="docs-heading">
          <h2 id="docs-heading" class="visually-hidden">
            {t.wizard.steps.documents}
          </h2>
          <p class="hint">{t.wizard.documentsIntro}</p>
          <DocumentList t={t} lang={lang} documents={documents} />
          <UploadForm t={t} caseId={caseRef.id} maxBytes={maxBytes} back={stepHref(caseRef.id, 'documents')} />
          <div class="form-actions">
            <a class="button" href={stepHref(caseRef.id, 'terms')}>
              {t.wizard.back}
            </a>
            <a class="button primary" href={stepHref(caseRef.id, 'review')}>
              {t.wizard.continue}
            </a>
          </div>
        </section>
      ) : step === 'review' && caseRef ? (
        <section>
          <Review t={t} lang={lang} draft={props.draft} documents={documents} />
          <form method="post" action={`/app/cases/${caseRef.id}/submit`} class="form-actions">
            <input type="hidden" name="expectedVersion" value={String(caseRef.version)} />
            <a class="button" href={stepHref(caseRef.id, 'documents')}>
              {t.wizard.back}
            </a>
            <button type="submit" class="button primary" data-testid="submit-case">
              {caseRef.status === 'RETURNED' ? t.wizard.resubmit : t.wizard.submit}
            </button>
          </form>
        </section>
      ) : (
        <form method="post" action={action} novalidate data-sw-form="spinout" data-step={step} class="card">
          {caseRef ? <input type="hidden" name="expectedVersion" value={String(caseRef.version)} /> : null}
          <StepFields {...props} />
          <Buttons t={t} step={step} caseRef={caseRef} addRows={step === 'results' ? 'ipAssets' : step === 'team' ? 'team' : undefined} />
        </form>
      )}
    </div>
  );
}

/** The label of the field an issue names, for the list of problems above the form. */
export function wizardFieldLabel(t: Messages, path: string): string | null {
  const row = /^(ipAssets|team)\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (row) {
    const n = Number(row[2]) + 1;
    const fields: Record<string, string> =
      row[1] === 'team'
        ? { name: t.wizard.memberName, role: t.wizard.memberRole, contributionShareBp: t.wizard.memberShare, personId: t.wizard.memberName }
        : { kind: t.wizard.assetKind, title: t.wizard.assetTitle, number: t.wizard.assetNumber, ownership: t.wizard.ownership, ownershipNote: t.wizard.ownershipNote };
    const prefix = row[1] === 'team' ? t.wizard.memberN(n) : t.wizard.assetN(n);
    return row[3] ? `${prefix} · ${fields[row[3]] ?? row[3]}` : prefix;
  }
  const labels: Record<string, string> = {
    mode: t.wizard.mode,
    makerSpace: t.wizard.makerSpaceName,
    'makerSpace.name': t.wizard.makerSpaceName,
    'makerSpace.address': t.wizard.makerSpaceAddress,
    venture: t.wizard.ventureName,
    'venture.name': t.wizard.ventureName,
    'venture.unifiedSocialCreditCode': t.wizard.uscc,
    'venture.description': t.wizard.ventureDescription,
    ipAssets: t.wizard.steps.results,
    team: t.wizard.steps.team,
    declarations: t.wizard.steps.terms,
    'declarations.holdsLeadershipPost': t.wizard.holdsLeadershipPost,
    'declarations.isMajorProjectPI': t.wizard.isMajorProjectPI,
    requestedStartDate: t.wizard.startDate,
    durationMonths: t.wizard.duration,
  };
  return labels[path] ?? null;
}
