import { describe, expect, it } from 'vitest';
import { listDispatchesQuery } from '../../../shared/schemas/dispatch';
import { parsePageSearch, withoutBlankFields } from '../../../shared/web/list-search';

describe('list page search (issue 14)', () => {
  it('drops the blank fields a search form sends, keeping the others in their order', () => {
    expect(withoutBlankFields('/app/register', { q: '', issuer: 'TCTHADS', year: '2026', from: '', to: ' ' }, ['q', 'from', 'to'])).toBe('/app/register?issuer=TCTHADS&year=2026');
    expect(withoutBlankFields('/app/dispatches', { q: '', state: '' }, ['q', 'state'])).toBe('/app/dispatches');
    expect(withoutBlankFields('/app/dispatches', { q: 'kế hoạch', due: 'soon' }, ['q', 'due'])).toBeUndefined();
  });

  it('names a bad filter by its label in each language, never by the query field', () => {
    const reversed = parsePageSearch(listDispatchesQuery, { from: '2026-02-01', to: '2026-01-01' }, ['from', 'to'], { limit: 100 });
    expect(reversed.ok ? [] : reversed.errors).toEqual([{ field: 'to', vi: 'Đến ngày: không được trước ngày bắt đầu', en: 'To: must not be before the start date' }]);
    const due = parsePageSearch(listDispatchesQuery, { due: 'late' }, ['due'], { limit: 100 });
    expect(due.ok ? [] : due.errors).toEqual([{ field: 'due', vi: 'Hạn: phải là một trong: overdue, soon, none', en: 'Due: must be one of: overdue, soon, none' }]);
  });
});
