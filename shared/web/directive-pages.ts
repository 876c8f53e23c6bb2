import { listDirectives } from '../data/directive-repo';
import type { FieldError } from '../errors';
import type { HttpResult } from '../http/responses';
import { t } from '../../templates/i18n';
import { directivesPage } from '../../templates/pages/app-directives';
import { pageResult, type PageRequest } from './page-http';

/** The directives page: the list, and for clerks the registration form (again as typed after errors). */
export async function showDirectives(req: PageRequest, status = 200, form: Record<string, string> = {}, errors?: FieldError[]): Promise<HttpResult> {
  const { items } = await listDirectives(100);
  const canRegister = req.actor.roles.some((r) => r === 'clerk' || r === 'admin');
  const noticeText = req.query['done'] ? t(req.lang, 'directiveRegistered') : undefined;
  return pageResult(status, directivesPage({ lang: req.lang, actor: req.actor, csrf: req.csrf }, { items, canRegister, form, ...(errors ? { errors } : {}), ...(noticeText ? { notice: noticeText } : {}) }));
}
