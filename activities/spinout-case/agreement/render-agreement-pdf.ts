// Lays an AgreementDocument out as an A4 PDF with pdfkit, in a CJK font.
import PDFDocument from 'pdfkit';
import type { AgreementBlock, AgreementDocument } from './agreement-document';
import { cjkFont } from './cjk-font';

/** The ideographic space (U+3000) that sets Chinese headings apart. */
const WIDE_SPACE = '\u3000';

const REGULAR = 'cjk';
const BOLD = 'cjk-bold';
const MARGIN = 64;
const BODY_SIZE = 10.5;
const KEEP_WITH_NEXT = 96;
/** Room to sign or stamp between the lines of a signature block. */
const SIGNATURE_LINE_GAP = 22;

function renderBlock(pdf: PDFKit.PDFDocument, block: AgreementBlock): void {
  const width = pdf.page.width - 2 * MARGIN;
  switch (block.kind) {
    case 'title':
      pdf.font(BOLD).fontSize(20).text(block.text, { align: 'center', characterSpacing: 2 });
      pdf.moveDown(0.3);
      break;
    case 'subtitle':
      pdf.font(REGULAR).fontSize(9).fillColor('#444444').text(block.text, { align: 'center' }).fillColor('black');
      pdf.moveDown(0.3);
      break;
    case 'heading':
      // A heading stays with the first lines of its article.
      if (pdf.y + KEEP_WITH_NEXT > pdf.page.height - MARGIN) pdf.addPage();
      else pdf.moveDown(0.6);
      pdf.font(BOLD).fontSize(11.5).text(block.text);
      pdf.moveDown(0.2);
      break;
    case 'paragraph':
      pdf.font(REGULAR).fontSize(BODY_SIZE).text(block.text, { lineGap: 3, paragraphGap: 3 });
      break;
    case 'table': {
      const total = block.columns.reduce((sum, column) => sum + column.width, 0);
      pdf.moveDown(0.3);
      pdf.font(REGULAR).fontSize(9.5);
      pdf.table({
        position: { x: MARGIN },
        maxWidth: width,
        columnStyles: block.columns.map((column) => (column.width / total) * width),
        defaultStyle: { padding: [3, 4], border: 0.5, borderColor: '#888888' },
        data: [
          block.columns.map((column) => ({ text: column.header, font: { src: BOLD }, backgroundColor: '#eeeeee', type: 'TH' as const })),
          ...block.rows,
        ],
      });
      pdf.x = MARGIN;
      pdf.moveDown(0.4);
      break;
    }
    case 'signatures': {
      pdf.moveDown(2);
      pdf.font(REGULAR).fontSize(BODY_SIZE);
      const columnWidth = width / block.parties.length;
      const textWidth = columnWidth - 16;
      const heightOf = (lines: string[]) => lines.reduce((sum, line) => sum + pdf.heightOfString(line || ' ', { width: textWidth }) + SIGNATURE_LINE_GAP, 0);
      // Keep the signature blocks together on one page.
      const height = Math.max(...block.parties.map((party) => heightOf(party.lines)));
      if (pdf.y + height > pdf.page.height - MARGIN) pdf.addPage();
      const top = pdf.y;
      block.parties.forEach((party, index) => {
        let y = top;
        for (const line of party.lines) {
          pdf.text(line, MARGIN + index * columnWidth, y, { width: textWidth });
          y = pdf.y + SIGNATURE_LINE_GAP;
        }
      });
      pdf.x = MARGIN;
      pdf.y = top + height;
      break;
    }
  }
}

function addFooters(pdf: PDFKit.PDFDocument, footer: string): void {
  const range = pdf.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    pdf.switchToPage(index);
    // Writing below the bottom margin would add a page; lift the margin while writing.
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .font(REGULAR)
      .fontSize(8)
      .fillColor('#666666')
      .text(`${footer}${WIDE_SPACE}第 ${index + 1} 页 / 共 ${range.count} 页`, MARGIN, pdf.page.height - MARGIN / 2 - 8, {
        width: pdf.page.width - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      })
      .fillColor('black');
    pdf.page.margins.bottom = bottom;
  }
}

export function renderAgreementPdf(document: AgreementDocument, createdAt: Date): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: document.title, Subject: document.subject, Author: document.author, Creator: 'Spinway', CreationDate: createdAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont(REGULAR, cjkFont('Regular'));
  pdf.registerFont(BOLD, cjkFont('Bold'));
  pdf.font(REGULAR);
  for (const block of document.blocks) renderBlock(pdf, block);
  addFooters(pdf, document.footer);
  pdf.end();
  return done;
}
