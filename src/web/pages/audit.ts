import { randomUUID } from 'node:crypto';
import type { RecordedCheckpoint } from '../../ledger/checkpoint-log.js';
import type { LedgerVerification } from '../../ledger/ledger-verifier.js';
import type { ProblemDetails } from '../../http/problem-details.js';
import { formGuards, heading, problemAlert, table, time } from '../components.js';
import { html, type Html } from '../html.js';
import { textsIn, type Lang, type Texts } from '../i18n/texts.js';
import { pageDocument } from '../layout.js';
import type { PageContext, WebRoute } from '../page-context.js';
import { streamFromApi, streamedFile } from '../stream-from-api.js';
import type { WebSession } from '../web-sessions.js';

const TEXTS = {
  nl: {
    title: 'Verificatie en export van het logboek',
    intro: 'Elk feit staat als gebeurtenis in een logboek dat alleen kan groeien. Elke gebeurtenis is met een hash aan de vorige van haar stroom gekoppeld, en een Merkle-boom over het hele logboek wordt regelmatig ondertekend (checkpoints). Hier controleert u dat niets is gewijzigd of weggelaten, en haalt u het logboek op om het zelf te controleren.',
    verificationTitle: 'Het logboek controleren',
    verificationIntro: 'De service rekent elke hashketen, de Merkle-boom en de handtekening van elk checkpoint opnieuw na. Bij een lang logboek duurt dat even; de controle wordt vastgelegd in het toegangslogboek.',
    verify: 'Logboek nu controleren',
    verified: 'De controle is uitgevoerd.',
    notRun: 'U hebt in deze sessie nog geen controle uitgevoerd.',
    outcomeTitle: 'Uitkomst van uw laatste controle',
    intact: 'Intact: alle hashketens, de Merkle-boom en alle ondertekende checkpoints kloppen.',
    broken: 'Niet intact: het logboek klopt niet meer met zichzelf of met de checkpoints.',
    firstBreak: 'Eerste breuk',
    breakKind: 'Soort',
    breakStream: 'Stroom',
    breakRevision: 'Revisie',
    breakPosition: 'Positie',
    breakTreeSize: 'Checkpoint (grootte)',
    breakMessage: 'Toelichting',
    ranAt: 'Uitgevoerd',
    duration: 'Duur',
    seconds: '{seconds} s',
    events: 'Gebeurtenissen (grootte van de boom)',
    checkpointsChecked: 'Checkpoints gecontroleerd',
    rootHash: 'Merkle-root over deze gebeurtenissen',
    witnessed: 'Nieuwste checkpoint met getuigen',
    witnessedValue: 'grootte {size}, getekend door {names}',
    noWitnessed: 'geen',
    afterWitnessed: 'Gebeurtenissen na dat checkpoint',
    noWitnesses: 'Er is geen getuige ingesteld en geen vertrouwd checkpoint vastgepind. De controle bewijst dan dat het logboek met zichzelf klopt, niet dat het niet in zijn geheel door iemand met toegang tot de gegevens is herschreven. Laat checkpoints daarom door een partij buiten de gemeente medeondertekenen of bewaren.',
    exportTitle: 'Het logboek downloaden',
    exportIntro: 'Eén NDJSON-bestand met elke gebeurtenis, elk checkpoint met zijn medeondertekeningen en een nieuw ondertekend checkpoint over alles wat erin staat. Een lang logboek is groot; het bestand wordt rechtstreeks doorgegeven terwijl het wordt gelezen.',
    exportLink: 'Export downloaden (NDJSON)',
    checkpointsTitle: 'Ondertekende checkpoints',
    checkpointsCaption: 'De laatste {count} checkpoints, het nieuwste eerst',
    checkpointsNone: 'Er is nog geen checkpoint ondertekend.',
    treeSize: 'Grootte',
    root: 'Root (base64)',
    signedAt: 'Ondertekend',
    cosigners: 'Medeondertekend door',
    nobody: 'niemand',
    keyTitle: 'Publieke sleutel van het logboek',
    keyIntro: 'Checkpoints en exports worden met deze Ed25519-sleutel gecontroleerd. Vergelijk hem met de sleutel die u buiten deze site kreeg (bijvoorbeeld van de FG of de getuige): een sleutel van deze pagina alleen bewijst niets.',
    keyName: 'Naam (origin)',
    verifierKey: 'Verificatiesleutel (signed note)',
    pem: 'PEM',
    keyDownload: 'Sleutel downloaden (ledger.pub)',
    offlineTitle: 'Zelf controleren, zonder de service',
    offline1: 'Bewaar de publieke sleutel als ledger.pub en download de export.',
    offline2: 'Controleer de export met het meegeleverde programma, zonder database en zonder netwerk:',
    offline3: 'Pin wat u buiten deze service bewaarde: een eerder opgeslagen checkpoint met --trusted-checkpoint, en de sleutels van getuigen met --witness naam=sleutelbestand (en --witness-quorum). Alleen dan blijkt ook dat het logboek niet in zijn geheel is herschreven.',
    offline4: 'Het programma meldt de eerste breuk (stroom, revisie, positie) of dat alles klopt.',
    unavailable: 'Dit kon niet worden gelezen.',
  },
  en: {
    title: 'Verification and export of the log',
    intro: 'Every fact is an event in a log that can only grow. Each event is chained by hash to the previous one of its stream, and a Merkle tree over the whole log is signed regularly (checkpoints). Here you check that nothing was changed or left out, and fetch the log to check it yourself.',
    verificationTitle: 'Check the log',
    verificationIntro: 'The service recomputes every hash chain, the Merkle tree and the signature of every checkpoint. On a long log this takes a while; the check is recorded in the access log.',
    verify: 'Check the log now',
    verified: 'The check has run.',
    notRun: 'You have not run a check in this session yet.',
    outcomeTitle: 'Outcome of your last check',
    intact: 'Intact: every hash chain, the Merkle tree and every signed checkpoint hold.',
    broken: 'Not intact: the log no longer agrees with itself or with its checkpoints.',
    firstBreak: 'First break',
    breakKind: 'Kind',
    breakStream: 'Stream',
    breakRevision: 'Revision',
    breakPosition: 'Position',
    breakTreeSize: 'Checkpoint (size)',
    breakMessage: 'Explanation',
    ranAt: 'Run at',
    duration: 'Took',
    seconds: '{seconds} s',
    events: 'Events (size of the tree)',
    checkpointsChecked: 'Checkpoints checked',
    rootHash: 'Merkle root over these events',
    witnessed: 'Newest witnessed checkpoint',
    witnessedValue: 'size {size}, signed by {names}',
    noWitnessed: 'none',
    afterWitnessed: 'Events after that checkpoint',
    noWitnesses: 'No witness is configured and no trusted checkpoint is pinned. The check then proves the log agrees with itself, not that it was not rewritten as a whole by someone with access to the data. Have a party outside the municipality cosign or keep checkpoints.',
    exportTitle: 'Download the log',
    exportIntro: 'One NDJSON file with every event, every checkpoint with its cosignatures and a fresh signed checkpoint over everything in it. A long log is large; the file is passed on as it is read.',
    exportLink: 'Download the export (NDJSON)',
    checkpointsTitle: 'Signed checkpoints',
    checkpointsCaption: 'The latest {count} checkpoints, newest first',
    checkpointsNone: 'No checkpoint has been signed yet.',
    treeSize: 'Size',
    root: 'Root (base64)',
    signedAt: 'Signed',
    cosigners: 'Cosigned by',
    nobody: 'nobody',
    keyTitle: 'Public key of the log',
    keyIntro: 'Checkpoints and exports are verified with this Ed25519 key. Compare it with the key you received outside this site (e.g. from the DPO or the witness): a key from this page alone proves nothing.',
    keyName: 'Name (origin)',
    verifierKey: 'Verifier key (signed note)',
    pem: 'PEM',
    keyDownload: 'Download the key (ledger.pub)',
    offlineTitle: 'Check it yourself, without the service',
    offline1: 'Save the public key as ledger.pub and download the export.',
    offline2: 'Check the export with the bundled program, without a database or a network:',
    offline3: 'Pin what you kept outside this service: a checkpoint saved earlier with --trusted-checkpoint, and the witnesses’ keys with --witness name=keyfile (and --witness-quorum). Only then does it also show that the log was not rewritten as a whole.',
    offline4: 'The program reports the first break (stream, revision, position) or that everything holds.',
    unavailable: 'This could not be read.',
  },
} as const satisfies Texts<string>;

/** How many of the newest checkpoints the page lists. */
const CHECKPOINTS_SHOWN = 10;

/** A verification run from the page: kept for the person's session, shown after the form's redirect. */
interface VerificationRun {
  readonly ranAt: string;
  readonly durationMs: number;
  readonly outcome: { readonly verification: LedgerVerification; readonly rootHash?: string } | { readonly problem: ProblemDetails };
}

const runs = new WeakMap<WebSession, VerificationRun>();

function verificationOutcome(lang: Lang, run: VerificationRun | undefined): Html {
  const t = textsIn(TEXTS, lang);
  if (!run) return html`<p class="utrecht-paragraph pl-muted">${t('notRun')}</p>`;
  const when = html`<dt>${t('ranAt')}</dt><dd>${time(lang, run.ranAt)}</dd><dt>${t('duration')}</dt><dd>${t('seconds', { seconds: new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(run.durationMs / 1000) })}</dd>`;
  if ('problem' in run.outcome) return html`<h3 class="utrecht-heading-3">${t('outcomeTitle')}</h3>${problemAlert(lang, run.outcome.problem)}<dl class="pl-dl">${when}</dl>`;
  const { verification, rootHash } = run.outcome;
  const witnesses = verification.witnesses;
  const breakAt = verification.firstBreak;
  return html`<h3 class="utrecht-heading-3">${t('outcomeTitle')}</h3>
    ${verification.ok
      ? html`<div class="utrecht-alert utrecht-alert--ok" role="status" id="verification-outcome"><div class="utrecht-alert__content"><p class="utrecht-alert__message"><strong>${t('intact')}</strong></p></div></div>`
      : html`<div class="utrecht-alert utrecht-alert--error pl-error-summary" role="alert" id="verification-outcome"><div class="utrecht-alert__content"><p class="utrecht-alert__message"><strong>${t('broken')}</strong></p></div></div>`}
    <dl class="pl-dl">
      ${verification.ok ? html`<dt>${t('events')}</dt><dd>${verification.events}</dd><dt>${t('checkpointsChecked')}</dt><dd>${verification.checkpoints}</dd>` : ''}
      ${verification.ok && rootHash ? html`<dt>${t('rootHash')}</dt><dd class="pl-code">${rootHash}</dd>` : ''}
      ${witnesses && witnesses.quorum.witnesses.length > 0
        ? html`<dt>${t('witnessed')}</dt><dd>${witnesses.newestWitnessed ? t('witnessedValue', { size: witnesses.newestWitnessed.treeSize, names: witnesses.newestWitnessed.cosigned.join(', ') }) : t('noWitnessed')}</dd>
          <dt>${t('afterWitnessed')}</dt><dd>${witnesses.eventsAfterNewestWitnessed}</dd>`
        : ''}
      ${when}
    </dl>
    ${breakAt
      ? html`<h4 class="utrecht-heading-4">${t('firstBreak')}</h4><dl class="pl-dl">
          <dt>${t('breakKind')}</dt><dd class="pl-code">${breakAt.kind}</dd>
          ${breakAt.streamId !== undefined ? html`<dt>${t('breakStream')}</dt><dd class="pl-code">${breakAt.streamId}</dd>` : ''}
          ${breakAt.revision !== undefined ? html`<dt>${t('breakRevision')}</dt><dd>${breakAt.revision}</dd>` : ''}
          ${breakAt.position !== undefined ? html`<dt>${t('breakPosition')}</dt><dd>${breakAt.position}</dd>` : ''}
          ${breakAt.treeSize !== undefined ? html`<dt>${t('breakTreeSize')}</dt><dd>${breakAt.treeSize}</dd>` : ''}
          <dt>${t('breakMessage')}</dt><dd>${breakAt.message}</dd>
        </dl>`
      : ''}
    ${verification.ok && witnesses && witnesses.quorum.witnesses.length === 0 && witnesses.trustedCheckpoints === 0 ? html`<div class="utrecht-alert utrecht-alert--warning"><div class="utrecht-alert__content"><p class="utrecht-alert__message">${t('noWitnesses')}</p></div></div>` : ''}`;
}

async function auditPage(context: PageContext): Promise<Html> {
  const t = textsIn(TEXTS, context.lang);
  const lang = context.lang;
  const mayReplay = context.can('replay-log');
  const [checkpoints, key] = await Promise.all([context.api.get<{ checkpoints: RecordedCheckpoint[] }>('/audit/checkpoints'), context.api.get<{ name: string; pem: string; verifierKey: string }>('/audit/public-key')]);
  const newest = checkpoints.ok ? [...checkpoints.body.checkpoints].sort((a, b) => b.treeSize - a.treeSize).slice(0, CHECKPOINTS_SHOWN) : [];
  return html`${heading(t('title'))}
    <p class="utrecht-paragraph">${t('intro')}</p>
    ${mayReplay
      ? html`<section aria-labelledby="verification-title">
          <h2 class="utrecht-heading-2" id="verification-title">${t('verificationTitle')}</h2>
          <p class="utrecht-paragraph">${t('verificationIntro')}</p>
          <form method="post" action="/app/audit/verification">
            ${formGuards(context, randomUUID())}
            <button type="submit" class="utrecht-button utrecht-button--primary-action">${t('verify')}</button>
          </form>
          ${verificationOutcome(lang, runs.get(context.session))}
        </section>
        <section aria-labelledby="export-title">
          <h2 class="utrecht-heading-2" id="export-title">${t('exportTitle')}</h2>
          <p class="utrecht-paragraph">${t('exportIntro')}</p>
          <p><a class="utrecht-button-link utrecht-button-link--secondary-action" href="/app/audit/export">${t('exportLink')}</a></p>
        </section>`
      : ''}
    <section aria-labelledby="checkpoints-title">
      <h2 class="utrecht-heading-2" id="checkpoints-title">${t('checkpointsTitle')}</h2>
      ${checkpoints.ok
        ? table(
            t('checkpointsCaption', { count: newest.length }),
            [t('treeSize'), t('root'), t('signedAt'), t('cosigners')],
            newest.map((checkpoint) => [String(checkpoint.treeSize), html`<span class="pl-code">${checkpoint.rootHash}</span>`, time(lang, checkpoint.checkpointedAt), checkpoint.cosigners.length > 0 ? checkpoint.cosigners.join(', ') : t('nobody')]),
            t('checkpointsNone'),
          )
        : problemAlert(lang, checkpoints.problem)}
    </section>
    <section aria-labelledby="key-title">
      <h2 class="utrecht-heading-2" id="key-title">${t('keyTitle')}</h2>
      <p class="utrecht-paragraph">${t('keyIntro')}</p>
      ${key.ok
        ? html`<dl class="pl-dl">
            <dt>${t('keyName')}</dt><dd class="pl-code">${key.body.name}</dd>
            <dt>${t('verifierKey')}</dt><dd class="pl-code" id="verifier-key">${key.body.verifierKey}</dd>
            <dt>${t('pem')}</dt><dd><pre class="pl-code pl-pre">${key.body.pem}</pre></dd>
          </dl>
          <p><a class="utrecht-link" href="/app/audit/public-key">${t('keyDownload')}</a></p>`
        : problemAlert(lang, key.problem)}
    </section>
    <section aria-labelledby="offline-title">
      <h2 class="utrecht-heading-2" id="offline-title">${t('offlineTitle')}</h2>
      <ol class="utrecht-ordered-list">
        <li class="utrecht-ordered-list__item">${t('offline1')}</li>
        <li class="utrecht-ordered-list__item">${t('offline2')}<pre class="pl-code pl-pre">npx privacy-ledger verify privacy-ledger-export.ndjson --public-key ledger.pub</pre></li>
        <li class="utrecht-ordered-list__item">${t('offline3')}<pre class="pl-code pl-pre">npx privacy-ledger verify privacy-ledger-export.ndjson --public-key ledger.pub \\
  --trusted-checkpoint checkpoint.note --witness witness.example=witness.vkey --witness-quorum 1</pre></li>
        <li class="utrecht-ordered-list__item">${t('offline4')}</li>
      </ol>
    </section>`;
}

/**
 * The auditors' page: run the verification of the whole log and see its outcome (intact, or the
 * first break), the signed checkpoints, the public key, how to verify offline, and the export.
 * The verification and the export need `replay-log` (auditors, the FG, the CPO); the
 * checkpoints and the key `read-ledger` (also the AP and the administrator).
 */
export const AUDIT_ROUTES: readonly WebRoute[] = [
  {
    method: 'GET',
    path: '/app/audit',
    permission: ['replay-log', 'read-ledger'],
    async handle(context) {
      return { page: pageDocument(context, textsIn(TEXTS, context.lang)('title'), await auditPage(context)) };
    },
  },
  {
    method: 'POST',
    path: '/app/audit/verification',
    permission: 'replay-log',
    async handle(context) {
      const started = performance.now();
      const ranAt = new Date().toISOString();
      const checked = await context.api.get<LedgerVerification>('/audit/verification');
      const durationMs = performance.now() - started;
      let outcome: VerificationRun['outcome'];
      if (!checked.ok) outcome = { problem: checked.problem };
      else {
        // The verification states the tree's size; its root at that size is the tree's own (a proof between equal sizes names it).
        const size = checked.body.events;
        const root = size > 0 ? await context.api.get<{ newRoot: string }>(`/audit/proofs/consistency?from=${size}&to=${size}`) : undefined;
        outcome = { verification: checked.body, ...(root?.ok ? { rootHash: root.body.newRoot } : {}) };
      }
      runs.set(context.session, { ranAt, durationMs, outcome });
      // The verdict itself is the outcome's (an alert when the log is broken); the message only says the check ran.
      context.flash(checked.ok && checked.body.ok ? 'ok' : 'info', textsIn(TEXTS, context.lang)('verified'));
      return { redirect: '/app/audit#verification-title' };
    },
  },
  {
    method: 'GET',
    path: '/app/audit/export',
    permission: 'replay-log',
    async handle(context) {
      const streamed = await streamFromApi(context, '/audit/export', 'application/x-ndjson');
      if ('problem' in streamed) return { page: pageDocument(context, textsIn(TEXTS, context.lang)('exportTitle'), html`${heading(textsIn(TEXTS, context.lang)('exportTitle'))}${problemAlert(context.lang, streamed.problem)}`), status: streamed.problem.status };
      return streamedFile(streamed);
    },
  },
  {
    method: 'GET',
    path: '/app/audit/public-key',
    permission: 'read-ledger',
    async handle(context) {
      const key = await context.api.get<{ verifierKey: string }>('/audit/public-key');
      if (!key.ok) return { page: pageDocument(context, textsIn(TEXTS, context.lang)('keyTitle'), html`${heading(textsIn(TEXTS, context.lang)('keyTitle'))}${problemAlert(context.lang, key.problem)}`), status: key.status };
      return { file: { contentType: 'text/plain; charset=utf-8', contentDisposition: 'attachment; filename="ledger.pub"', body: Buffer.from(`${key.body.verifierKey}\n`) } };
    },
  },
];
