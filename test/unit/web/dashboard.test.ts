import { describe, expect, it } from 'vitest';
import { summarize } from '../../../shared/domain/progress';
import { DASHBOARD_ROWS, directiveSpan, unitTableOf } from '../../../shared/web/dashboard';
import { countBoxes, type UnitRow } from '../../../templates/pages/app-dashboard';

/** The dashboards' pure parts: the per-unit table's filters and order, the directive chart's span, the count boxes. */
const row = (unitName: string, state: string, extra: Partial<UnitRow> = {}): UnitRow => ({ unitId: unitName.toLowerCase(), unitName, role: 'action', state, ...extra });

const rows: UnitRow[] = [
  row('Cục THADS tỉnh Bắc Ninh', 'reported', { dispatchId: 'd2', symbol: '02/TCTHADS-CNTT', acknowledgedAt: '2026-11-03T02:00:00Z', reportedAt: '2026-11-04T02:00:00Z' }),
  row('Cục THADS thành phố Hà Nội', 'overdue', { dispatchId: 'd2', symbol: '02/TCTHADS-CNTT' }),
  row('Cục THADS thành phố Hà Nội', 'acknowledged', { dispatchId: 'd1', symbol: '01/TCTHADS-CNTT', acknowledgedAt: '2026-11-02T02:00:00Z' }),
  row('Cục THADS tỉnh An Giang', 'sent', { dispatchId: 'd1', symbol: '01/TCTHADS-CNTT' }),
  row('Cục THADS tỉnh Đắk Lắk', 'overdue', { dispatchId: 'd1', symbol: '01/TCTHADS-CNTT' }),
];
const names = (r: readonly UnitRow[]) => r.map((x) => `${x.unitName.replace('Cục THADS ', '')} ${x.symbol ?? ''}`.trim());

describe('unitTableOf', () => {
  it('shows a bounded page of the sorted table (issue 10), with a next-page link that keeps the filters', () => {
    const many = Array.from({ length: DASHBOARD_ROWS * 2 + 3 }, (_, i) => row(`Chi cục ${String(i).padStart(5, '0')}`, i % 2 ? 'overdue' : 'sent'));
    const links = { lang: 'vi' as const, path: '/app/dashboard/dispatches/d1' };
    const first = unitTableOf(many, { sort: 'name' }, links);
    expect(first.rows).toHaveLength(DASHBOARD_ROWS);
    expect(first.matchedRows).toBe(many.length);
    expect(first.pager!.value).toContain('href="/app/dashboard/dispatches/d1?sort=name&amp;page=2"');
    const last = unitTableOf(many, { sort: 'name', page: '3' }, links);
    expect(last.rows.map((r) => r.unitName)).toEqual(many.slice(DASHBOARD_ROWS * 2).map((r) => r.unitName));
    expect(last.pager!.value).not.toContain('rel="next"');
    expect(last.pager!.value).toContain('href="/app/dashboard/dispatches/d1?sort=name"');
    // A page past the end or not a number shows the last or the first page, as other unknown values fall back.
    expect(unitTableOf(many, { page: '99' }, links).rows).toHaveLength(3);
    expect(unitTableOf(many, { page: 'x' }, links).rows).toEqual(unitTableOf(many, {}, links).rows);
    const overdue = unitTableOf(many, { state: 'overdue' }, links);
    expect(overdue.matchedRows).toBe(DASHBOARD_ROWS + 1);
    expect(overdue.pager!.value).toContain('state=overdue&amp;page=2');
  });

  it('puts overdue units first by default, then those furthest behind, then by name and dispatch', () => {
    const t = unitTableOf(rows, {});
    expect(t).toMatchObject({ sort: 'state', state: '', q: '', totalRows: 5 });
    expect(names(t.rows)).toEqual([
      'thành phố Hà Nội 02/TCTHADS-CNTT',
      'tỉnh Đắk Lắk 01/TCTHADS-CNTT',
      'tỉnh An Giang 01/TCTHADS-CNTT',
      'thành phố Hà Nội 01/TCTHADS-CNTT',
      'tỉnh Bắc Ninh 02/TCTHADS-CNTT',
    ]);
  });

  it('sorts by name (same unit: by dispatch) and by time acknowledged, not-yet last', () => {
    expect(names(unitTableOf(rows, { sort: 'name' }).rows).slice(0, 3)).toEqual(['thành phố Hà Nội 01/TCTHADS-CNTT', 'thành phố Hà Nội 02/TCTHADS-CNTT', 'tỉnh An Giang 01/TCTHADS-CNTT']);
    expect(names(unitTableOf(rows, { sort: 'acknowledged' }).rows).slice(0, 2)).toEqual(['thành phố Hà Nội 01/TCTHADS-CNTT', 'tỉnh Bắc Ninh 02/TCTHADS-CNTT']);
  });

  it('filters by state and by name without diacritics or by dispatch number; ignores unknown values', () => {
    expect(unitTableOf(rows, { state: 'overdue' }).rows).toHaveLength(2);
    expect(names(unitTableOf(rows, { q: 'ha noi' }).rows)).toEqual(['thành phố Hà Nội 02/TCTHADS-CNTT', 'thành phố Hà Nội 01/TCTHADS-CNTT']);
    expect(unitTableOf(rows, { q: '02/TCTHADS' }).rows).toHaveLength(2);
    const odd = unitTableOf(rows, { state: 'nonsense', sort: '<script>' });
    expect(odd).toMatchObject({ state: '', sort: 'state' });
    expect(odd.rows).toHaveLength(5);
  });

  it('leaves the rows it was given in their order', () => {
    const copy = [...rows];
    unitTableOf(rows, { sort: 'name' });
    expect(rows).toEqual(copy);
  });
});

describe('directiveSpan', () => {
  it('runs from the first issue date to the last deadline', () => {
    expect(
      directiveSpan([{ issuedOn: '2026-11-05', deadline: '2026-11-20' }, { issuedOn: '2026-11-02', deadline: '2026-11-15' }, { issuedOn: '2026-11-10' }], '2026-11-23'),
    ).toEqual({ from: '2026-11-02', deadline: '2026-11-20' });
  });

  it('starts today without a deadline when nothing is issued yet', () => {
    expect(directiveSpan([], '2026-11-23')).toEqual({ from: '2026-11-23', deadline: undefined });
  });
});

describe('countBoxes', () => {
  const now = new Date('2026-11-23T03:00:00Z');
  const boxes = (html: string) => [...html.matchAll(/<dt>([^<]*)<\/dt><dd([^>]*)>([^<]*)<\/dd>/g)].map((m) => [m[1], m[3], /data-count="(\w+)"/.exec(m[2]!)?.[1]]);

  it('shows mail state (sent, delivered, bounced) before the link steps, in Vietnamese, live-updated on a dispatch', () => {
    const s = summarize({ recipients: 72, mailSent: 72, mailFailed: 0, delivered: 60, bounced: 2, opened: 5, acknowledged: 3, reported: 1, completed: 1 }, [], now);
    expect(boxes(countBoxes('vi', s, true).toString())).toEqual([
      ['Số đơn vị', '72', 'recipients'],
      ['Thư đã gửi', '72', 'mailSent'],
      ['Thư đã tới hộp thư', '60', 'mailDelivered'],
      ['Thư bị trả về', '2', 'mailBounced'],
      ['Đã mở', '5', 'opened'],
      ['Đã xác nhận', '3', 'acknowledged'],
      ['Đã báo cáo', '1', 'reported'],
      ['Hoàn thành', '1', 'completed'],
      ['Quá hạn', '0', 'overdue'],
      ['Đề nghị cấp lại tài khoản', '0', undefined],
    ]);
  });

  it('adds failed sends, spam complaints and accounts only when there are some; a directive roll-up is not live', () => {
    const s = summarize({ recipients: 10, mailSent: 8, mailFailed: 2, complained: 1, accountsRequested: 3, accountsDone: 1 }, [], now);
    const en = boxes(countBoxes('en', s, false).toString());
    expect(en.map(([label]) => label)).toEqual(
      expect.arrayContaining(['Emails sent', 'Emails delivered', 'Emails bounced', 'Emails failed', 'Marked as spam', 'Accounts handled']),
    );
    expect(en.find(([label]) => label === 'Accounts handled')?.[1]).toBe('1/3');
    expect(en.every(([, , live]) => live === undefined)).toBe(true);
    expect(countBoxes('en', s, false).toString().match(/class="count alert"/g)).toHaveLength(2);
  });
});
