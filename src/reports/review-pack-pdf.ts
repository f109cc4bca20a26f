import PDFDocument from 'pdfkit';
import type { ReviewPack } from '../domain/review-pack';
import { BUNDLED_FONT_FILES } from './chart-fonts';

/**
 * The review pack as one PDF people can forward, made with pdfkit (maintained, pure JavaScript, and it
 * embeds TrueType fonts through fontkit, which Steward already uses): DejaVu Sans like the charts, so
 * names in any Latin, Greek or Cyrillic script come out right. Trend charts are embedded as PNG pages
 * when given. A4, text wraps and flows onto new pages by itself.
 */
export interface PackChart {
  title: string;
  png: Buffer;
}

export async function renderReviewPackPdf(pack: ReviewPack, charts: readonly PackChart[] = []): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: pack.title, Subject: pack.subtitle, Creator: 'Steward' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const [regular, bold] = BUNDLED_FONT_FILES;
  doc.registerFont('body', regular!);
  doc.registerFont('bold', bold!);

  doc.font('bold').fontSize(18).text(pack.title);
  doc.font('body').fontSize(11).fillColor('#555555').text(pack.subtitle).fillColor('#000000');
  for (const section of pack.sections) {
    doc.moveDown(1);
    doc.font('bold').fontSize(13).text(section.heading);
    doc.moveDown(0.3);
    doc.font('body').fontSize(10);
    for (const line of section.lines) doc.text(line, { paragraphGap: 2 });
  }
  for (const chart of charts) {
    doc.addPage();
    doc.font('bold').fontSize(13).text(chart.title);
    doc.moveDown(0.5);
    doc.image(chart.png, { fit: [495, 600] });
  }
  doc.end();
  return done;
}

/** Pages of a PDF as its page tree counts them (`/Type /Page` objects), for tests and the upload's comment. */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}
