import { getDirective, listDirectives } from '../data/directive-repo';
import { pageLinks } from '../../templates/pages/paging';
import { notFound, type FieldError } from '../errors';
import type { HttpResult } from '../http/responses';
import type { Directive } from '../schemas/directive';
import { t, type TextKey } from '../../templates/i18n';
import { directivesPage } from '../../templates/pages/app-directives';
import { pageResult, type PageRequest } from './page-http';

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
  const [{ items, cursor }, toEdit] = await Promise.all([
    listDirectives(100, req.query['cursor'], withdrawn ? 'withdrawn' : 'registered'),
    canRegister && editId ? getDirective(editId) : Promise.resolve(editing),
  ]);
  if (canRegister && editId && (!toEdit || toEdit.state === 'withdrawn')) throw notFound({ vi: 'văn bản đến', en: 'Directive' });
  const values = toEdit && !editing ? Object.fromEntries(directiveFormFields.map((f) => [f, toEdit[f] ?? ''])) : form;
  const noticeKey = notices[req.query['done'] ?? ''];
  const noticeText = noticeKey ? t(req.lang, noticeKey) : undefined;
  return pageResult(
    status,
    directivesPage(
      { lang: req.lang, actor: req.actor, csrf: req.csrf },
      { items, canRegister, form: values, withdrawn, pager: pageLinks(req.lang, '/app/directives', { ...req.query, edit: undefined }, cursor), ...(toEdit ? { editing: toEdit } : {}), ...(errors ? { errors } : {}), ...(noticeText ? { notice: noticeText } : {}) },
    ),
  );
}
