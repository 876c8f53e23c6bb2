import type { Requirement } from '../schemas/dispatch';
import { neutraliseCell } from './units-csv';
import { viDate, viDateTime } from './time';
import { recipientState, reportableRequirements, type ProgressFacts, type RecipientState, type ReportItem } from './progress';

/**
 * A dispatch's completion report as a table (one row per unit), with Vietnamese column names, for
 * the CSV and XLSX exports. Pure: the export handler supplies the records.
 */
export interface CompletionRow extends ProgressFacts {
  unitId: string;
  unitName: string;
  email: string;
  mailSentAt?: string;
  acknowledgedBy?: { name: string; position: string };
  reportedAt?: string;
  accountsRequested?: number;
  accountsDone?: number;
}

const stateVi: Record<RecipientState, string> = {
  queued: 'Chờ gửi',
  failed: 'Gửi thư lỗi',
  bounced: 'Hộp thư không nhận',
  sent: 'Đã gửi',
  delivered: 'Đã đến hộp thư',
  opened: 'Đã mở',
  acknowledged: 'Đã xác nhận',
  reported: 'Đã báo cáo',
  overdue: 'Quá hạn',
  paper: 'Gửi bản giấy',
};
const statusVi: Record<string, string> = { done: 'Đã thực hiện', partly: 'Thực hiện một phần', not_done: 'Chưa thực hiện' };


export function completionTable(
  requirements: readonly Requirement[],
  rows: readonly CompletionRow[],
  reports: ReadonlyMap<string, { version: number; items: readonly ReportItem[] }>,
  now: Date,
): { columns: string[]; rows: (string | number)[][] } {
  const reportable = reportableRequirements(requirements);
  const columns = [
    'STT',
    'Đơn vị',
    'Thư điện tử',
    'Vai trò',
    'Trạng thái',
    'Gửi thư lúc',
    'Mở lần đầu lúc',
    'Xác nhận lúc',
    'Người xác nhận',
    'Chức vụ',
    'Báo cáo lúc',
    'Số lần báo cáo',
    ...reportable.flatMap(({ n }) => [`Yêu cầu ${n}: kết quả`, `Yêu cầu ${n}: ngày thực hiện`, `Yêu cầu ${n}: ghi chú`]),
    'Tài khoản đề nghị xử lý',
    'Tài khoản đã xử lý',
  ];
  const sorted = [...rows].sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi'));
  return {
    columns,
    rows: sorted.map((r, i) => {
      const report = reports.get(r.unitId);
      return [
        i + 1,
        r.unitName,
        r.email,
        r.role === 'action' ? 'Thực hiện' : 'Để biết',
        stateVi[recipientState(r, requirements, now)],
        viDateTime(r.mailSentAt),
        viDateTime(r.firstOpenedAt),
        viDateTime(r.acknowledgedAt),
        r.acknowledgedBy?.name ?? '',
        r.acknowledgedBy?.position ?? '',
        viDateTime(r.reportedAt),
        report?.version ?? 0,
        ...reportable.flatMap(({ n }) => {
          const item = report?.items.find((x) => x.n === n);
          return [item ? (statusVi[item.status] ?? item.status) : '', viDate(item?.doneOn), item?.note ?? ''];
        }),
        r.accountsRequested ?? 0,
        r.accountsDone ?? 0,
      ];
    }),
  };
}

/** One row of a directive's unit table: a unit of one of the dispatches citing it. */
export interface DirectiveUnitRow extends CompletionRow {
  symbol?: string | undefined;
  state: string;
}

/**
 * A directive's per-unit table for export, as its dashboard shows it: every unit of every issued
 * dispatch citing it, by dispatch then unit. Each dispatch asks different things, so the answers per
 * requirement stay in each dispatch's own report; this table has what all of them share.
 */
export function directiveUnitTable(rows: readonly DirectiveUnitRow[]): { columns: string[]; rows: (string | number)[][] } {
  const columns = ['STT', 'Công văn', 'Đơn vị', 'Thư điện tử', 'Vai trò', 'Trạng thái', 'Mở lần đầu lúc', 'Xác nhận lúc', 'Báo cáo lúc', 'Tài khoản đề nghị xử lý', 'Tài khoản đã xử lý'];
  const sorted = [...rows].sort((a, b) => (a.symbol ?? '').localeCompare(b.symbol ?? '', 'vi') || a.unitName.localeCompare(b.unitName, 'vi'));
  return {
    columns,
    rows: sorted.map((r, i) => [
      i + 1,
      r.symbol ?? '',
      r.unitName,
      r.email,
      r.role === 'action' ? 'Thực hiện' : 'Để biết',
      stateVi[r.state as RecipientState] ?? r.state,
      viDateTime(r.firstOpenedAt),
      viDateTime(r.acknowledgedAt),
      viDateTime(r.reportedAt),
      r.accountsRequested ?? 0,
      r.accountsDone ?? 0,
    ]),
  };
}

/** CSV cells go through the directory export's neutralisation (= + - @ tab CR get an apostrophe); numbers stay numbers. */
export const csvCell = (value: string | number): string | number => (typeof value === 'number' ? value : neutraliseCell(value));
