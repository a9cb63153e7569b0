// A small document model between the agreement's wording and the PDF: the wording can be read
// and tested as data, and the renderer knows nothing about spin-outs.

export type AgreementBlock =
  | { kind: 'title'; text: string }
  | { kind: 'subtitle'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; columns: Array<{ header: string; width: number }>; rows: string[][] }
  | { kind: 'signatures'; parties: Array<{ lines: string[] }> };

export interface AgreementDocument {
  title: string;
  subject: string;
  author: string;
  /** Printed at the foot of every page with the page number. */
  footer: string;
  blocks: AgreementBlock[];
}

/** Every text of the document, in order: what a reader (or a test) finds in the PDF. */
export function plainTextOf(document: AgreementDocument): string {
  return document.blocks
    .flatMap((block) => {
      switch (block.kind) {
        case 'table':
          return [block.columns.map((column) => column.header).join(' '), ...block.rows.map((row) => row.join(' '))];
        case 'signatures':
          return block.parties.flatMap((party) => party.lines);
        default:
          return [block.text];
      }
    })
    .join('\n');
}
