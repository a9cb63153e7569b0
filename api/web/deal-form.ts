// The IP deal (转让 / 许可 / 作价投资) as a guided form, step by step, and how its inputs become
// the API's draft. Inputs are named as the API names the fields (`counterparty.name`,
// `team[1].contributionShareBp`, `terms.milestones[0].amountFen`), so a 400 answer's issue paths
// find their inputs. People type yuan and percentages; the draft holds integer fen (converted
// exactly with domain/money's parseCny) and basis points. Shared with the browser script, hence
// pure and free of server imports.
import type { DealMode, TDealDraftInput } from '../../domain/licensing';
import { formatCny, parseCny } from '../../domain/money';
import { basisPointsOf } from './spinout-form';

export const DEAL_STEPS = ['basics', 'counterparty', 'assets', 'team', 'terms', 'documents', 'review'] as const;
export type DealStep = (typeof DEAL_STEPS)[number];

export const isDealStep = (value: unknown): value is DealStep => typeof value === 'string' && (DEAL_STEPS as readonly string[]).includes(value);

/** The draft's top-level fields each step edits. */
export const DEAL_STEP_FIELDS: Readonly<Record<DealStep, readonly string[]>> = {
  basics: ['title', 'mode', 'pricingMethod', 'caseId', 'leadResearcherId'],
  counterparty: ['counterparty'],
  assets: ['assets'],
  team: ['team'],
  terms: ['terms'],
  documents: ['valuationReportDocumentId', 'conflictDisclosureDocumentId'],
  review: [],
};

/** The step whose form holds the field an issue names (`terms.royalty.rateBp` → terms). */
export function dealStepOfPath(path: string): DealStep | null {
  const head = /^[A-Za-z]+/.exec(path)?.[0];
  if (!head) return null;
  return DEAL_STEPS.find((step) => DEAL_STEP_FIELDS[step].includes(head)) ?? null;
}

type Entries = Iterable<readonly [string, string]>;
/** A draft (or a part of one) as sent: numbers where the input was a number, text where it was not (for the schema to refuse). */
export type DealBody = Record<string, unknown>;

const text = (value: string | undefined) => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? undefined : trimmed;
};

function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

/** "1,500,000.5" or "¥2000" (yuan) → fen, exactly; anything else is passed on for the schema to refuse. */
export function fenOf(yuan: string | undefined): number | string | undefined {
  const value = text(yuan);
  if (value === undefined) return undefined;
  try {
    return parseCny(value);
  } catch {
    return value;
  }
}

/** Fen → the yuan shown in an input: 150000050 → "1500000.50". */
export const yuanOf = (fen: unknown) => (typeof fen === 'number' && Number.isSafeInteger(fen) ? formatCny(fen, { symbol: false, grouping: false }) : fen === undefined || fen === null ? '' : String(fen));

function wholeNumberOf(value: string | undefined): number | string | undefined {
  const given = text(value);
  if (given === undefined) return undefined;
  return /^\d+$/.test(given) ? Number(given) : given;
}

/** Rows of a repeated group with their input index: `team[2].name` → { index: 2, row.name }. */
function indexedRowsOf(entries: Entries, group: string): { index: number; row: Record<string, string> }[] {
  const rows = new Map<number, Record<string, string>>();
  const pattern = new RegExp(`^${group.replace(/\./g, '\\.')}\\[(\\d+)\\]\\.(\\w+)$`);
  for (const [name, value] of entries) {
    const match = pattern.exec(name);
    if (!match) continue;
    const index = Number(match[1]);
    const row = rows.get(index) ?? {};
    if (!(match[2]! in row)) row[match[2]!] = value;
    rows.set(index, row);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([index, row]) => ({ index, row }));
}

type Group = 'assets' | 'team' | 'terms.milestones';
const FILLED: Record<Group, readonly string[]> = {
  assets: ['title', 'number', 'allocationBp'],
  team: ['name', 'contributionShareBp', 'counterpartyInterest'],
  'terms.milestones': ['event', 'amountFen', 'expectedOn'],
};

/** The rows a step keeps: not marked `_remove`, not left entirely empty. */
function keptRows(entries: Entries, group: Group) {
  return indexedRowsOf(entries, group).filter(({ row }) => row._remove === undefined && FILLED[group].some((field) => text(row[field]) !== undefined));
}

/** An issue's path names the draft's array index; the form's inputs keep their own numbering. */
export function dealInputPathOf(path: string, input: Entries): string {
  const match = /^(assets|team|terms\.milestones)\[(\d+)\](.*)$/.exec(path);
  if (!match) return path;
  const row = keptRows([...input], match[1] as Group)[Number(match[2])];
  return row ? `${match[1]}[${row.index}]${match[3]}` : path;
}

/** The terms a mode can have: a licence's own terms are dropped from a transfer or an equity deal, equity from the others. */
export function termsForMode(mode: DealMode | string | undefined, terms: Record<string, unknown>): Record<string, unknown> {
  const out = { ...terms };
  if (mode !== 'LICENCE') {
    for (const key of ['exclusivity', 'fieldOfUse', 'territory', 'termMonths', 'royalty', 'minimumAnnualRoyaltyFen', 'sublicensing']) delete out[key];
  }
  if (mode !== 'EQUITY') delete out.equity;
  return out;
}

/** The terms as the form holds them (amounts in yuan, rates in percent) → the draft's terms. */
export function termsFromForm(input: Entries, mode: string | undefined): Record<string, unknown> {
  const entries = [...input];
  const field = (name: string) => entries.find(([key]) => key === name)?.[1];
  const royaltyGiven = ['terms.royalty.rateBp', 'terms.royalty.reportingPeriod'].some((name) => text(field(name)) !== undefined);
  const equityGiven = ['terms.equity.valuationFen', 'terms.equity.shares', 'terms.equity.companyShareBp'].some((name) => text(field(name)) !== undefined);
  const terms = compact({
    exclusivity: text(field('terms.exclusivity')),
    fieldOfUse: text(field('terms.fieldOfUse')),
    territory: text(field('terms.territory')),
    termMonths: wholeNumberOf(field('terms.termMonths')),
    effectiveOn: text(field('terms.effectiveOn')),
    upfrontFeeFen: fenOf(field('terms.upfrontFeeFen')) ?? 0,
    upfrontDueDays: wholeNumberOf(field('terms.upfrontDueDays')),
    milestones: keptRows(entries, 'terms.milestones').map(({ row }) =>
      compact({
        event: text(row.event),
        amountFen: fenOf(row.amountFen),
        dueDaysAfterEvent: wholeNumberOf(row.dueDaysAfterEvent),
        expectedOn: text(row.expectedOn),
      }),
    ),
    royalty: royaltyGiven
      ? compact({
          rateBp: basisPointsOf(field('terms.royalty.rateBp')),
          reportingPeriod: text(field('terms.royalty.reportingPeriod')),
          reportDueDays: wholeNumberOf(field('terms.royalty.reportDueDays')),
        })
      : undefined,
    minimumAnnualRoyaltyFen: fenOf(field('terms.minimumAnnualRoyaltyFen')),
    equity: equityGiven
      ? compact({
          valuationFen: fenOf(field('terms.equity.valuationFen')),
          shares: wholeNumberOf(field('terms.equity.shares')),
          companyShareBp: basisPointsOf(field('terms.equity.companyShareBp')),
        })
      : undefined,
    sublicensing: text(field('terms.sublicensing')),
    patentCostReimbursementFen: fenOf(field('terms.patentCostReimbursementFen')),
    terminationConditions: text(field('terms.terminationConditions')),
  });
  return termsForMode(mode, terms);
}

/** The part of the draft one step's form holds. Rows left entirely empty are dropped. */
export function dealFromStepForm(step: DealStep, input: Entries, mode?: string): DealBody {
  const entries = [...input];
  const field = (name: string) => entries.find(([key]) => key === name)?.[1];
  switch (step) {
    case 'basics':
      return compact({
        title: text(field('title')),
        mode: text(field('mode')),
        pricingMethod: text(field('pricingMethod')),
        caseId: text(field('caseId')),
        leadResearcherId: text(field('leadResearcherId')),
      });
    case 'counterparty':
      return {
        counterparty: compact({
          name: text(field('counterparty.name')),
          unifiedSocialCreditCode: text(field('counterparty.unifiedSocialCreditCode')),
          contactName: text(field('counterparty.contactName')),
          contactEmail: text(field('counterparty.contactEmail')),
        }),
      };
    case 'assets':
      return {
        assets: keptRows(entries, 'assets').map(({ row }) =>
          compact({
            ipAssetId: text(row.ipAssetId),
            kind: text(row.kind),
            title: text(row.title),
            number: text(row.number),
            ownership: text(row.ownership),
            allocationBp: basisPointsOf(row.allocationBp),
          }),
        ),
      };
    case 'team':
      return {
        team: keptRows(entries, 'team').map(({ row }) =>
          compact({
            personId: text(row.personId),
            name: text(row.name),
            contributionShareBp: basisPointsOf(row.contributionShareBp),
            mainContributor: row.mainContributor === 'true',
            counterpartyInterest: text(row.counterpartyInterest),
          }),
        ),
      };
    case 'terms':
      return { terms: termsFromForm(entries, mode ?? text(field('mode'))) };
    default:
      return {};
  }
}

/** For the type checker: a draft built from the form is sent as the API's draft input. */
export const asDraftInput = (body: DealBody) => body as unknown as Partial<TDealDraftInput>;
