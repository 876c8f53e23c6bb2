import { getDirective, listDirectives } from '../data/directive-repo';
import { pageLinks } from '../../templates/pages/paging';
import { notFound, type FieldError } from '../errors';
import type { HttpResult } from '../http/responses';
import type { Directive } from '../schemas/directive';
import { t, type TextKey } from '../../templates/i18n';
import { directivesPage } from '../../templates/pages/app-directives';
import { pageResult, type PageRequest } from './page-http';
import { isNarrowed } from '../domain/list-search';
import { searchTerms } from '../domain/search-text';
import { listDirectivesQuery } from '../schemas/directive';
import { listSearchOf } from '../schemas/search';
import { directiveSearchForm, searchSummary } from '../../templates/pages/list-search';
import { parsePageSearch } from './list-search';

const notices: Record<string, TextKey> = { '1': 'directiveRegistered', corrected: 'directiveCorrected', withdrawn: 'directiveWithdrawn' };

/** The fields of the registration form, as the correction form shows them for a registered directive. */
export const directiveFormFields = ['number', 'symbol', 'issuedOn', 'issuingBody', 'subject', 'receivedOn', 'deadline', 'text'] as const;

/**
 * The directives page: the list (the withdrawn ones with `?state=withdrawn`), and for clerks the
 * registration form, or with `?edit=<id>` the correction and withdrawal forms of that directive (again
 * as typed after errors).
 */
export async function showDirectives(
  req: PageRequest,
  status = 200,
  form: Record<string, string> = {},
  errors?: FieldError[],
  editing?: Directive,
): Promise<HttpResult> {
  const withdrawn = req.query['state'] === 'withdrawn';
  const canRegister = req.actor.roles.some((r) => r === 'clerk' || r === 'admin');
  const editId = editing ? undefined : req.query['edit'];
  // The search (issue 14), checked by the API's own query schema; a bad filter lists nothing and says which.
  const search = parsePageSearch(listDirectivesQuery, req.query, ['q', 'from', 'to', 'due', 'issuer'], {
    state: withdrawn ? 'withdrawn' : 'registered',
    limit: 100,
    ...(req.query['cursor'] !== undefined ? { cursor: req.query['cursor'] } : {}),
  });
  const criteria = search.ok ? { ...listSearchOf(search.data), issuerTerms: searchTerms(search.data.issuer) } : undefined;
  const narrowed = !search.ok || isNarrowed(criteria, ...(criteria?.issuerTerms ?? []));
  const [{ items, cursor }, toEdit] = await Promise.all([
    search.ok ? listDirectives(100, search.data.cursor, withdrawn ? 'withdrawn' : 'registered', criteria) : Promise.resolve({ items: [], cursor: undefined }),
    canRegister && editId ? getDirective(editId) : Promise.resolve(editing),
  ]);
  if (canRegister && editId && (!toEdit || toEdit.state === 'withdrawn')) throw notFound({ vi: 'văn bản đến', en: 'Directive' });
  const values = toEdit && !editing ? Object.fromEntries(directiveFormFields.map((f) => [f, toEdit[f] ?? ''])) : form;
  const noticeKey = notices[req.query['done'] ?? ''];
  const noticeText = noticeKey ? t(req.lang, noticeKey) : undefined;
  const searchView = {
    form: directiveSearchForm(req.lang, { values: search.values, withdrawn, errors: search.ok ? undefined : search.errors, narrowed }),
    summary: search.ok ? searchSummary(req.lang, narrowed, items.length, !!cursor) : '',
  };
  return pageResult(
    search.ok ? status : 400,
    directivesPage(
      { lang: req.lang, actor: req.actor, csrf: req.csrf },
      { items, canRegister, form: values, withdrawn, search: searchView, pager: pageLinks(req.lang, '/app/directives', { ...req.query, edit: undefined }, cursor), ...(toEdit ? { editing: toEdit } : {}), ...(errors ? { errors } : {}), ...(noticeText ? { notice: noticeText } : {}) },
    ),
  );
}
