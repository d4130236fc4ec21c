import type { CiaAspect, IncidentKind, LateReasonCode, LateReasonVerdict, RootCauseCategory, WaiverGround } from '../../../src/breaches/breach.events.js';

/**
 * The words of the breach-year generator: what kinds of incident a municipality registers,
 * and what people write about them. Invented, but shaped by the FG's 2021 annual report
 * (misdirected e-mail is the recurring case; authorisations that are too broad; WOB and
 * objection procedures) and by docs/domain.md's tables. Weights are relative.
 */

export type Weighted<T> = readonly (readonly [T, number])[];

export interface IncidentTemplate {
  readonly kind: IncidentKind;
  readonly weight: number;
  readonly titles: readonly string[];
  readonly details: readonly string[];
  readonly how: readonly string[];
  readonly cia: readonly CiaAspect[];
  readonly encryptedChance: number;
  /** Chance that many people are involved (a mailing, a published list, a system). */
  readonly bulkChance: number;
  readonly rootCauses: Weighted<RootCauseCategory>;
  readonly rootCauseTexts: readonly string[];
  readonly containment: readonly string[];
  readonly prevention: readonly string[];
}

export const INCIDENT_TEMPLATES: readonly IncidentTemplate[] = [
  {
    kind: 'wrong-recipient',
    weight: 46,
    titles: ['E-mail sent to the wrong recipient', 'Letter sent to the wrong address', 'Another client\'s file attached to an e-mail', 'Mailing sent with addresses in To instead of Bcc', 'Two decisions in one envelope'],
    details: [
      'An employee picked the wrong name from the address book\'s suggestions.',
      'The address in the case system was out of date.',
      'The mail merge shifted one row, so each letter went to the next client.',
      'The attachment was taken from the wrong folder.',
    ],
    how: ['the recipient reported it', 'a colleague noticed it', 'the citizen phoned the service desk', 'the letter came back with a note'],
    cia: ['confidentiality'],
    encryptedChance: 0,
    bulkChance: 0.12,
    rootCauses: [['human-error', 80], ['procedure', 12], ['technical', 8]],
    rootCauseTexts: ['Address picked from auto-complete without checking', 'Four-eyes check skipped under workload', 'Outdated address in the case system', 'Mail-merge template not tested'],
    containment: ['Asked the recipient to delete the message and confirm it', 'Recalled the e-mail and phoned the recipient', 'Collected the letter from the recipient'],
    prevention: ['Auto-complete of external addresses switched off', 'Zorgmail made the default for files with health data', 'Four-eyes check added to the mailing procedure', 'Team briefed on sending through the case system with a link'],
  },
  {
    kind: 'unauthorised-access',
    weight: 12,
    titles: ['Employee consulted a record without a need', 'Authorisations in the case system too broad', 'Former employee still had access', 'Shared folder open to the whole department'],
    details: ['The logging showed look-ups outside the employee\'s caseload.', 'An audit found roles that were never withdrawn.', 'The folder permissions were inherited from a parent folder.'],
    how: ['found in the access logging', 'found by the internal audit', 'reported by a colleague'],
    cia: ['confidentiality'],
    encryptedChance: 0,
    bulkChance: 0.35,
    rootCauses: [['procedure', 45], ['human-error', 25], ['malicious', 15], ['technical', 15]],
    rootCauseTexts: ['No periodic review of authorisations', 'Leaver procedure does not reach the application owner', 'Role model grants more than the task needs'],
    containment: ['Access withdrawn', 'Folder permissions restricted to the team'],
    prevention: ['Quarterly authorisation review introduced', 'Leaver checklist now includes every application', 'Role model narrowed per task'],
  },
  {
    kind: 'lost-or-stolen',
    weight: 10,
    titles: ['Laptop stolen from a car', 'USB stick lost', 'Work phone lost', 'Case file left on the train', 'Bag with client files stolen'],
    details: ['The device held working copies of case files.', 'The paper file contained notes from a home visit.'],
    how: ['the employee reported it the next morning', 'reported to the service desk', 'the police contacted the municipality'],
    cia: ['confidentiality', 'availability'],
    encryptedChance: 0.55,
    bulkChance: 0.2,
    rootCauses: [['human-error', 60], ['malicious', 30], ['procedure', 10]],
    rootCauseTexts: ['Files carried on paper instead of through the case system', 'Device left unattended', 'Theft'],
    containment: ['Device wiped remotely', 'Account passwords reset', 'Report filed with the police'],
    prevention: ['USB ports restricted to encrypted sticks', 'Paper files no longer taken on home visits'],
  },
  {
    kind: 'phishing',
    weight: 8,
    titles: ['Credentials entered on a phishing site', 'Mailbox taken over after phishing', 'Phishing e-mail sent from a municipal account'],
    details: ['The attacker read the mailbox for several hours.', 'The account was used to send phishing to citizens in the address book.'],
    how: ['the security operations centre raised an alert', 'citizens reported odd e-mails', 'the employee reported it'],
    cia: ['confidentiality', 'integrity'],
    encryptedChance: 0,
    bulkChance: 0.45,
    rootCauses: [['malicious', 70], ['human-error', 20], ['technical', 10]],
    rootCauseTexts: ['Phishing e-mail not recognised', 'No multi-factor authentication on the webmail'],
    containment: ['Account blocked and password reset', 'Sessions revoked and forwarding rules removed'],
    prevention: ['Multi-factor authentication enforced', 'Phishing awareness training for the department'],
  },
  {
    kind: 'hacking-or-malware',
    weight: 4,
    titles: ['Malware on a workstation', 'Vulnerability exploited in a supplier\'s portal', 'Ransomware at a processor'],
    details: ['The supplier reported that files were copied.', 'The workstation was isolated by the service desk.'],
    how: ['the processor informed the municipality', 'the security operations centre raised an alert'],
    cia: ['confidentiality', 'integrity', 'availability'],
    encryptedChance: 0.1,
    bulkChance: 0.7,
    rootCauses: [['malicious', 55], ['technical', 25], ['processor', 20]],
    rootCauseTexts: ['Unpatched vulnerability', 'Security update not applied by the processor'],
    containment: ['Workstation isolated and reinstalled', 'Supplier portal taken offline'],
    prevention: ['Patch window shortened', 'Security clauses of the processing agreement enforced'],
  },
  {
    kind: 'unintended-publication',
    weight: 8,
    titles: ['WOB decision published without anonymisation', 'Council document published with personal data', 'Objection file shared with the wrong party', 'Names visible in a published spreadsheet'],
    details: ['The redaction layer was not flattened before publication.', 'A hidden tab of the spreadsheet held the personal data.'],
    how: ['a journalist pointed it out', 'the data subject found it online', 'the web team noticed it'],
    cia: ['confidentiality'],
    encryptedChance: 0,
    bulkChance: 0.5,
    rootCauses: [['procedure', 45], ['human-error', 45], ['technical', 10]],
    rootCauseTexts: ['No check before publication', 'Redaction tool used incorrectly'],
    containment: ['Document taken offline and search engines asked to remove the cache', 'Document replaced by a redacted version'],
    prevention: ['Publication checklist with a privacy check', 'Redaction training for WOB staff'],
  },
  {
    kind: 'improper-disposal',
    weight: 4,
    titles: ['Client files found in a paper bin', 'Old computers disposed of without wiping', 'Archive boxes left at the kerb'],
    details: ['The files should have gone into the secure shredding container.'],
    how: ['a resident found them', 'the cleaning service reported it'],
    cia: ['confidentiality'],
    encryptedChance: 0,
    bulkChance: 0.4,
    rootCauses: [['procedure', 55], ['human-error', 35], ['processor', 10]],
    rootCauseTexts: ['Secure disposal procedure unknown to the team', 'Disposal contractor did not wipe the disks'],
    containment: ['Files collected and shredded', 'Devices recovered from the contractor'],
    prevention: ['Secure shredding containers placed on every floor', 'Disposal certificates required from the contractor'],
  },
  {
    kind: 'other',
    weight: 8,
    titles: ['Case system unavailable, client records unreachable', 'Records altered by a conversion error', 'Client record merged with another person\'s'],
    details: ['For two days the team could not consult the records it needed.', 'A data migration linked documents to the wrong client.'],
    how: ['the application manager reported it', 'a client noticed a stranger\'s document in the portal'],
    cia: ['availability', 'integrity'],
    encryptedChance: 0,
    bulkChance: 0.5,
    rootCauses: [['technical', 60], ['processor', 20], ['other', 20]],
    rootCauseTexts: ['Migration script not tested on production data', 'Outage at the hosting provider'],
    containment: ['Records restored from backup', 'Wrongly linked documents removed'],
    prevention: ['Migration tests on an anonymised copy of production', 'Availability agreements with the hosting provider'],
  },
];

/** What each dienst mostly handles, for the data categories (other diensten get the generic ones). */
export const DIENST_DATA: { readonly [dienst: string]: readonly string[] } = {
  DBV: ['personnel file', 'salary', 'absence'],
  OCW: ['school attendance', 'youth care', 'child\'s name'],
  DPZ: ['BRP record', 'identity document', 'civil-status data'],
  SZW: ['income', 'benefits', 'debt counselling'],
  DSB: ['licence plate', 'parking permit', 'enforcement report'],
  DSO: ['permit application', 'housing situation', 'nuisance report'],
  BSD: ['complaint', 'council correspondence'],
};
export const GENERIC_DATA = ['name', 'address', 'e-mail address', 'phone number', 'date of birth'];

export const PROCESSORS = ['the mail house (printing and posting)', 'the IT service provider', 'the case-management software supplier', 'the translation agency', 'the debt-counselling partner'];

/**
 * The reasons for lateness and how often each is given. The FG's report names "not
 * recognised as a breach" and "procedure not clear" as the excuses the AP rejected in
 * 2020, and late escalation is the internal problem it wants investigated: these lead.
 */
export const DEFAULT_LATE_REASON_WEIGHTS: { readonly [C in LateReasonCode]: number } = {
  'not-recognised': 25,
  'internal-escalation': 22,
  'awaiting-investigation': 15,
  'procedure-unclear': 12,
  'staff-unavailable': 10,
  'processor-delay': 7,
  other: 5,
  'bundled-report': 4,
};

export const LATE_EXPLANATIONS: { readonly [C in LateReasonCode]: readonly string[] } = {
  'not-recognised': ['The team treated it as a routine error and did not see it as a personal-data breach.', 'Nobody recognised the incident as a breach until the weekly check of the mailbox.'],
  'internal-escalation': ['The incident stayed with the team lead before it reached the privacy officers.', 'The department\'s contact person was not told until the matter was raised again.'],
  'awaiting-investigation': ['We waited for the application manager to establish how many people were involved.', 'We wanted to know whether the recipient had opened the file before reporting.'],
  'procedure-unclear': ['The team did not know the breach procedure applied to paper files.', 'Staff thought the service desk reported breaches to the AP.'],
  'staff-unavailable': ['The privacy officer on duty was ill and there was no stand-in.', 'Reported during the Christmas holiday, handled after it.', 'The incident came in on a Friday evening and was picked up on Monday.'],
  'processor-delay': ['The processor informed us only after its own investigation.', 'The supplier reported the incident to its own contact person, not to the municipality\'s.'],
  'bundled-report': ['Reported in the periodic bundled report, as agreed with the AP for small misdirected letters.'],
  other: ['The AP\'s reporting form was unavailable.', 'The report was drafted in time but not submitted.'],
};

export const VERDICT_COMMENTS: { readonly [V in LateReasonVerdict]: readonly string[] } = {
  accepted: ['The reason is covered by the agreement with the AP.', 'The processor\'s delay is documented; the municipality acted without delay once informed.'],
  'not-accepted': ['The AP does not accept this reason: report preliminarily and supplement later.', 'The clock does not pause for internal procedures; this is the escalation problem named in the annual report.', 'Not recognising a breach is not a valid excuse (AP, 2020).'],
};

export const NOT_REPORTABLE_RATIONALES = [
  'The recipient is a professional bound by confidentiality and confirmed deletion; no risk to the data subject.',
  'Only a name and address of one person; the recipient returned the letter unopened.',
  'The file was retrieved within the hour and there is no sign it was viewed.',
  'The data was already public; no risk to the rights and freedoms of the person concerned.',
  'The e-mail went to a colleague within the municipality who deleted it at once.',
  'Availability was restored within a working day from backup; no risk to the data subjects.',
];

export const ENCRYPTED_RATIONALE = 'The data was encrypted and the key was not compromised.';

export const ADVICE_TEXTS = [
  'Report preliminarily now and supplement later: the AP\'s rule of thumb.',
  'Look into the underlying cause: this is the third misdirected e-mail from the team this quarter.',
  'Inform the data subjects; the data includes a BSN and income details.',
  'No report needed, provided the reasoning is recorded in the register.',
  'Ask the processor for its incident report and check the processing agreement.',
];

export const HIGH_RISK_WITHOUT_NOTIFICATION = 'Art. 34(3): measures taken after the breach removed the high risk to the data subjects.';

export const WAIVER_EXPLANATIONS: { readonly [G in WaiverGround]: string } = {
  'unintelligible-data': 'The data was encrypted with a key that was not compromised (Art. 34(3)(a)).',
  'high-risk-removed': 'The recipient deleted the data under supervision; the high risk is gone (Art. 34(3)(b)).',
  'disproportionate-effort': 'The people involved cannot be traced individually without a disproportionate effort (Art. 34(3)(c)).',
};
export const PUBLIC_COMMUNICATION = 'A notice on the municipality\'s website and in the local newspaper.';

export const SUPPLEMENT_CHANGES = ['The number of data subjects is now known.', 'The root cause and the measures taken.', 'The data subjects have been notified.', 'The processor\'s incident report.'];
export const WITHDRAWAL_REASONS = ['The investigation showed no personal data left the organisation.', 'The recipient turned out to be authorised to receive the data.', 'The data proved encrypted; no risk to the data subjects.'];
/** The ground of each withdrawal reason above: the first two were no breach after all, the third was a breach without risk. */
export const WITHDRAWAL_GROUNDS_OF_REASONS = ['no-breach', 'no-breach', 'other'] as const;
export const UNKNOWN_ROOT_CAUSE = 'The investigation could not establish how the data left the department.';
export const CLOSURE_SUMMARIES = ['Contained, cause recorded, measures taken.', 'Handled: data retrieved and deleted, team briefed.', 'Handled; prevention measure assigned to the department.', 'Closed after the final report to the AP.'];
export const CORRECTION_REASONS = {
  awareAt: 'The team knew of the incident earlier than first recorded.',
  dienst: 'Registered under the wrong dienst.',
  dataSubjects: 'The investigation established the number of data subjects.',
  description: 'The description was incomplete.',
  reportedAt: 'The filing time was copied wrongly from the AP\'s confirmation.',
  apReference: 'The meldnummer was mistyped.',
} as const;
