import { createHash } from 'node:crypto';
import type { AuditEvent } from '../data/audit';
import { getReportVersion, listReportVersions, recordAcknowledged, recordOpened, recordReport, type ReportVersion } from '../data/progress-repo';
import { getRecipient, type RecipientRecord } from '../data/recipient-repo';
import { createResetRequest, getResetRequest, type ResetRequestRecord } from '../data/reset-request-repo';
import { accountRequests } from '../domain/accounts';
import { canStillReport, completesOn, parseReportForm, reportDeadline, sameReport } from '../domain/progress';
import { vietnamDate } from '../domain/time';
import { AppError, conflict, invalid, type Bilingual, type FieldError } from '../errors';
import type { LinkSession } from './link-session';
import { unsafeTextKey } from '../schemas/common';
import { customMessage } from '../schemas/messages';
import { BusinessMetric, countBusiness } from '../metrics';

/**
 * What a unit does through its emailed link. Every step is keyed by the session's dispatch and unit
 * (from the token), checked, and recorded with its counters in one transaction; a repeat shows the
 * existing record instead of creating another.
 */
export type Form = Readonly<Record<string, string>>;
export interface LinkActionResult {
  notice: Bilingual;
  /**
   * The unit's state after the step, when this step wrote it (its transaction applied, so nothing else
   * changed what the page shows): the page is drawn from it without reading it again.
   */
  after?: UnitState;
  /** The step's transaction counted the request's use of the link (the session's `uncountedUse`). */
  countedUse?: boolean;
}

/** What the unit's page shows of its own progress. */
export interface UnitState {
  recipient: RecipientRecord;
  /** The latest report version; `null` when the unit has none. */
  latestReport?: ReportVersion | null;
}

const auditFor = (s: LinkSession, action: string, at: string, sourceIp: string, details: Record<string, unknown> = {}): AuditEvent => ({
  at,
  // The token is the credential; the audit names the unit it stands for, never the token.
  actor: `link:${s.recipient.unitId}`,
  action,
  sourceIp,
  ...(s.dispatch.pdfSha256 ? { documentHash: s.dispatch.pdfSha256 } : {}),
  details: { unitId: s.recipient.unitId, ...details },
});

export const recordOpening = (s: LinkSession, now: Date) => recordOpened(s.dispatch.id, s.recipient.unitId, now.toISOString());

const MAX_PERSON = 200;

function person(form: Form): { name: string; position: string } {
  const name = (form['name'] ?? '').trim();
  const position = (form['position'] ?? '').trim();
  const problems: FieldError[] = [];
  if (!name) problems.push({ field: 'name', vi: 'Họ và tên: không được để trống', en: 'Name: must not be empty' });
  if (name.length > MAX_PERSON) problems.push({ field: 'name', vi: `Họ và tên: dài quá ${MAX_PERSON} ký tự`, en: `Name: more than ${MAX_PERSON} characters` });
  if (!position) problems.push({ field: 'position', vi: 'Chức vụ: không được để trống', en: 'Position: must not be empty' });
  if (position.length > MAX_PERSON) problems.push({ field: 'position', vi: `Chức vụ: dài quá ${MAX_PERSON} ký tự`, en: `Position: more than ${MAX_PERSON} characters` });
  for (const [field, value, vi, en] of [['name', name, 'Họ và tên', 'Name'], ['position', position, 'Chức vụ', 'Position']] as const) {
    const key = unsafeTextKey(value);
    if (key) problems.push({ field, vi: `${vi}: ${customMessage(key).vi}`, en: `${en}: ${customMessage(key).en}` });
  }
  if (problems.length) throw invalid(problems);
  return { name, position };
}

export async function acknowledge(s: LinkSession, form: Form, now: Date, sourceIp: string): Promise<LinkActionResult> {
  if (s.recipient.acknowledgedAt) return { notice: alreadyAcknowledged };
  const by = person(form);
  const at = now.toISOString();
  const completes = completesOn(s.recipient.role, s.dispatch.content.requirements) === 'acknowledge';
  const recorded = await recordAcknowledged({
    dispatchId: s.dispatch.id,
    unitId: s.recipient.unitId,
    by,
    at,
    completes,
    audit: auditFor(s, 'link.acknowledged', at, sourceIp, { by }),
    ...(s.auditHead ? { head: s.auditHead } : {}),
    ...(s.uncountedUse ? { guard: s.uncountedUse } : {}),
  });
  if (!recorded) return { notice: alreadyAcknowledged };
  countBusiness(BusinessMetric.Acknowledgments);
  return {
    countedUse: !!s.uncountedUse,
    notice: { vi: 'Đã ghi nhận xác nhận đã nhận công văn.', en: 'Receipt acknowledged.' },
    after: { recipient: { ...s.recipient, acknowledgedAt: at, acknowledgedBy: by, ...(completes ? { completedAt: at } : {}) } },
  };
}

const alreadyAcknowledged = { vi: 'Đơn vị đã xác nhận đã nhận trước đó; xác nhận cũ được giữ nguyên.', en: 'Your unit had already acknowledged; that acknowledgment stands.' };

const reportClosed = () =>
  conflict({ vi: 'Đã quá thời hạn của công văn, không thể sửa báo cáo.', en: "The dispatch's deadline has passed; the report can no longer be changed." });

export async function report(s: LinkSession, form: Form, now: Date, sourceIp: string): Promise<LinkActionResult> {
  const requirements = s.dispatch.content.requirements;
  if (s.recipient.role !== 'action') throw conflict({ vi: 'Đơn vị nhận để biết, không cần báo cáo.', en: 'Your unit receives this for information and does not report.' });
  if (!canStillReport(requirements, now)) throw reportClosed();
  const { items, problems } = parseReportForm(form, requirements, vietnamDate(now));
  if (problems.length) throw invalid(problems);

  // The recipient (read with the session, strongly consistent) names its latest version, written with it.
  const previous = s.recipient.reportVersion ? await getReportVersion(s.dispatch.id, s.recipient.unitId, s.recipient.reportVersion) : undefined;
  if (previous && sameReport(previous.items, items)) return { notice: unchanged };
  const version: ReportVersion = {
    dispatchId: s.dispatch.id,
    unitId: s.recipient.unitId,
    version: (previous?.version ?? 0) + 1,
    items,
    at: now.toISOString(),
    sourceIp,
  };
  const completes = completesOn(s.recipient.role, requirements) === 'report';
  const recorded = await recordReport(version, {
    completes,
    audit: auditFor(s, version.version === 1 ? 'link.reported' : 'link.report-corrected', version.at, sourceIp, { version: version.version }),
    ...(s.auditHead ? { head: s.auditHead } : {}),
    ...(s.uncountedUse ? { guard: s.uncountedUse } : {}),
  });
  if (!recorded) {
    // Another submission won the race: the same report is a replay; a different one must be resent on the fresh page.
    const latest = (await listReportVersions(s.dispatch.id, s.recipient.unitId)).at(-1);
    if (latest && sameReport(latest.items, items)) return { notice: unchanged };
    throw conflict({ vi: 'Báo cáo vừa được cập nhật từ nơi khác. Vui lòng xem lại và gửi lại.', en: 'The report was just changed elsewhere. Please review and send again.' });
  }
  countBusiness(BusinessMetric.Reports);
  const first = version.version === 1;
  const r = s.recipient;
  return {
    countedUse: !!s.uncountedUse,
    notice: first
      ? { vi: 'Đã ghi nhận báo cáo kết quả.', en: 'Report recorded.' }
      : { vi: `Đã ghi nhận báo cáo sửa đổi (lần ${version.version}).`, en: `Corrected report recorded (version ${version.version}).` },
    after: {
      recipient: {
        ...r,
        reportVersion: version.version,
        reportedAt: version.at,
        firstReportedAt: r.firstReportedAt ?? version.at,
        ...(first && completes ? { completedAt: version.at } : {}),
      },
      latestReport: version,
    },
  };
}

const unchanged = { vi: 'Báo cáo không thay đổi so với lần gửi trước.', en: 'The report is the same as the one already sent.' };

/** A stable id per dispatch and unit: a duplicate submission collides on it instead of making a second request. */
export const resetRequestIdOf = (dispatchId: string, unitId: string) =>
  `rr-${createHash('sha256').update(`${dispatchId}\u0000${unitId}`).digest('base64url').slice(0, 22)}`;

export async function requestAccounts(s: LinkSession, form: Form, now: Date, sourceIp: string): Promise<LinkActionResult> {
  const requirements = s.dispatch.content.requirements;
  if (s.recipient.role !== 'action' || !requirements.some((r) => r.response === 'accounts')) {
    throw conflict({ vi: 'Công văn này không yêu cầu đơn vị gửi danh sách tài khoản.', en: 'This dispatch does not ask your unit for accounts.' });
  }
  if (s.recipient.resetRequestId) return { notice: alreadyRequested };
  const { accounts, problems } = accountRequests(form['reset'] ?? '', form['revoke'] ?? '');
  let contact: { name: string; position: string } | undefined;
  try {
    contact = person(form);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problems.push(...error.fields);
  }
  if (problems.length || !contact) throw invalid(problems);

  const at = now.toISOString();
  // The IT Department works to the accounts requirement's own due date, else the dispatch's deadline.
  const accountsDue = requirements.find((r) => r.response === 'accounts' && r.dueDate)?.dueDate;
  const deadline = reportDeadline(requirements);
  const dueDate = accountsDue ?? (deadline ? vietnamDate(deadline) : undefined);
  const request: ResetRequestRecord = {
    id: resetRequestIdOf(s.dispatch.id, s.recipient.unitId),
    dispatchId: s.dispatch.id,
    dispatchSymbol: s.dispatch.symbol ?? '',
    unitId: s.recipient.unitId,
    unitName: s.recipient.unitName,
    unitEmail: s.recipient.email,
    contact,
    createdAt: at,
    ...(dueDate ? { dueDate } : {}),
    status: 'open',
    accounts: accounts.map((a) => ({ ...a, status: 'pending' as const })),
    total: accounts.length,
    doneCount: 0,
    pdfStatus: 'pending',
  };
  const created = await createResetRequest(
    request,
    auditFor(s, 'reset-request.created', at, sourceIp, { requestId: request.id, reset: accounts.filter((a) => a.action === 'reset').length, revoke: accounts.filter((a) => a.action === 'revoke').length }),
  );
  if (created) countBusiness(BusinessMetric.ResetRequests);
  return { notice: created ? { vi: 'Đã gửi đề nghị cấp lại mật khẩu và thu hồi tài khoản tới Cục Công nghệ thông tin.', en: 'Your request was sent to the IT Department.' } : alreadyRequested };
}

const alreadyRequested = { vi: 'Đơn vị đã gửi đề nghị trước đó; đề nghị cũ được giữ nguyên.', en: 'Your unit had already sent a request; that request stands.' };

/**
 * Everything the unit's page shows. `known`: the unit's state as this request already has it (the
 * session's own strongly consistent read, or what the step just wrote); without it, read fresh (after a
 * step that was refused or failed: someone else may have changed it). The latest report is read by its
 * key, named on the recipient; the reset request only when there is one.
 */
export async function linkState(s: LinkSession, known?: UnitState) {
  const r = known?.recipient ?? (await getRecipient(s.dispatch.id, s.recipient.unitId)) ?? s.recipient;
  const [latestReport, resetRequest] = await Promise.all([
    known?.latestReport !== undefined
      ? (known.latestReport ?? undefined)
      : r.reportVersion
        ? getReportVersion(s.dispatch.id, r.unitId, r.reportVersion)
        : undefined,
    r.resetRequestId ? getResetRequest(r.resetRequestId) : undefined,
  ]);
  return { recipient: r, latestReport, resetRequest };
}
