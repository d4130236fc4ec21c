import type { AlertDeliveryDocument } from '../../../projections/alert-deliveries.js';
import type { DeadlineAlert } from '../../../projections/breach-reports.js';
import { heading, problemAlert, table, time } from '../components.js';
import { html } from '../html.js';
import { formatDateTime, formatHours, labelOf, textsIn, type Texts } from '../i18n/texts.js';
import { pageDocument } from '../layout.js';
import type { WebRoute } from '../page-context.js';

const TEXTS = {
  nl: {
    title: 'Termijnen: datalekken die de 72 uur naderen of overschrijden',
    intro: 'Open datalekken die nog niet aan de AP gemeld of beoordeeld zijn, met minder dan {hours} uur over of te laat. De klok loopt vanaf het moment van ontdekken (awareAt).',
    caption: 'Datalekken met risico of te laat, de vroegste termijn eerst',
    none: 'Geen datalek nadert de termijn of is te laat.',
    status: 'Status',
    breach: 'Datalek',
    dienst: 'Dienst',
    awareAt: 'Ontdekt',
    deadline: 'Termijn',
    timeLeft: 'Tijd',
    left: 'nog {time}',
    overdue: '{time} te laat',
    asOf: 'Stand van {now}.',
    alertsTitle: 'Verstuurde waarschuwingen',
    alertsCaption: 'De laatste waarschuwingen over termijnen, de nieuwste eerst',
    alertsNone: 'Nog geen waarschuwingen verstuurd.',
    alertKind: 'Soort',
    subject: 'Over',
    recipient: 'Aan',
    alertStatus: 'Afgeleverd',
    sentAt: 'Tijdstip',
    newBreach: 'Nieuw datalek registreren',
  },
  en: {
    title: 'Deadlines: breaches nearing or past the 72 hours',
    intro: 'Open breaches not yet reported to the AP or assessed, with less than {hours} hours left or overdue. The clock runs from the moment of awareness (awareAt).',
    caption: 'Breaches at risk or overdue, earliest deadline first',
    none: 'No breach is near its deadline or overdue.',
    status: 'Status',
    breach: 'Breach',
    dienst: 'Dienst',
    awareAt: 'Aware',
    deadline: 'Deadline',
    timeLeft: 'Time',
    left: '{time} left',
    overdue: '{time} overdue',
    asOf: 'As of {now}.',
    alertsTitle: 'Alerts sent',
    alertsCaption: 'The latest deadline alerts, newest first',
    alertsNone: 'No alerts sent yet.',
    alertKind: 'Kind',
    subject: 'About',
    recipient: 'To',
    alertStatus: 'Delivery',
    sentAt: 'When',
    newBreach: 'Register a new breach',
  },
} as const satisfies Texts<string>;

const ALERT_KIND = {
  nl: { 'breach-registered': 'Nieuw datalek', 'breach-at-risk': 'Termijn nadert', 'breach-overdue': 'Termijn verstreken', 'dpo-not-informed': 'FG niet geïnformeerd', 'inquiry-answer-due': 'Antwoord aan de AP', 'dpia-review-due': 'DPIA-herbeoordeling', 'recommendation-due': 'Aanbeveling' },
  en: { 'breach-registered': 'New breach', 'breach-at-risk': 'Deadline near', 'breach-overdue': 'Deadline passed', 'dpo-not-informed': 'DPO not informed', 'inquiry-answer-due': 'Answer to the AP', 'dpia-review-due': 'DPIA review', 'recommendation-due': 'Recommendation' },
} as const;

/** The deadline board: the 72-hour clock of every open breach at risk or overdue, counting down, and the alerts sent. */
export const BOARD_ROUTES: readonly WebRoute[] = [
  {
    method: 'GET',
    path: '/app/board',
    permission: 'list-breaches',
    async handle(context) {
      const t = textsIn(TEXTS, context.lang);
      const deadlines = await context.api.view<{ now: string; atRiskHours: number; breaches: DeadlineAlert[] }>('/breaches/deadlines');
      const alerts = context.can('read-alerts') ? await context.api.view<{ items: AlertDeliveryDocument[] }>('/alerts?pageSize=20') : undefined;
      const board = deadlines.ok
        ? html`<p class="utrecht-paragraph">${t('intro', { hours: deadlines.body.atRiskHours })} ${t('asOf', { now: formatDateTime(context.lang, deadlines.body.now) })}</p>
          ${table(
            t('caption'),
            [t('status'), t('breach'), t('dienst'), t('awareAt'), t('deadline'), t('timeLeft')],
            deadlines.body.breaches.map((breach) => [
              html`<span class="pl-status pl-status--${breach.status}">${labelOf('deadlineStatus', breach.status, context.lang)}</span>`,
              html`<a class="utrecht-link" href="/app/breaches/${breach.breachId}">${breach.title}</a>`,
              context.dienstName(breach.dienst),
              time(context.lang, breach.awareAt),
              time(context.lang, breach.deadline),
              html`<time data-countdown="${breach.deadline}" datetime="${breach.deadline}">${
                breach.status === 'overdue' ? t('overdue', { time: formatHours(context.lang, breach.hoursOverdue ?? 0) }) : t('left', { time: formatHours(context.lang, breach.hoursRemaining ?? 0) })
              }</time>`,
            ]),
            t('none'),
          )}`
        : problemAlert(context.lang, deadlines.problem);
      const alertList =
        alerts === undefined
          ? ''
          : alerts.ok
            ? html`<h2 class="utrecht-heading-2">${t('alertsTitle')}</h2>${table(
                t('alertsCaption'),
                [t('alertKind'), t('subject'), t('recipient'), t('alertStatus'), t('sentAt')],
                alerts.body.items.map((alert) => [
                  ALERT_KIND[context.lang][alert.kind],
                  alert.subjectType === 'breach' ? html`<a class="utrecht-link" href="/app/breaches/${alert.subjectId}">${alert.subjectId}</a>` : alert.subjectId,
                  alert.recipient.channel === 'email' ? alert.recipient.role : alert.recipient.url,
                  alert.status,
                  time(context.lang, alert.sentAt ?? alert.failedAt ?? alert.lastAttemptAt),
                ]),
                t('alertsNone'),
              )}`
            : problemAlert(context.lang, alerts.problem);
      const body = html`${heading(t('title'))}
        ${context.can('register-breach') ? html`<p><a class="utrecht-button-link utrecht-button-link--primary-action" href="/app/breaches/new">${t('newBreach')}</a></p>` : ''}
        ${board}${alertList}`;
      return { page: pageDocument(context, t('title'), body) };
    },
  },
];
