import type {
  CiaAspect,
  DataSubjectCategory,
  IncidentKind,
  LateReasonCode,
  LikelyConsequence,
  MeasurePurpose,
  NotificationChannel,
  ProtectionAnswer,
  ProtectionMethod,
  RiskLevel,
  RootCauseCategory,
  Severity,
  WaiverGround,
  YesNoUnknown,
} from '../breach.events.js';

/**
 * The Dutch wording of the codes as the prepared AP form shows them (the AP's form is in
 * Dutch). Part of the form's version: changing a label here changes what the form says, so
 * it goes with a new FORM_VERSION (get-ap-notification/ap-notification-form.ts).
 */
export const NL = {
  ciaAspect: { confidentiality: 'lezen of kopiëren (vertrouwelijkheid)', integrity: 'veranderen (integriteit)', availability: 'verwijderen, vernietigen of onbereikbaar (beschikbaarheid)' } satisfies Record<CiaAspect, string>,
  incidentKind: {
    'wrong-recipient': 'persoonsgegevens verstuurd of afgegeven aan de verkeerde ontvanger',
    'lost-or-stolen': 'apparaat of gegevensdrager verloren of gestolen',
    'unauthorised-access': 'onbevoegde toegang (intern)',
    'hacking-or-malware': 'hacking, malware of ransomware',
    phishing: 'phishing',
    'unintended-publication': 'onbedoeld gepubliceerd',
    'improper-disposal': 'niet veilig vernietigd of afgevoerd',
    other: 'anders',
  } satisfies Record<IncidentKind, string>,
  dataSubjectCategory: {
    residents: 'inwoners',
    employees: 'werknemers',
    clients: 'klanten of cliënten',
    patients: 'patiënten',
    'pupils-or-students': 'leerlingen of studenten',
    'users-or-subscribers': 'gebruikers of abonnees',
    minors: 'minderjarigen',
    'vulnerable-groups': 'kwetsbare groepen',
    unknown: 'nog onbekend',
    other: 'anders',
  } satisfies Record<DataSubjectCategory, string>,
  consequence: {
    'stigmatisation-or-exclusion': 'stigmatisering of uitsluiting',
    'damage-to-health': 'schade aan de gezondheid',
    'identity-fraud': 'blootstelling aan (identiteits)fraude',
    'spam-or-phishing': 'blootstelling aan spam of phishing',
    'financial-loss': 'financiële schade',
    other: 'anders',
  } satisfies Record<LikelyConsequence, string>,
  yesNoUnknown: { yes: 'ja', no: 'nee', unknown: 'onbekend' } satisfies Record<YesNoUnknown, string>,
  protection: { yes: 'ja', partly: 'gedeeltelijk', no: 'nee', unknown: 'onbekend' } satisfies Record<ProtectionAnswer, string>,
  protectionMethod: { encryption: 'versleuteld', hashing: 'gehasht', pseudonymisation: 'gepseudonimiseerd', other: 'op een andere manier onbegrijpelijk gemaakt' } satisfies Record<ProtectionMethod, string>,
  channel: { letter: 'brief', email: 'e-mail', phone: 'telefoon', 'in-person': 'persoonlijk', portal: 'portaal', other: 'anders' } satisfies Record<NotificationChannel, string>,
  risk: { none: 'geen risico', risk: 'risico', high: 'hoog risico' } satisfies Record<RiskLevel, string>,
  severity: { verwaarloosbaar: 'verwaarloosbaar', beperkt: 'beperkt', aanzienlijk: 'aanzienlijk', 'zeer-groot': 'zeer groot' } satisfies Record<Severity, string>,
  waiverGround: {
    'unintelligible-data': 'de gegevens zijn onbegrijpelijk voor onbevoegden (art. 34 lid 3 sub a AVG)',
    'high-risk-removed': 'maatregelen hebben het hoge risico weggenomen (art. 34 lid 3 sub b AVG)',
    'disproportionate-effort': 'onevenredige inspanning; openbare mededeling (art. 34 lid 3 sub c AVG)',
  } satisfies Record<WaiverGround, string>,
  rootCause: { 'human-error': 'menselijke fout', procedure: 'procedure', technical: 'techniek', processor: 'verwerker', malicious: 'kwaadwillend handelen', other: 'anders', unknown: 'onbekend' } satisfies Record<RootCauseCategory, string>,
  measurePurpose: { containment: 'om het lek te dichten en de gevolgen te beperken', prevention: 'om herhaling te voorkomen' } satisfies Record<MeasurePurpose, string>,
  lateReason: {
    'not-recognised': 'het incident is niet op tijd als datalek herkend',
    'procedure-unclear': 'de procedure was de betrokkenen niet duidelijk',
    'internal-escalation': 'de melding bereikte de privacyfunctionarissen te laat',
    'awaiting-investigation': 'gewacht op de feiten van een onderzoek',
    'staff-unavailable': 'vakantie, weekend, ziekte of werkdruk',
    'processor-delay': 'de verwerker informeerde de gemeente te laat',
    'bundled-report': 'gelijksoortige kleine datalekken gebundeld gemeld, zoals met de AP afgesproken',
    other: 'een andere reden',
  } satisfies Record<LateReasonCode, string>,
} as const;

/** A list of codes in Dutch: "a, b en c". */
export function dutchList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} en ${items.at(-1)}`;
}

const AMSTERDAM = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A UTC time as the AP form reads it: Amsterdam local time, in Dutch ("2 maart 2026 om 10:00"). */
export function dutchTime(time: string): string {
  return AMSTERDAM.format(new Date(time));
}
