import { describe, expect, it } from 'vitest';
import { completionTable, csvCell, directiveUnitTable } from '../../../shared/domain/completion-report';
import { lags, reminderStepsDue } from '../../../shared/domain/reminders';
import type { Requirement } from '../../../shared/schemas/dispatch';

const requirements: Requirement[] = [
  { n: 1, text: 'Báo cáo', dueDate: '2026-12-15', response: 'report' },
  { n: 2, text: 'Tài khoản', dueDate: '2026-12-08', response: 'accounts' },
];

describe('reminder steps', () => {
  it('fall N days before and on each due date, named so each is sent once', () => {
    expect(reminderStepsDue(requirements, '2026-12-05')).toEqual(['before3:2026-12-08']);
    expect(reminderStepsDue(requirements, '2026-12-08')).toEqual(['due:2026-12-08']);
    expect(reminderStepsDue(requirements, '2026-12-12')).toEqual(['before3:2026-12-15']);
    expect(reminderStepsDue(requirements, '2026-12-09')).toEqual([]);
    expect(reminderStepsDue(requirements, '2026-12-01', 7)).toEqual(['before7:2026-12-08']);
  });

  it('go to units that still owe anything: not acknowledged, or not reported', () => {
    expect(lags({ role: 'action' }, requirements)).toBe(true);
    expect(lags({ role: 'action', acknowledgedAt: 'x' }, requirements)).toBe(true);
    // Reported without a list of accounts: a unit with no leaked account has none to send.
    expect(lags({ role: 'action', acknowledgedAt: 'x', reportVersion: 1 }, requirements)).toBe(false);
    expect(lags({ role: 'action', acknowledgedAt: 'x', reportVersion: 1, resetRequestId: 'r' }, requirements)).toBe(false);
    expect(lags({ role: 'information', acknowledgedAt: 'x' }, requirements)).toBe(false);
  });
});

describe('completion report', () => {
  it('has Vietnamese columns, one row per unit by name, the latest report per requirement', () => {
    const table = completionTable(
      requirements,
      [
        { unitId: 'b', unitName: 'Cục THADS tỉnh Bắc Giang', email: 'b@moj.gov.vn', role: 'action', mailStatus: 'sent' },
        { unitId: 'a', unitName: 'Cục THADS tỉnh An Giang', email: 'a@moj.gov.vn', role: 'action', mailStatus: 'sent', reportVersion: 2, acknowledgedAt: '2026-11-23T03:00:00Z', acknowledgedBy: { name: 'Bình', position: 'Văn thư' } },
      ],
      new Map([['a', { version: 2, items: [{ n: 1, status: 'done' as const, doneOn: '2026-11-20', note: 'Xong' }] }]]),
      new Date('2026-11-23T04:00:00Z'),
    );
    expect(table.columns.slice(0, 5)).toEqual(['STT', 'Đơn vị', 'Thư điện tử', 'Vai trò', 'Trạng thái']);
    expect(table.columns).toContain('Yêu cầu 2: ghi chú');
    expect(table.rows.map((r) => r[1])).toEqual(['Cục THADS tỉnh An Giang', 'Cục THADS tỉnh Bắc Giang']);
    const a = table.rows[0]!;
    expect(a).toContain('Đã báo cáo');
    expect(a).toContain('23/11/2026 10:00');
    expect(a.slice(12, 15)).toEqual(['Đã thực hiện', '20/11/2026', 'Xong']);
  });

  it('neutralises text cells a spreadsheet would run, leaving numbers alone', () => {
    expect(['=1+1', '+1', '-1', '@A1', '\tx', 'ok', 5].map(csvCell)).toEqual(["'=1+1", "'+1", "'-1", "'@A1", "'\tx", 'ok', 5]);
  });
});

describe('directive unit table', () => {
  it('lists the units of every citing dispatch, by dispatch then unit, with Vietnamese columns and states', () => {
    const row = (symbol: string, unitName: string, state: string, extra = {}) => ({ symbol, unitId: unitName, unitName, email: `${unitName}@moj.gov.vn`, role: 'action' as const, mailStatus: 'sent', state, ...extra });
    const table = directiveUnitTable([
      row('02/TCTHADS-CNTT', 'Cục THADS tỉnh An Giang', 'sent'),
      row('01/TCTHADS-TT', 'Cục THADS tỉnh Bắc Ninh', 'reported', { acknowledgedAt: '2026-11-23T03:00:00Z', reportedAt: '2026-11-23T04:00:00Z', accountsRequested: 2, accountsDone: 1 }),
      row('01/TCTHADS-TT', 'Cục THADS tỉnh An Giang', 'overdue'),
    ]);
    expect(table.columns.slice(0, 6)).toEqual(['STT', 'Công văn', 'Đơn vị', 'Thư điện tử', 'Vai trò', 'Trạng thái']);
    expect(table.rows.map((r) => [r[0], r[1], r[2], r[5]])).toEqual([
      [1, '01/TCTHADS-TT', 'Cục THADS tỉnh An Giang', 'Quá hạn'],
      [2, '01/TCTHADS-TT', 'Cục THADS tỉnh Bắc Ninh', 'Đã báo cáo'],
      [3, '02/TCTHADS-CNTT', 'Cục THADS tỉnh An Giang', 'Đã gửi'],
    ]);
    expect(table.rows[1]!.slice(7)).toEqual(['23/11/2026 10:00', '23/11/2026 11:00', 2, 1]);
  });
});
