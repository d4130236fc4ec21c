import { formHours, formTime } from './ap-form-labels.js';
import type { ApNotification } from './get-ap-notification.js';

/**
 * The prepared AP form as a printable PDF (pdfkit, its built-in Helvetica): what a privacy
 * officer has beside the AP's online form while copying the answers over. Same content as the
 * JSON, in its language: the deadline and time left, the questions still open, then every
 * section in order. pdfkit is loaded with the first PDF, not with the service.
 */
export async function apNotificationPdf(notification: ApNotification): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const { lang, version } = notification;
  const say = (nl: string, en: string): string => (lang === 'nl' ? nl : en);
  const time = (at: string): string => formTime(at, lang);
  const hours = (value: number): string => formHours(value, lang);
  const document = new PDFDocument({
    size: 'A4',
    margin: 50,
    lang: lang === 'nl' ? 'nl-NL' : 'en-GB',
    info: {
      Title: say(`Meldformulier datalekken – voorbereiding ${notification.breachId}`, `AP breach notification form – prepared answers ${notification.breachId}`),
      Subject: say(`versie ${version.sha256}`, `version ${version.sha256}`),
      Creator: 'privacy-ledger',
    },
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

  document.font('Helvetica-Bold').fontSize(16).text(say('Meldformulier datalekken – voorbereide antwoorden', 'AP breach notification form (meldformulier datalekken) – prepared answers'));
  document.moveDown(0.3).font('Helvetica').fontSize(9).fillColor('#444444');
  document.text(say(`Datalek ${notification.breachId}`, `Breach ${notification.breachId}`));
  document.text(say(`Versie: revisie ${version.revision}, sha256 ${version.sha256}`, `Version: revision ${version.revision}, sha256 ${version.sha256}`));
  document.text(say(`Opgesteld op ${time(notification.preparedAt)} (${notification.form})`, `Prepared on ${time(notification.preparedAt)} (${notification.form}); times in Amsterdam time`));
  if (lang !== 'nl') document.text("The AP's form is in Dutch: GET this form with ?lang=nl for the Dutch wording. The version is the same in both languages.");
  document.moveDown(0.5).fillColor('#000000').fontSize(11).font('Helvetica-Bold');
  document.text(say(`Uiterste meldtermijn (72 uur): ${time(notification.deadline)}`, `Deadline (72 hours): ${time(notification.deadline)}`));
  document.font('Helvetica');
  if (notification.reportedAt !== null) document.text(say(`Gemeld bij de AP op ${time(notification.reportedAt)}`, `Reported to the AP on ${time(notification.reportedAt)}`));
  else if (notification.overdue)
    document
      .fillColor('#b00020')
      .text(say(`Termijn verstreken: ${hours(Math.abs(notification.hoursLeft ?? 0))} uur geleden`, `Deadline passed: ${hours(Math.abs(notification.hoursLeft ?? 0))} hours ago`))
      .fillColor('#000000');
  else document.text(say(`Resterende tijd: ${hours(notification.hoursLeft ?? 0)} uur`, `Time left: ${hours(notification.hoursLeft ?? 0)} hours`));
  if (notification.personalData === 'erased') document.text(say('De persoonsgegevens van dit datalek zijn gewist: vrije tekst leest "[erased]".', 'The personal data of this breach are erased: free text reads "[erased]".'));

  document.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(say(`Nog niet beantwoord (${notification.unanswered.length})`, `Not yet answered (${notification.unanswered.length})`));
  document.font('Helvetica').fontSize(10);
  if (notification.unanswered.length === 0) document.text(say('Alle vragen zijn beantwoord.', 'Every question is answered.'));
  for (const open of notification.unanswered) indented(`${open.number}  ${open.question}${open.hint ? ` — ${open.hint}` : ''}`);

  for (const section of notification.sections) {
    document.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(`${section.number}. ${section.title}`);
    for (const question of section.questions) {
      document.moveDown(0.4).font('Helvetica-Bold').fontSize(10).text(`${question.number}  ${question.question}`);
      document.font('Helvetica').fontSize(10);
      if (question.status === 'answered' && question.answer) {
        indented(question.answer.text);
        const sources = question.answer.sources.map((source) => say(`revisie ${source.revision} (positie ${source.position})`, `revision ${source.revision} (position ${source.position})`)).join(', ');
        document.fontSize(7).fillColor('#666666');
        indented(say(`bron: ${sources}`, `source: ${sources}`));
        document.fillColor('#000000');
      } else if (question.status === 'not-applicable') {
        document.fillColor('#666666');
        indented(`${say('niet van toepassing', 'not applicable')}${question.hint ? `: ${question.hint}` : ''}`);
        document.fillColor('#000000');
      } else {
        document.fillColor('#b00020');
        indented(`${say('NOG NIET BEANTWOORD', 'NOT YET ANSWERED')}${question.hint ? ` — ${question.hint}` : ''}`);
        document.fillColor('#000000');
      }
    }
  }
  document.end();
  return done;
}
