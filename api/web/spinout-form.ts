// The request form, step by step, and how its inputs become a draft for the API. Inputs are
// named as the API names the fields (`venture.name`, `team[1].contributionShareBp`), so a 400
// answer's issue paths find their inputs. Shared with the browser script (inline validation
// builds the same draft from the same inputs), hence pure and free of server imports.
import type { TSpinoutDraft } from '../../domain/spinout';

export const WIZARD_STEPS = ['basics', 'venture', 'results', 'team', 'terms', 'documents', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export const isWizardStep = (value: unknown): value is WizardStep => typeof value === 'string' && (WIZARD_STEPS as readonly string[]).includes(value);

/** The draft's fields each step edits. */
export const STEP_FIELDS: Readonly<Record<WizardStep, readonly (keyof TSpinoutDraft)[]>> = {
  basics: ['mode', 'makerSpace'],
  venture: ['venture'],
  results: ['ipAssets'],
  team: ['team'],
  terms: ['declarations', 'requestedStartDate', 'durationMonths'],
  documents: [],
  review: [],
};

/** The step whose form holds the field an issue names (`team[0].role` → team). */
export function stepOfPath(path: string): WizardStep | null {
  const head = /^[A-Za-z]+/.exec(path)?.[0];
  if (!head) return null;
  return WIZARD_STEPS.find((step) => (STEP_FIELDS[step] as readonly string[]).includes(head)) ?? null;
}

type Entries = Iterable<readonly [string, string]>;

const text = (value: string | undefined) => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? undefined : trimmed;
};

/** Drops keys whose value is undefined, so "left empty" is "not given". */
function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

/** Rows of a repeated group with their input index: `team[2].role` → { index: 2, row.role }. */
function indexedRowsOf(entries: Entries, group: string): { index: number; row: Record<string, string> }[] {
  const rows = new Map<number, Record<string, string>>();
  const pattern = new RegExp(`^${group}\\[(\\d+)\\]\\.(\\w+)$`);
  for (const [name, value] of entries) {
    const match = pattern.exec(name);
    if (!match) continue;
    const index = Number(match[1]);
    const row = rows.get(index) ?? {};
    row[match[2]!] = value;
    rows.set(index, row);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([index, row]) => ({ index, row }));
}

const isBlankAsset = (row: Record<string, string>) => text(row.title) === undefined && text(row.number) === undefined && text(row.ownershipNote) === undefined;
const isBlankMember = (row: Record<string, string>) => text(row.name) === undefined && text(row.role) === undefined && text(row.contributionShareBp) === undefined;

/** The rows a step keeps: not marked `_remove`, not left entirely empty. */
function keptRows(entries: Entries, group: 'ipAssets' | 'team') {
  const blank = group === 'ipAssets' ? isBlankAsset : isBlankMember;
  return indexedRowsOf(entries, group).filter(({ row }) => row._remove === undefined && !blank(row));
}

/**
 * An issue's path names the draft's array index; the form's inputs keep their own numbering
 * (rows left empty or removed are skipped), so `team[1].role` may be the input `team[2].role`.
 */
export function inputPathOf(path: string, input: Entries): string {
  const match = /^(ipAssets|team)\[(\d+)\](.*)$/.exec(path);
  if (!match) return path;
  const kept = keptRows(input, match[1] as 'ipAssets' | 'team');
  const row = kept[Number(match[2])];
  return row ? `${match[1]}[${row.index}]${match[3]}` : path;
}

/** "60" or "33.33" (percent) → basis points; anything else is passed on for the schema to refuse. */
export function basisPointsOf(percent: string | undefined): number | string | undefined {
  const value = text(percent);
  if (value === undefined) return undefined;
  return /^\d{1,3}(\.\d{1,2})?$/.test(value) ? Math.round(Number(value) * 100) : value;
}

/** Basis points → the percent shown in the input: 6000 → "60", 3333 → "33.33". */
export const percentOf = (bp: unknown) => (typeof bp === 'number' ? String(bp / 100) : bp === undefined || bp === null ? '' : String(bp));

function wholeNumberOf(value: string | undefined): number | string | undefined {
  const given = text(value);
  if (given === undefined) return undefined;
  return /^\d+$/.test(given) ? Number(given) : given;
}

function booleanOf(value: string | undefined): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** The part of the draft one step's form holds. Rows left entirely empty are dropped. */
export function draftFromStepForm(step: WizardStep, input: Entries): TSpinoutDraft {
  const entries = [...input];
  const field = (name: string) => entries.find(([key]) => key === name)?.[1];
  switch (step) {
    case 'basics': {
      const mode = text(field('mode'));
      return compact({
        mode: mode as TSpinoutDraft['mode'],
        makerSpace: compact({ name: text(field('makerSpace.name')), address: text(field('makerSpace.address')) }),
      });
    }
    case 'venture':
      return {
        venture: compact({
          name: text(field('venture.name')),
          unifiedSocialCreditCode: text(field('venture.unifiedSocialCreditCode')),
          description: text(field('venture.description')),
        }),
      };
    case 'results':
      return {
        ipAssets: keptRows(entries, 'ipAssets').map(({ row }) =>
          compact({
            kind: text(row.kind) as never,
            title: text(row.title),
            number: text(row.number),
            ownership: text(row.ownership) as never,
            ownershipNote: text(row.ownershipNote),
          }),
        ),
      };
    case 'team':
      return {
        team: keptRows(entries, 'team').map(({ row }) =>
          compact({
            personId: text(row.personId),
            name: text(row.name),
            role: text(row.role),
            contributionShareBp: basisPointsOf(row.contributionShareBp) as number,
          }),
        ),
      };
    case 'terms':
      return compact({
        declarations: compact({
          holdsLeadershipPost: booleanOf(field('declarations.holdsLeadershipPost')),
          isMajorProjectPI: booleanOf(field('declarations.isMajorProjectPI')),
        }),
        requestedStartDate: text(field('requestedStartDate')),
        durationMonths: wholeNumberOf(field('durationMonths')) as number,
      });
    default:
      return {};
  }
}
