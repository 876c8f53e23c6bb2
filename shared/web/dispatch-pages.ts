import type { HttpResult } from '../http/responses';
import { recipientPage } from '../services/progress-summary';
import { latestRuns, runDone } from '../data/reminder-run-repo';
import { pageLinks } from '../../templates/pages/paging';
import { requireDispatch, withSignerState } from '../services/dispatches';
import { contextFor, type UseCaseContext } from '../services/context';
import { verifyEntityAudit } from '../services/audit-verification';
import { keys } from '../data/keys';
import { invalid, type FieldError } from '../errors';
import { t, type TextKey } from '../../templates/i18n';
import { dispatchPage, sendProgressOf, type DispatchPageData } from '../../templates/pages/app-dispatches';
import { fieldErrorsOf, pageResult, redirect, type PageRequest } from './page-http';
import { historyOf, noticeOf } from './dispatch-feedback';

/**
 * What the dispatch pages share: showing one dispatch (with its recipients once issued), and running an
 * action from one of its forms, then POST-redirect-GET back with a notice, or the page again with the
 * errors in the user's language when the action was refused (stale version, wrong state, bad input).
 */
export const doneNotices = ['submitted', 'withdrawn', 'signed', 'returned', 'issuedNotice', 'linkResent', 'linkRevoked', 'reminded', 'remindQueued', 'alreadyReminded', 'saved', 'done', 'copiedNotice'] as const satisfies readonly TextKey[];
type DoneNotice = (typeof doneNotices)[number];

/** The line "Nhật ký thao tác: nguyên vẹn / bị sửa đổi (sự kiện N)" of the dispatch page. */
async function auditStateOf(dispatchId: string): Promise<{ intact: boolean; seq?: number }> {
  const report = await verifyEntityAudit(keys.dispatch(dispatchId).PK);
  return report.intact ? { intact: true } : { intact: false, ...(report.break?.seq !== undefined ? { seq: report.break.seq } : {}) };
}

/** Rows of the dispatch page's unit table per page. */
const RECIPIENTS_PER_PAGE = 200;

export async function showDispatch(req: PageRequest, status = 200, extra: Partial<DispatchPageData> = {}): Promise<HttpResult> {
  const dispatch = await requireDispatch(req.params['dispatchId']!);
  const done = req.query['done'];
  const noticeKey = doneNotices.find((k) => k === done);
  // One page of the unit table (a dispatch may go to thousands); "next page" keeps the rest of the address.
  const table = dispatch.state === 'issued' ? await recipientPage(dispatch.id, new Date(), { limit: RECIPIENTS_PER_PAGE, cursor: req.query['cursor'] }) : undefined;
  const recipients = table?.items;
  const recipientsPager = table ? pageLinks(req.lang, `/app/dispatches/${encodeURIComponent(dispatch.id)}`, req.query, table.cursor) : undefined;
  const [flagged] = await withSignerState([dispatch]);
  const [reminderRun] = dispatch.state === 'issued' ? await latestRuns(dispatch.id, 1) : [];
  // The banner follows the state as it is now (e.g. every e-mail sent), with the counts and names.
  const noticeNow = await noticeOf(req.lang, dispatch, noticeKey, req.query);
  const noticeText = noticeNow?.text;
  // A unit's letter still on the mail queue: the page asks its progress for the notice until it is sent.
  const noticePoll = noticeNow?.pending && noticeKey
    ? `/app/dispatches/${encodeURIComponent(dispatch.id)}/progress?${new URLSearchParams({ notice: noticeKey, unit: req.query['unit'] ?? '', step: req.query['step'] ?? '' }).toString()}`
    : undefined;
  const data: DispatchPageData = {
    dispatch,
    ...(noticeText ? { notice: noticeText } : {}),
    ...(noticePoll ? { noticePoll } : {}),
    ...(recipients ? { recipients } : {}),
    ...(recipientsPager ? { recipientsPager } : {}),
    ...(dispatch.state === 'issued' ? { progress: sendProgressOf(req.lang, dispatch) } : {}),
    ...(reminderRun ? { reminderRun: { ...reminderRun, done: runDone(reminderRun) } } : {}),
    ...(flagged?.signerInactive ? { signerInactive: true } : {}),
    audit: await auditStateOf(dispatch.id),
    history: await historyOf(req.lang, req, dispatch.id),
    ...extra,
  };
  return pageResult(status, dispatchPage({ lang: req.lang, actor: req.actor, csrf: req.csrf }, data));
}

/** The version the form was rendered with: the services refuse a stale one (409), so two clerks cannot collide. */
export function versionOf(req: PageRequest): number {
  const version = Number(req.form['version']);
  if (!Number.isInteger(version) || version < 1) throw invalid([{ field: 'version', vi: 'phiên bản không hợp lệ', en: 'invalid version' }]);
  return version;
}

/** `done`: the notice to show, or how to choose it from what the action answered (e.g. nothing to send). */
export async function dispatchAction<T>(
  req: PageRequest,
  done: DoneNotice | ((result: T) => DoneNotice),
  work: (ctx: UseCaseContext) => Promise<T>,
  /** More of the notice's facts for the page to show (e.g. the unit reminded, how many queued). */
  facts: (result: T) => Record<string, string> = () => ({}),
): Promise<HttpResult> {
  let notice: DoneNotice;
  let more: Record<string, string> = {};
  try {
    const result = await work(contextFor(req.actor));
    notice = typeof done === 'function' ? done(result) : done;
    more = facts(result);
  } catch (error) {
    const errors: FieldError[] | undefined = fieldErrorsOf(error);
    if (!errors) throw error;
    const comment = req.form['comment'];
    return showDispatch(req, (error as { code?: string }).code === 'conflict' ? 409 : 400, { errors, ...(comment !== undefined ? { comment } : {}) });
  }
  return redirect(`/app/dispatches/${encodeURIComponent(req.params['dispatchId']!)}?${new URLSearchParams({ done: notice, ...more }).toString()}`);
}
