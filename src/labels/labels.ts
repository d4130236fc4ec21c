import type { AuditKind } from '../audits/audit.events.js';
import type {
  CiaAspect,
  DataSubjectCategory,
  IncidentKind,
  LateReasonCode,
  LateReasonVerdict,
  LikelyConsequence,
  MeasurePurpose,
  NotificationChannel,
  ProtectionAnswer,
  ProtectionMethod,
  RecommendationRelation,
  Regime,
  ReportPhase,
  RiskLevel,
  RootCauseCategory,
  Severity,
  WaiverGround,
  WaiverRevocationCause,
  WithdrawalGround,
  YesNoUnknown,
} from '../breaches/breach.events.js';
import type { AdviceFollowed, ResidualRisk } from '../dpias/dpia.events.js';
import type { ScopeCriterionKind } from '../inquiries/inquiry.events.js';
import type { LegalBasis, OwnerKind } from '../processing-register/processing.events.js';
import type { RegisterGap } from '../../projections/governance-reports.js';

/**
 * THE place where every code a user reads gets its Dutch and English label. The codes are
 * the stable contract (stored in events, sent in JSON, filtered on); the labels are what a
 * person reads, and may be reworded here without touching any event. Exports and printed
 * reports speak Dutch unless English is asked for; JSON answers keep the code and add the
 * label beside it (label-json.ts). Each vocabulary is typed against the code type of its
 * slice, so a code added there without a label here does not compile.
 *
 * Dienst names are configuration (DIENST_NAMES), not code: see dienst-names.ts.
 */

export const LANGUAGES = ['nl', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'nl';

/** A text in both languages. */
export type Text = { readonly nl: string; readonly en: string };

type Labels<C extends string> = { readonly [K in C]: Text };

const t = (nl: string, en: string): Text => ({ nl, en });

/** The late-reason codes (Art. 33(1): reasons for a late notification). */
export const LATE_REASON_LABELS: Labels<LateReasonCode> = {
  'not-recognised': t('Het incident is niet op tijd als datalek herkend', 'The incident was not recognised as a breach in time'),
  'procedure-unclear': t('De procedure was de betrokkenen niet duidelijk', 'The procedure was not clear to those involved'),
  'internal-escalation': t('Het bereikte de privacyadviseurs te laat', 'It reached the privacy officers too late'),
  'awaiting-investigation': t('Gewacht op feiten voor de melding', 'Waited for facts before reporting'),
  'staff-unavailable': t('Vakantie, weekend, ziekte of werkdruk', 'Holiday, weekend, illness or workload'),
  'processor-delay': t('Een verwerker informeerde de gemeente te laat', 'A processor informed the municipality late'),
  'bundled-report': t('Vergelijkbare kleine datalekken samen gemeld, zoals met de AP afgesproken', 'Similar small breaches reported together, as agreed with the AP'),
  other: t('Een andere reden, toegelicht', 'Another reason, explained'),
};

export const VOCABULARIES = {
  lateReason: { ...LATE_REASON_LABELS, 'no-reason': t('Geen reden vastgelegd', 'No recorded reason') } satisfies Labels<LateReasonCode | 'no-reason'>,
  apView: {
    accepted: t('Aanvaard door de AP', 'Accepted by the AP'),
    'not-accepted': t('Niet aanvaard door de AP', 'Not accepted by the AP'),
    'case-by-case': t('Per geval beoordeeld', 'Judged case by case'),
    'no-reason': t('Geen reden vastgelegd', 'No recorded reason'),
  } satisfies Labels<'accepted' | 'not-accepted' | 'case-by-case' | 'no-reason'>,
  deadlineStatus: {
    open: t('Open', 'Open'),
    'at-risk': t('Termijn in gevaar', 'At risk'),
    overdue: t('Termijn verstreken', 'Overdue'),
    'reported-on-time': t('Tijdig gemeld', 'Reported on time'),
    'reported-late': t('Te laat gemeld', 'Reported late'),
    'not-reportable': t('Niet meldplichtig', 'Not reportable'),
    withdrawn: t('Melding ingetrokken', 'Report withdrawn'),
    closed: t('Afgesloten', 'Closed'),
  } satisfies Labels<'open' | 'at-risk' | 'overdue' | 'reported-on-time' | 'reported-late' | 'not-reportable' | 'withdrawn' | 'closed'>,
  reportingStatus: {
    'awaiting-report': t('Nog niet gemeld', 'Awaiting report'),
    'not-reportable': t('Niet meldplichtig', 'Not reportable'),
    'reported-on-time': t('Tijdig gemeld', 'Reported on time'),
    'reported-late': t('Te laat gemeld', 'Reported late'),
    withdrawn: t('Melding ingetrokken', 'Report withdrawn'),
  } satisfies Labels<'awaiting-report' | 'not-reportable' | 'reported-on-time' | 'reported-late' | 'withdrawn'>,
  severity: {
    verwaarloosbaar: t('Verwaarloosbaar', 'Negligible'),
    beperkt: t('Beperkt', 'Limited'),
    aanzienlijk: t('Aanzienlijk', 'Significant'),
    'zeer-groot': t('Zeer groot', 'Very large'),
  } satisfies Labels<Severity>,
  riskLevel: {
    none: t('Geen risico', 'No risk'),
    risk: t('Risico', 'Risk'),
    high: t('Hoog risico', 'High risk'),
  } satisfies Labels<RiskLevel>,
  incidentKind: {
    'wrong-recipient': t('Verkeerde ontvanger', 'Wrong recipient'),
    'lost-or-stolen': t('Verloren of gestolen', 'Lost or stolen'),
    'unauthorised-access': t('Onbevoegde toegang', 'Unauthorised access'),
    'hacking-or-malware': t('Hacking of malware', 'Hacking or malware'),
    phishing: t('Phishing', 'Phishing'),
    'unintended-publication': t('Onbedoelde publicatie', 'Unintended publication'),
    'improper-disposal': t('Onjuiste vernietiging', 'Improper disposal'),
    other: t('Anders', 'Other'),
  } satisfies Labels<IncidentKind>,
  ciaAspect: {
    confidentiality: t('Vertrouwelijkheid', 'Confidentiality'),
    integrity: t('Integriteit', 'Integrity'),
    availability: t('Beschikbaarheid', 'Availability'),
  } satisfies Labels<CiaAspect>,
  waiverGround: {
    'unintelligible-data': t('Gegevens onbegrijpelijk (versleuteld)', 'Data unintelligible (encrypted)'),
    'high-risk-removed': t('Hoog risico weggenomen door maatregelen', 'High risk removed by measures'),
    'disproportionate-effort': t('Onevenredige inspanning (openbare mededeling)', 'Disproportionate effort (public communication)'),
  } satisfies Labels<WaiverGround>,
  rootCauseCategory: {
    'human-error': t('Menselijke fout', 'Human error'),
    procedure: t('Procedure', 'Procedure'),
    technical: t('Techniek', 'Technical'),
    processor: t('Verwerker', 'Processor'),
    malicious: t('Kwade opzet', 'Malicious'),
    other: t('Anders', 'Other'),
    unknown: t('Onbekend', 'Unknown'),
  } satisfies Labels<RootCauseCategory>,
  measurePurpose: {
    containment: t('Beperken van de gevolgen', 'Containment'),
    prevention: t('Voorkomen van herhaling', 'Prevention'),
  } satisfies Labels<MeasurePurpose>,
  verdict: {
    accepted: t('Aanvaard', 'Accepted'),
    'not-accepted': t('Niet aanvaard', 'Not accepted'),
  } satisfies Labels<LateReasonVerdict>,
  reportPhase: {
    preliminary: t('Voorlopige melding', 'Preliminary report'),
    final: t('Definitieve melding', 'Final report'),
  } satisfies Labels<ReportPhase>,
  notificationChannel: {
    letter: t('Brief', 'Letter'),
    email: t('E-mail', 'Email'),
    phone: t('Telefoon', 'Phone'),
    'in-person': t('Persoonlijk', 'In person'),
    portal: t('Portaal', 'Portal'),
    other: t('Anders', 'Other'),
  } satisfies Labels<NotificationChannel>,
  dataSubjectCountKind: {
    exact: t('Precies', 'Exact'),
    range: t('Bandbreedte', 'Range'),
    unknown: t('Onbekend', 'Unknown'),
  } satisfies Labels<'exact' | 'range' | 'unknown'>,
  dpiaStatus: {
    'in-progress': t('In uitvoering', 'In progress'),
    completed: t('Afgerond', 'Completed'),
    abandoned: t('Gestaakt', 'Abandoned'),
  } satisfies Labels<'in-progress' | 'completed' | 'abandoned'>,
  residualRisk: {
    low: t('Laag', 'Low'),
    medium: t('Gemiddeld', 'Medium'),
    high: t('Hoog', 'High'),
  } satisfies Labels<ResidualRisk>,
  adviceFollowed: {
    followed: t('Advies gevolgd', 'Advice followed'),
    partly: t('Advies deels gevolgd', 'Advice partly followed'),
    'not-followed': t('Advies niet gevolgd', 'Advice not followed'),
    'no-advice': t('Geen advies van de FG', 'No advice of the DPO'),
  } satisfies Labels<AdviceFollowed>,
  reviewReason: {
    interval: t('Driejaarlijkse herbeoordeling', 'Three-yearly review'),
    'processing-amended': t('Verwerking gewijzigd', 'Processing amended'),
  } satisfies Labels<'interval' | 'processing-amended'>,
  processingStatus: {
    registered: t('In het register', 'Registered'),
    retired: t('Beëindigd', 'Retired'),
  } satisfies Labels<'registered' | 'retired'>,
  legalBasis: {
    consent: t('Toestemming', 'Consent'),
    contract: t('Overeenkomst', 'Contract'),
    'legal-obligation': t('Wettelijke verplichting', 'Legal obligation'),
    'vital-interests': t('Vitaal belang', 'Vital interests'),
    'public-task': t('Algemeen belang / openbaar gezag', 'Public task'),
    'legitimate-interests': t('Gerechtvaardigd belang', 'Legitimate interests'),
  } satisfies Labels<LegalBasis>,
  ownerKind: {
    ad: t('Algemeen directeur', 'Director-general'),
    gs: t('Gemeentesecretaris', 'Municipal secretary'),
  } satisfies Labels<OwnerKind>,
  registerGap: {
    'missing-owner': t('Eigenaar ontbreekt', 'Owner missing'),
    'missing-legal-basis': t('Grondslag ontbreekt', 'Lawful basis missing'),
    'dpia-needed-none-linked': t('DPIA nodig, geen gekoppeld', 'DPIA needed, none linked'),
    'missing-controller': t('Verwerkingsverantwoordelijke ontbreekt', 'Controller missing'),
    'missing-joint-controllers': t('Gezamenlijk verwerkingsverantwoordelijken niet vastgelegd', 'Joint controllers not recorded'),
    'missing-processors': t('Verwerkers niet vastgelegd', 'Processors not recorded'),
    'empty-data-subject-categories': t('Geen categorieën betrokkenen', 'No categories of data subjects'),
    'empty-personal-data-categories': t('Geen categorieën persoonsgegevens', 'No categories of personal data'),
    'empty-recipients': t('Geen ontvangers', 'No recipients'),
    'missing-retention': t('Bewaartermijn ontbreekt', 'Retention period missing'),
    'empty-security-measures': t('Geen beveiligingsmaatregelen', 'No security measures'),
  } satisfies Labels<RegisterGap>,
  auditKind: {
    internal: t('Interne audit', 'Internal audit'),
    external: t('Externe audit', 'External audit'),
  } satisfies Labels<AuditKind>,
  recommendationStatus: {
    'not-implemented': t('Niet uitgevoerd', 'Not implemented'),
    'implemented-fg-not-informed': t('Uitgevoerd, FG niet geïnformeerd', 'Implemented, DPO not informed'),
    settled: t('Afgehandeld', 'Settled'),
  } satisfies Labels<'not-implemented' | 'implemented-fg-not-informed' | 'settled'>,
  inquiryStatus: {
    open: t('Open', 'Open'),
    closed: t('Gesloten', 'Closed'),
  } satisfies Labels<'open' | 'closed'>,
  scopeCriterion: {
    registered: t('Geregistreerd', 'Registered'),
    reported: t('Gemeld', 'Reported'),
    'reported-late': t('Te laat gemeld', 'Reported late'),
  } satisfies Labels<ScopeCriterionKind>,
  regime: {
    avg: t('AVG', 'GDPR'),
    wpg: t('Wpg (politiegegevens)', 'Wpg (police data)'),
  } satisfies Labels<Regime>,
  withdrawalGround: {
    'no-breach': t('Toch geen datalek', 'No breach after all'),
    other: t('Andere reden', 'Another reason'),
  } satisfies Labels<WithdrawalGround>,
  waiverRevocationCause: {
    'ap-required': t('De AP eist informeren van betrokkenen (art. 34 lid 4 AVG)', 'The AP requires notification (Art. 34(4) GDPR)'),
    'ground-does-not-hold': t('De grond voor niet informeren gaat niet op', 'The ground for not notifying does not hold'),
  } satisfies Labels<WaiverRevocationCause>,
  recommendationRelation: {
    'led-to': t('Leidde tot de aanbeveling', 'Led to the recommendation'),
    'should-have-prevented': t('Had voorkomen moeten worden door de aanbeveling', 'The recommendation should have prevented it'),
  } satisfies Labels<RecommendationRelation>,
  yesNo: {
    true: t('ja', 'yes'),
    false: t('nee', 'no'),
  } satisfies Labels<'true' | 'false'>,
  yesNoUnknown: {
    yes: t('Ja', 'Yes'),
    no: t('Nee', 'No'),
    unknown: t('Onbekend', 'Unknown'),
  } satisfies Labels<YesNoUnknown>,
  dataSubjectCategory: {
    residents: t('Inwoners', 'Residents'),
    employees: t('Werknemers', 'Employees'),
    clients: t('Klanten of cliënten', 'Customers or clients'),
    patients: t('Patiënten', 'Patients'),
    'pupils-or-students': t('Leerlingen of studenten', 'Pupils or students'),
    'users-or-subscribers': t('Gebruikers of abonnees', 'Users or subscribers'),
    minors: t('Minderjarigen', 'Minors'),
    'vulnerable-groups': t('Kwetsbare groepen', 'Vulnerable groups'),
    unknown: t('Nog onbekend', 'Not yet known'),
    other: t('Anders', 'Other'),
  } satisfies Labels<DataSubjectCategory>,
  likelyConsequence: {
    'stigmatisation-or-exclusion': t('Stigmatisering of uitsluiting', 'Stigmatisation or exclusion'),
    'damage-to-health': t('Schade aan de gezondheid', 'Damage to health'),
    'identity-fraud': t('Blootstelling aan (identiteits)fraude', 'Exposure to (identity) fraud'),
    'spam-or-phishing': t('Blootstelling aan spam of phishing', 'Exposure to spam or phishing'),
    'financial-loss': t('Financiële schade', 'Financial loss'),
    other: t('Anders', 'Other'),
  } satisfies Labels<LikelyConsequence>,
  protectionAnswer: {
    yes: t('Ja', 'Yes'),
    partly: t('Gedeeltelijk', 'Partly'),
    no: t('Nee', 'No'),
    unknown: t('Onbekend', 'Unknown'),
  } satisfies Labels<ProtectionAnswer>,
  protectionMethod: {
    encryption: t('Versleuteld', 'Encrypted'),
    hashing: t('Gehasht', 'Hashed'),
    pseudonymisation: t('Gepseudonimiseerd', 'Pseudonymised'),
    other: t('Op een andere manier onbegrijpelijk gemaakt', 'Made unintelligible in another way'),
  } satisfies Labels<ProtectionMethod>,
  /**
   * The waiver grounds in the law's words, with the article they rest on: what the AP's
   * form is told when the data subjects are not informed (the short `waiverGround` label
   * is for tables).
   */
  waiverGroundLegal: {
    'unintelligible-data': t(
      'De persoonsgegevens zijn onbegrijpelijk gemaakt voor onbevoegden, zoals met versleuteling (art. 34 lid 3 sub a AVG)',
      'The personal data were rendered unintelligible to any person not authorised to access them, such as by encryption (Art. 34(3)(a) GDPR)',
    ),
    'high-risk-removed': t(
      'Met achteraf genomen maatregelen is het hoge risico voor de betrokkenen waarschijnlijk niet meer reëel (art. 34 lid 3 sub b AVG)',
      'Subsequent measures ensure that the high risk to the data subjects is no longer likely to materialise (Art. 34(3)(b) GDPR)',
    ),
    'disproportionate-effort': t(
      'Informeren zou een onevenredige inspanning vergen; in plaats daarvan een openbare mededeling (art. 34 lid 3 sub c AVG)',
      'Informing them would involve disproportionate effort; a public communication instead (Art. 34(3)(c) GDPR)',
    ),
  } satisfies Labels<WaiverGround>,
} as const;

export type Vocabulary = keyof typeof VOCABULARIES;

/** The label of a code in a vocabulary; a code the vocabulary lacks (an old or imported one) is shown as itself. */
export function labelOf(vocabulary: Vocabulary, code: string, lang: Lang): string {
  const labels = VOCABULARIES[vocabulary] as Readonly<Record<string, Text>>;
  return Object.hasOwn(labels, code) ? (labels[code] as Text)[lang] : code;
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
