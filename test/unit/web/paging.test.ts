import { describe, expect, it } from 'vitest';
import { pageLinks } from '../../../templates/pages/paging';

describe('page links', () => {
  it('keep the filters, replace the cursor, drop one-off notices, and escape what they carry', () => {
    const links = pageLinks('vi', '/app/register', { issuer: 'TCTHADS', year: '2026', cursor: 'abc', done: 'saved' }, 'n"ext').value;
    expect(links).toContain('<a rel="next" href="/app/register?issuer=TCTHADS&amp;year=2026&amp;cursor=n%22ext">Trang sau</a>');
    expect(links).toContain('<a href="/app/register?issuer=TCTHADS&amp;year=2026">Về trang đầu</a>');
    expect(links).not.toContain('done=');
  });

  it('show nothing on a first page that is also the last', () => {
    expect(pageLinks('en', '/app/reset-requests', { status: 'open' }, undefined).value).toBe('');
    expect(pageLinks('en', '/app/reset-requests', {}, 'c').value).toContain('>Next page</a>');
  });
});
