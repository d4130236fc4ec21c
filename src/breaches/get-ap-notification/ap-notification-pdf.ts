import PDFDocument from 'pdfkit';
import { dutchTime } from './ap-form-labels.js';
import type { ApNotification } from './get-ap-notification.js';

/** Hours with a decimal comma, as Dutch writes them: 56,1. */
const dutchHours = (hours: number): string => hours.toLocaleString('nl-NL', { maximumFractionDigits: 1 });

/**
 * The prepared AP form as a printable PDF (pdfkit, its built-in Helvetica): what a privacy
 * officer has beside the AP's online form while copying the answers over. Same content as the
 * JSON: the deadline and time left, the questions still open, then every section in order.
 */
export function apNotificationPdf(notification: ApNotification): Promise<Buffer> {
  const document = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Meldformulier datalekken – voorbereiding ${notification.breachId}`, Subject: `versie ${notification.version.sha256}`, Creator: 'privacy-ledger' },
  });
  const left = document.page.margins.left;
  const width = document.page.width - left - document.page.margins.right;
  // pdfkit's `indent` moves only a paragraph's first line: an answer is set in a narrower column instead.
  const indented = (text: string): void => {
    document.text(text, left + 18, document.y, { width: width - 18 });
    document.x = left;
  };
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });

  document.font('Helvetica-Bold').fontSize(16).text('Meldformulier datalekken – voorbereide antwoorden');
  document.moveDown(0.3).font('Helvetica').fontSize(9).fillColor('#444444');
  document.text(`Datalek ${notification.breachId}`);
  document.text(`Versie: revisie ${notification.version.revision}, sha256 ${notification.version.sha256}`);
  document.text(`Opgesteld op ${dutchTime(notification.preparedAt)} (${notification.form})`);
  document.moveDown(0.5).fillColor('#000000').fontSize(11).font('Helvetica-Bold');
  document.text(`Uiterste meldtermijn (72 uur): ${dutchTime(notification.deadline)}`);
  document.font('Helvetica');
  if (notification.reportedAt !== null) document.text(`Gemeld bij de AP op ${dutchTime(notification.reportedAt)}`);
  else if (notification.overdue) document.fillColor('#b00020').text(`Termijn verstreken: ${dutchHours(Math.abs(notification.hoursLeft ?? 0))} uur geleden`).fillColor('#000000');
  else document.text(`Resterende tijd: ${dutchHours(notification.hoursLeft ?? 0)} uur`);
  if (notification.personalData === 'erased') document.text('De persoonsgegevens van dit datalek zijn gewist: vrije tekst leest "[erased]".');

  document.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(`Nog niet beantwoord (${notification.unanswered.length})`);
  document.font('Helvetica').fontSize(10);
  if (notification.unanswered.length === 0) document.text('Alle vragen zijn beantwoord.');
  for (const open of notification.unanswered) indented(`${open.number}  ${open.question}${open.hint ? ` — ${open.hint}` : ''}`);

  for (const section of notification.sections) {
    document.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(`${section.number}. ${section.title}`);
    for (const question of section.questions) {
      document.moveDown(0.4).font('Helvetica-Bold').fontSize(10).text(`${question.number}  ${question.question}`);
      document.font('Helvetica').fontSize(10);
      if (question.status === 'answered' && question.answer) {
        indented(question.answer.text);
        const sources = question.answer.sources.map((source) => `revisie ${source.revision} (positie ${source.position})`).join(', ');
        document.fontSize(7).fillColor('#666666');
        indented(`bron: ${sources}`);
        document.fillColor('#000000');
      } else if (question.status === 'not-applicable') {
        document.fillColor('#666666');
        indented(`niet van toepassing${question.hint ? `: ${question.hint}` : ''}`);
        document.fillColor('#000000');
      } else {
        document.fillColor('#b00020');
        indented(`NOG NIET BEANTWOORD${question.hint ? ` — ${question.hint}` : ''}`);
        document.fillColor('#000000');
      }
    }
  }
  document.end();
  return done;
}
