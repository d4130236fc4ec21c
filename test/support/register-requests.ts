/** A RegisterProcessingActivity body as the privacy officers send it: a DPIA is needed. */
export const activityBody = (name: string, dienst: string) => ({
  name,
  purposes: [{ purpose: `${name}: the public task`, legalBasis: 'public-task' }],
  dataSubjectCategories: ['Residents'],
  personalDataCategories: ['Name', 'Address'],
  recipients: ['Enforcement'],
  thirdCountryTransfers: [],
  retention: 'Two years',
  securityMeasures: ['Role-based access'],
  dienst,
  owner: { kind: 'ad', name: `AD ${dienst}`, reason: null },
  controller: 'College van burgemeester en wethouders',
  jointControllers: [],
  processors: [],
  dpiaNeeded: true,
  registeredAt: '2026-02-02T10:00:00+01:00',
});
