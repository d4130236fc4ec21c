/** A breach register as an old spreadsheet holds it: the large-import test and the import benchmark post it. */

const HEADER = 'title;description;dienst;aware_at;reportable;rationale;registered_at;dpo_informed_at;dpo_informed_by;closed_at;closing_summary';

/** A row as an old register would hold it: a title, a paragraph, times, a closure. */
function row(i: number): string {
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((i % 12) + 1).padStart(2, '0');
  return [
    `Brief ${i} over een aanvraag bijzondere bijstand naar een verkeerd adres gestuurd`,
    `Een beschikking (dossier ${i}) met naam, adres en inkomensgegevens van de aanvrager is naar een ander adres in dezelfde straat gestuurd. De ontvanger belde het klantcontactcentrum en heeft de brief teruggestuurd.`,
    'SZW',
    `2021-${month}-${day}T10:00:00+01:00`,
    'nee',
    'De ontvanger heeft de brief ongeopend teruggestuurd, dus geen risico voor de betrokkene.',
    `2021-${month}-${day}T12:00:00+01:00`,
    `2021-${month}-${day}T13:00:00+01:00`,
    'Privacy officer SZW',
    `2021-${month}-${day}T16:00:00+01:00`,
    'Brief teruggehaald en de adresregistratie gecorrigeerd.',
  ].join(';');
}
/** A breach import file of `rows` such rows (`;`-separated, CRLF, as a spreadsheet exports it). */
export const realisticBreachCsv = (rows: number): string => `${[HEADER, ...Array.from({ length: rows }, (_, i) => row(i + 1))].join('\r\n')}\r\n`;
