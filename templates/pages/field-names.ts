import { t, type Lang, type TextKey } from '../i18n';

/**
 * The fields a page can be told about apart from the controls it shows each error beside: the hidden
 * version, a comment or reason, a page's address (its cursors and filters), a path parameter. The
 * services name them by their path ("version phải là số phiên bản…"), right for a developer reading
 * JSON; a page names them by what a person sees (issue 14: no English field names in Vietnamese
 * messages). A nested path is named by its last segment (`query.cursor`, `body.version`).
 */
const PAGE_FIELDS: Readonly<Record<string, TextKey>> = {
  version: 'fieldVersion',
  comment: 'comment',
  reason: 'fieldReason',
  confirm: 'fieldConfirm',
  csrf: 'fieldCsrf',
  cursor: 'fieldCursor',
  history: 'fieldHistory',
  page: 'fieldCursor',
  state: 'stateLabel',
  status: 'stateLabel',
  unit: 'unit',
  unitId: 'unit',
  recipientId: 'unit',
  year: 'year',
  agency: 'agencyLabel',
  agencyCode: 'agencyLabel',
  issuer: 'issuerSection',
  dispatchId: 'fieldDispatch',
  directiveId: 'fieldDirective',
  requestId: 'fieldRequest',
  sort: 'fieldSort',
  outcome: 'fieldOutcome',
  email: 'agencyEmail',
  active: 'activeLabel',
};

/** The field's name on a page, or undefined for one this table does not know (its message is shown as it is). */
export function pageFieldName(lang: Lang, field: string): string | undefined {
  const key = PAGE_FIELDS[field] ?? PAGE_FIELDS[field.slice(field.lastIndexOf('.') + 1)];
  return key ? t(lang, key) : undefined;
}

/**
 * One field error as a page says it: "Phiên bản: phải là số phiên bản (số nguyên dương)". The path the
 * message starts with is replaced by the field's name; a message that does not name its field gets the
 * name before it, one that already starts with it (a page's own label) stays as it is.
 */
export function namedFieldMessage(lang: Lang, error: { field: string; vi: string; en: string }): string {
  const text = error[lang];
  const name = pageFieldName(lang, error.field);
  if (!name) return text;
  for (const path of [`${error.field}: `, `${error.field} `]) if (text.startsWith(path)) return `${name}: ${text.slice(path.length)}`;
  return text.toLocaleLowerCase(lang).startsWith(name.toLocaleLowerCase(lang)) ? text : `${name}: ${text}`;
}
