import { randomUUID } from 'node:crypto';
import { CIA_ASPECTS, INCIDENT_KINDS, REGIMES } from '../../breaches/breach.events.js';
import { formGuards, heading, problemAlert } from '../components.js';
import { choiceGroup, fieldErrors, formText, formValue, formValues, momentOf, offeredMoment, selectField, submitButton, textArea, textField, type FieldErrors, type FormBody } from '../forms.js';
import { html } from '../html.js';
import { labelOf, textsIn, type Lang, type Texts } from '../i18n/texts.js';
import { pageDocument } from '../layout.js';
import { countOf } from './dossier-forms.js';
import type { PageContext, WebRoute } from '../page-context.js';
import type { ProblemDetails } from '../../http/problem-details.js';

const TEXTS = {
  nl: {
    title: 'Datalek registreren',
    intro: 'Registreer elk (mogelijk) datalek, ook als het niet gemeld hoeft te worden (art. 33 lid 5 AVG). De 72 uur lopen vanaf het moment dat de gemeente het ontdekte.',
    what: 'Wat is er gebeurd',
    titleLabel: 'Korte omschrijving',
    titleHint: 'Bijvoorbeeld: Beschikking naar verkeerd adres gestuurd.',
    description: 'Beschrijving',
    dienst: 'Dienst',
    choose: 'Kies…',
    incidentKind: 'Soort incident',
    regime: 'Wet',
    regimeHint: 'AVG, of de Wet politiegegevens (Wpg) voor politiegegevens, bijvoorbeeld van boa’s.',
    when: 'Wanneer',
    awareAt: 'Ontdekt op (Nederlandse tijd)',
    awareAtHint: 'Het moment dat de gemeente wist of redelijkerwijs kon weten dat er een datalek was: hier begint de klok van 72 uur.',
    occurredFrom: 'Begonnen op',
    occurredTo: 'Geëindigd op',
    discovery: 'Hoe ontdekt',
    how: 'Hoe is het ontdekt',
    processor: 'Verwerker die het meldde',
    processorInformedAt: 'Door de verwerker gemeld op',
    processorInformedAtHint: 'Alleen als een verwerker het meldde: dan begint de klok op dit moment.',
    data: 'Welke gegevens',
    ciaAspects: 'Wat is aangetast',
    dataCategories: 'Soorten persoonsgegevens',
    dataCategoriesHint: 'Eén per regel of gescheiden door komma’s, bijvoorbeeld: naam, adres, inkomen.',
    flags: 'Bijzonderheden',
    specialCategories: 'Bijzondere persoonsgegevens (art. 9 AVG)',
    bsn: 'Burgerservicenummers (BSN)',
    criminalData: 'Strafrechtelijke gegevens (art. 10 AVG)',
    encrypted: 'De gegevens waren versleuteld',
    subjects: 'Aantal betrokkenen',
    subjectsKind: 'Hoeveel mensen zijn betrokken',
    exact: 'Precies bekend',
    range: 'Ongeveer (van–tot)',
    unknown: 'Nog onbekend',
    count: 'Aantal',
    min: 'Ten minste',
    max: 'Ten hoogste',
    submit: 'Datalek registreren',
    registered: 'Datalek geregistreerd. Meld het uiterlijk {deadline} aan de AP, of leg vast waarom dat niet hoeft.',
  },
  en: {
    title: 'Register a breach',
    intro: 'Register every (possible) breach, also when it need not be reported (GDPR Art. 33(5)). The 72 hours run from the moment the municipality became aware.',
    what: 'What happened',
    titleLabel: 'Short title',
    titleHint: 'For example: Decision letter sent to the wrong address.',
    description: 'Description',
    dienst: 'Dienst',
    choose: 'Choose…',
    incidentKind: 'Kind of incident',
    regime: 'Law',
    regimeHint: 'The GDPR, or the Police Data Act (Wpg) for police data, e.g. of enforcement officers (boa’s).',
    when: 'When',
    awareAt: 'Aware since (Dutch time)',
    awareAtHint: 'The moment the municipality knew, or could reasonably have known, of the breach: the 72-hour clock starts here.',
    occurredFrom: 'Started',
    occurredTo: 'Ended',
    discovery: 'How it was found',
    how: 'How it was found',
    processor: 'Processor that reported it',
    processorInformedAt: 'Reported by the processor at',
    processorInformedAtHint: 'Only when a processor reported it: the clock then starts at this moment.',
    data: 'Which data',
    ciaAspects: 'What was affected',
    dataCategories: 'Kinds of personal data',
    dataCategoriesHint: 'One per line or separated by commas, e.g.: name, address, income.',
    flags: 'Particulars',
    specialCategories: 'Special categories of personal data (GDPR Art. 9)',
    bsn: 'Citizen service numbers (BSN)',
    criminalData: 'Criminal-conviction data (GDPR Art. 10)',
    encrypted: 'The data was encrypted',
    subjects: 'Data subjects',
    subjectsKind: 'How many people are involved',
    exact: 'Known exactly',
    range: 'About (from–to)',
    unknown: 'Not yet known',
    count: 'Number',
    min: 'At least',
    max: 'At most',
    submit: 'Register the breach',
    registered: 'Breach registered. Report it to the AP by {deadline}, or record why that is not needed.',
  },
} as const satisfies Texts<string>;

const CIA_LABELS = { nl: { confidentiality: 'Vertrouwelijkheid (ingezien of verstuurd)', integrity: 'Integriteit (gewijzigd)', availability: 'Beschikbaarheid (kwijt of onbereikbaar)' }, en: { confidentiality: 'Confidentiality (seen or sent)', integrity: 'Integrity (altered)', availability: 'Availability (lost or unreachable)' } } as const;

/** The request body of POST /breaches, from the form's fields (the API validates it; the form only shapes it). */
export function registrationOf(body: FormBody): Record<string, unknown> {
  const categories = (formValue(body, 'dataCategories') ?? '')
    .split(/[\n,;]/)
    .map((category) => category.trim())
    .filter(Boolean);
  return {
    title: formText(body, 'title'),
    description: formText(body, 'description'),
    dienst: formText(body, 'dienst'),
    awareAt: momentOf(body, 'awareAt'),
    occurredFrom: momentOf(body, 'occurredFrom') ?? null,
    occurredTo: momentOf(body, 'occurredTo') ?? null,
    discovery: { how: formText(body, 'discoveryHow'), processor: formText(body, 'discoveryProcessor') ?? null },
    processorInformedAt: momentOf(body, 'processorInformedAt') ?? null,
    ciaAspects: formValues(body, 'ciaAspects'),
    incidentKind: formText(body, 'incidentKind'),
    dataCategories: [...new Set(categories)],
    specialCategories: formValues(body, 'flags').includes('specialCategories'),
    bsn: formValues(body, 'flags').includes('bsn'),
    criminalData: formValues(body, 'flags').includes('criminalData'),
    encrypted: formValues(body, 'flags').includes('encrypted'),
    dataSubjects: countOf(body, { kind: 'dataSubjectsKind', count: 'dataSubjectsCount', min: 'dataSubjectsMin', max: 'dataSubjectsMax' }) ?? { kind: 'unknown' },
    regime: formText(body, 'regime') ?? 'avg',
  };
}

function intakeForm(context: PageContext, body: FormBody, refused?: ProblemDetails): ReturnType<typeof html> {
  const lang: Lang = context.lang;
  const t = textsIn(TEXTS, lang);
  const errors: FieldErrors = refused ? fieldErrors(lang, refused.errors) : {};
  const v = (name: string) => formValue(body, name);
  const common = { lang, errors };
  return html`${heading(t('title'))}
    <p class="utrecht-paragraph">${t('intro')}</p>
    ${refused ? problemAlert(lang, refused) : ''}
    <form method="post" action="/app/breaches/new" class="pl-form" novalidate>
      ${formGuards(context, randomUUID())}
      <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset"><legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('what')}</legend>
        ${textField({ ...common, name: 'title', label: t('titleLabel'), hint: t('titleHint'), value: v('title'), required: true })}
        ${textArea({ ...common, name: 'description', label: t('description'), value: v('description'), required: true })}
        ${selectField({ ...common, name: 'dienst', label: t('dienst'), value: v('dienst'), required: true, placeholder: t('choose'), choices: context.diensten.map((dienst) => ({ value: dienst.code, label: dienst.name })) })}
        ${selectField({ ...common, name: 'incidentKind', label: t('incidentKind'), value: v('incidentKind'), required: true, placeholder: t('choose'), choices: INCIDENT_KINDS.map((kind) => ({ value: kind, label: labelOf('incidentKind', kind, lang) })) })}
        ${choiceGroup({ ...common, name: 'regime', type: 'radio', label: t('regime'), hint: t('regimeHint'), values: [v('regime') ?? 'avg'], choices: REGIMES.map((regime) => ({ value: regime, label: labelOf('regime', regime, lang) })) })}
      </fieldset>
      <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset"><legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('when')}</legend>
        ${textField({ ...common, name: 'awareAt', type: 'datetime-local', label: t('awareAt'), hint: t('awareAtHint'), value: offeredMoment(body, 'awareAt').value, required: true })}${offeredMoment(body, 'awareAt').hidden}
        ${textField({ ...common, name: 'occurredFrom', type: 'datetime-local', label: t('occurredFrom'), value: v('occurredFrom') })}
        ${textField({ ...common, name: 'occurredTo', type: 'datetime-local', label: t('occurredTo'), value: v('occurredTo') })}
      </fieldset>
      <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset"><legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('discovery')}</legend>
        ${textField({ ...common, name: 'discoveryHow', errorKey: 'discovery.how', label: t('how'), value: v('discoveryHow'), required: true })}
        ${textField({ ...common, name: 'discoveryProcessor', errorKey: 'discovery.processor', label: t('processor'), value: v('discoveryProcessor') })}
        ${textField({ ...common, name: 'processorInformedAt', type: 'datetime-local', label: t('processorInformedAt'), hint: t('processorInformedAtHint'), value: v('processorInformedAt') })}
      </fieldset>
      <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset"><legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('data')}</legend>
        ${choiceGroup({ ...common, name: 'ciaAspects', type: 'checkbox', label: t('ciaAspects'), values: formValues(body, 'ciaAspects'), choices: CIA_ASPECTS.map((aspect) => ({ value: aspect, label: CIA_LABELS[lang][aspect] })) })}
        ${textArea({ ...common, name: 'dataCategories', label: t('dataCategories'), hint: t('dataCategoriesHint'), value: v('dataCategories'), rows: 3, required: true })}
        ${choiceGroup({ ...common, name: 'flags', type: 'checkbox', label: t('flags'), values: formValues(body, 'flags'), choices: (['specialCategories', 'bsn', 'criminalData', 'encrypted'] as const).map((flag) => ({ value: flag, label: t(flag) })) })}
      </fieldset>
      <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset"><legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('subjects')}</legend>
        ${choiceGroup({ ...common, name: 'dataSubjectsKind', errorKey: 'dataSubjects.kind', type: 'radio', label: t('subjectsKind'), values: [v('dataSubjectsKind') ?? 'exact'], choices: (['exact', 'range', 'unknown'] as const).map((kind) => ({ value: kind, label: t(kind) })) })}
        ${textField({ ...common, name: 'dataSubjectsCount', errorKey: 'dataSubjects.count', type: 'number', label: t('count'), value: v('dataSubjectsCount') })}
        ${textField({ ...common, name: 'dataSubjectsMin', errorKey: 'dataSubjects.min', type: 'number', label: t('min'), value: v('dataSubjectsMin') })}
        ${textField({ ...common, name: 'dataSubjectsMax', errorKey: 'dataSubjects.max', type: 'number', label: t('max'), value: v('dataSubjectsMax') })}
      </fieldset>
      ${submitButton(t('submit'))}
    </form>`;
}

/** Breach intake: the registration form; what the domain refuses comes back as its refusal code, in Dutch. */
export const INTAKE_ROUTES: readonly WebRoute[] = [
  {
    method: 'GET',
    path: '/app/breaches/new',
    permission: 'register-breach',
    async handle(context) {
      return { page: pageDocument(context, textsIn(TEXTS, context.lang)('title'), intakeForm(context, {})) };
    },
  },
  {
    method: 'POST',
    path: '/app/breaches/new',
    permission: 'register-breach',
    async handle(context) {
      const body = (context.request.body ?? {}) as FormBody;
      const answer = await context.api.post<{ breachId: string; deadline: string }>('/breaches', registrationOf(body), formValue(body, 'idempotencyKey'));
      if (!answer.ok) return { page: pageDocument(context, textsIn(TEXTS, context.lang)('title'), intakeForm(context, body, answer.problem)), status: answer.status };
      context.flash('ok', textsIn(TEXTS, context.lang)('registered', { deadline: new Intl.DateTimeFormat(context.lang === 'nl' ? 'nl-NL' : 'en-GB', { timeZone: 'Europe/Amsterdam', dateStyle: 'full', timeStyle: 'short' }).format(new Date(answer.body.deadline)) }));
      return { redirect: `/app/breaches/${answer.body.breachId}` };
    },
  },
];
