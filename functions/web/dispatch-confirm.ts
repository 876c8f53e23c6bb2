import { webPage } from './page-table';
import { getRecipient } from '../../shared/data/recipient-repo';
import { notFound } from '../../shared/errors';
import { requireDispatch } from '../../shared/services/dispatches';
import { laggardsOf } from '../../shared/web/dispatch-feedback';
import { pageHandler, pageResult, type PageRequest } from '../../shared/web/page-http';
import { t } from '../../templates/i18n';
import { confirmPage } from '../../templates/pages/app-dispatch-feedback';

/**
 * The confirmation step of the dispatch page's actions that send mail or delete: the same address as
 * the action's form, read with GET, shows who will get what and the one button that does it. A page,
 * not a script dialog, so it works without JavaScript and names the units.
 */
const hrefOf = (id: string) => `/app/dispatches/${encodeURIComponent(id)}`;
const shellOf = (req: PageRequest) => ({ lang: req.lang, actor: req.actor, csrf: req.csrf });

/** GET /app/dispatches/{id}/remind: "remind every unit that still owes", with their count and names. */
export const remindAll = pageHandler(webPage('dispatch-remind-confirm'), async (req) => {
  const d = await requireDispatch(req.params['dispatchId']!);
  const { lang } = req;
  const { count, named } = await laggardsOf(d);
  return pageResult(
    200,
    confirmPage(shellOf(req), {
      dispatch: d,
      title: t(lang, 'confirmRemindAllTitle'),
      text: t(lang, 'confirmRemindAllText', { n: count }),
      units: named,
      more: count - named.length,
      action: `${hrefOf(d.id)}/remind`,
      button: t(lang, 'confirmSend'),
      ...(count === 0 ? { nothing: t(lang, 'confirmNoneOwe') } : {}),
    }),
  );
});

/** GET /app/dispatches/{id}/recipients/{unitId}/{remind|resend-link}: one unit, by name and address. */
export const recipient = pageHandler(webPage('recipient-confirm'), async (req) => {
  const { lang } = req;
  const action = req.params['action'];
  if (action !== 'remind' && action !== 'resend-link') throw notFound({ vi: 'thao tác', en: 'Action' });
  const d = await requireDispatch(req.params['dispatchId']!);
  const r = await getRecipient(d.id, req.params['unitId']!);
  if (!r) throw notFound({ vi: 'đơn vị nhận', en: 'Recipient' });
  const remind = action === 'remind';
  return pageResult(
    200,
    confirmPage(shellOf(req), {
      dispatch: d,
      title: t(lang, remind ? 'confirmRemindTitle' : 'confirmResendTitle'),
      text: t(lang, remind ? 'confirmRemindText' : 'confirmResendText'),
      units: [{ name: r.unitName, email: r.email }],
      more: 0,
      action: `${hrefOf(d.id)}/recipients/${encodeURIComponent(r.unitId)}/${action}`,
      button: t(lang, 'confirmSend'),
    }),
  );
});

/** GET /app/dispatches/{id}/delete: deleting a draft, with its subject and that it cannot be undone. */
export const deleteDraft = pageHandler(webPage('dispatch-delete-confirm'), async (req) => {
  const { lang } = req;
  const d = await requireDispatch(req.params['dispatchId']!);
  return pageResult(
    200,
    confirmPage(shellOf(req), {
      dispatch: d,
      title: t(lang, 'confirmDeleteTitle'),
      text: t(lang, 'confirmDeleteText', { subject: d.content.subject }),
      units: [],
      more: 0,
      action: `${hrefOf(d.id)}/delete`,
      button: t(lang, 'deleteDraft'),
      danger: true,
      fields: { version: String(d.version) },
      ...(d.state === 'draft' ? {} : { nothing: t(lang, 'deleteOnlyDraft') }),
    }),
  );
});
