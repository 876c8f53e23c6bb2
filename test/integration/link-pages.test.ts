import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { startTestStack, type TestStack } from '../support/local-stack';
import { issue, openLink, post, tokensBySymbol, type LinkBrowser } from '../support/link-client';

/**
 * The unit's pages in the unit's language: the English switch (which never puts the token in an
 * address), and form errors shown beside their inputs, in the chosen language, keeping what was typed
 * and recording nothing.
 */
let stack: TestStack;
let dispatch: { id: string; symbol: string };
let tokens: Map<string, string>;
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const itdept = () => stack.tokenFor('u-cntt', ['itdept']);

beforeAll(async () => {
  stack = await startTestStack();
  dispatch = await issue(stack, exampleDispatchContent());
  tokens = await tokensBySymbol(stack, dispatch.symbol);
});
afterAll(async () => {
  await stack?.stop();
});

/** Provincial departments are addressed (Kính gửi): they act, so the page shows every form. */
const provincial = (i: number) => [...tokens.entries()].filter(([to]) => to.startsWith('cucthads.')).sort()[i]!;

const withLang = (browser: LinkBrowser, lang: 'vi' | 'en') => ({ cookie: `${browser.cookie}; cv_lang=${lang}` });

/** Every address the page could send the browser to: links, forms, styles, images, frames. */
const urlsOf = (page: string) => [...page.matchAll(/\b(?:href|action|src|formaction)="([^"]*)"/g)].map((m) => m[1]!);

async function recipientOf(email: string) {
  const table = await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() });
  return table.json.items.find((r: { email: string }) => r.email === email);
}

describe('the language switch', () => {
  it('shows Vietnamese by default, switches to English through a token-less /l?lang=en, and back', async () => {
    const [, token] = provincial(0);
    const browser = await openLink(stack, token);
    const vi = browser.page.text;
    expect(vi).toContain('<html lang="vi">');
    expect(vi).toContain('href="/l?lang=en"');
    expect(vi).toContain('Đơn vị còn phải thực hiện');
    expect(vi).toContain('Xác nhận đã nhận công văn');
    expect(vi).toContain('Gửi báo cáo kết quả');

    const switched = await stack.api('GET', '/l?lang=en', { headers: { cookie: browser.cookie } });
    expect(switched.status).toBe(303);
    expect(switched.headers['location']).toBe('/l');
    expect(switched.headers['referrer-policy']).toBe('no-referrer');
    expect(switched.headers['cache-control']).toBe('no-store');
    expect(switched.setCookies).toHaveLength(1);
    expect(switched.setCookies[0]).toMatch(/^cv_lang=en; Path=\/; /);
    // The switch neither touches the link cookie nor needs it.
    expect((await stack.api('GET', '/l?lang=en')).headers['location']).toBe('/l');
    expect((await stack.api('GET', '/l?lang=xx', { headers: { cookie: browser.cookie } })).status).toBe(200);

    const en = await stack.api('GET', '/l', { headers: withLang(browser, 'en') });
    expect(en.status).toBe(200);
    expect(en.headers['referrer-policy']).toBe('no-referrer');
    expect(en.headers['cache-control']).toBe('no-store');
    expect(en.headers['content-security-policy']).toContain("default-src 'none'");
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain(`Dispatch No. ${dispatch.symbol} of`);
    expect(en.text).toContain('Your unit still has to');
    expect(en.text).toContain('Acknowledge receipt');
    expect(en.text).toContain('Send the report');
    expect(en.text).toContain('Accounts for the IT Department');
    expect(en.text).toContain('View the dispatch (PDF)');
    expect(en.text).toContain('href="/l?lang=vi"');
    expect(en.text).toContain('>Tiếng Việt</a>');
    // None of the page's own wording stays Vietnamese (the dispatch's content itself is Vietnamese).
    for (const vietnamese of ['Đơn vị còn phải thực hiện', 'Xác nhận đã nhận', 'Gửi báo cáo', 'Ngày thực hiện', 'Chức vụ', 'hiệu lực đến hết ngày', '— chọn —']) {
      expect(en.text, vietnamese).not.toContain(vietnamese);
    }

    for (const page of [vi, en.text]) {
      expect(page).not.toContain(token);
      const urls = urlsOf(page);
      expect(urls.length).toBeGreaterThan(3);
      for (const url of urls) {
        expect(url, url).not.toContain(token);
        // Only this site's own paths: nothing could carry the page's address (or a token) elsewhere.
        expect(url, url).toMatch(/^\/(?!\/)/);
      }
    }
    expect(urlsOf(en.text)).toEqual(expect.arrayContaining(['/l?lang=vi', '/l/pdf', '/l/acknowledge', '/l/report', '/l/accounts']));
  });

  it('shows the invalid-link and stale-form pages in the chosen language, with a switch that carries no token', async () => {
    const bogus = `/l/${'B'.repeat(43)}`;
    const vi = await stack.api('GET', bogus);
    expect(vi.status).toBe(404);
    expect(vi.text).toContain('Đường liên kết không hợp lệ');
    expect(vi.text).toContain('href="/l?lang=en"');
    const en = await stack.api('GET', bogus, { headers: { cookie: 'cv_lang=en' } });
    expect(en.status).toBe(404);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('<h1>This link is not valid</h1>');
    expect(en.text).toContain('href="/l?lang=vi"');
    for (const url of [...urlsOf(vi.text), ...urlsOf(en.text)]) expect(url).not.toContain('BBBB');

    const browser = await openLink(stack, provincial(1)[1]);
    const stale = await post(stack, '/l/acknowledge', withLang(browser, 'en'), { csrf: 'wrong', name: 'A', position: 'B' });
    expect(stale.status).toBe(403);
    expect(stale.text).toContain('<h1>Page out of date</h1>');
  });
});

describe('form errors beside their inputs', () => {
  it('report: each error under its input, in Vietnamese and in English, keeping what was typed, recording nothing', async () => {
    const [email, token] = provincial(2);
    const browser = await openLink(stack, token);
    const typed = { csrf: browser.csrf, 'status.1': 'done', 'doneOn.1': '', 'note.1': 'Đã quán triệt <toàn bộ> công chức', 'status.2': '' };

    const vi = await post(stack, '/l/report', browser, typed);
    expect(vi.status).toBe(400);
    expect(vi.text).toMatch(
      /id="doneOn-1" name="doneOn\.1" value="" aria-invalid="true" aria-describedby="doneOn-1-error"><div class="field-error" id="doneOn-1-error"><p data-field="doneOn\.1">cần ghi ngày thực hiện<\/p><\/div>/,
    );
    expect(vi.text).toMatch(/id="status-2" name="status\.2" required aria-invalid="true" aria-describedby="status-2-error">/);
    expect(vi.text).toContain('<p data-field="status.2">cần chọn kết quả thực hiện</p>');
    expect(vi.text).toContain('<option value="done" selected>Đã thực hiện</option>');
    expect(vi.text).toContain('>Đã quán triệt &lt;toàn bộ&gt; công chức</textarea>');
    expect(vi.text).toContain('role="alert"');
    expect(vi.text).toContain('Có 2 chỗ cần sửa');
    // The other forms are not the one posted: no errors and nothing typed there.
    expect(vi.text).not.toMatch(/id="ack-name"[^>]*aria-invalid/);

    const en = await post(stack, '/l/report', withLang(browser, 'en'), typed);
    expect(en.status).toBe(400);
    expect(en.text).toContain('<p data-field="doneOn.1">the date done is required</p>');
    expect(en.text).toContain('<p data-field="status.2">choose a status</p>');
    expect(en.text).toContain('<option value="done" selected>Done</option>');
    expect(en.text).toContain('>Đã quán triệt &lt;toàn bộ&gt; công chức</textarea>');
    expect(en.text).toContain('2 things to fix');
    expect(en.text).not.toContain('cần ghi ngày thực hiện');

    const r = await recipientOf(email);
    expect(r.reportedAt).toBeUndefined();
    const audit = await stack.api('GET', `/dispatches/${dispatch.id}/audit`, { token: await clerk() });
    expect(audit.json.items.some((e: { action: string }) => e.action === 'link.reported')).toBe(false);
  });

  it('accounts: the bad line and the empty position under their inputs, in both languages, keeping what was typed, sending nothing', async () => {
    const [email, token] = provincial(3);
    const browser = await openLink(stack, token);
    const typed = {
      csrf: browser.csrf,
      reset: 'nguyenvana@thads.moj.gov.vn\nkhongphai@gmail.com',
      revoke: 'nghihuu.c@thads.moj.gov.vn',
      name: 'Lê Văn Cường',
      position: '',
    };

    const vi = await post(stack, '/l/accounts', browser, typed);
    expect(vi.status).toBe(400);
    expect(vi.text).toMatch(
      /<textarea id="reset" name="reset" rows="4" aria-invalid="true" aria-describedby="reset-error">nguyenvana@thads\.moj\.gov\.vn\nkhongphai@gmail\.com<\/textarea><div class="field-error" id="reset-error"><p data-field="reset\.2">Dòng 2: &quot;khongphai@gmail\.com&quot; không phải tài khoản thư công vụ/,
    );
    expect(vi.text).toMatch(/id="acc-position" name="position" maxlength="200" required value="" aria-invalid="true" aria-describedby="acc-position-error"><div class="field-error" id="acc-position-error"><p data-field="position">không được để trống<\/p>/);
    expect(vi.text).toContain('id="acc-name" name="name" maxlength="200" required value="Lê Văn Cường">');
    expect(vi.text).toContain('>nghihuu.c@thads.moj.gov.vn</textarea>');
    // The acknowledgment form has the same input names but was not posted: it stays empty and clean.
    expect(vi.text).toContain('id="ack-name" name="name" maxlength="200" required value="">');
    expect(vi.text).not.toMatch(/id="ack-position"[^>]*aria-invalid/);

    const en = await post(stack, '/l/accounts', withLang(browser, 'en'), typed);
    expect(en.status).toBe(400);
    expect(en.text).toContain('<p data-field="reset.2">Line 2: &quot;khongphai@gmail.com&quot; is not an official mailbox of the moj.gov.vn domain</p>');
    expect(en.text).toContain('<p data-field="position">must not be empty</p>');
    expect(en.text).toContain('value="Lê Văn Cường"');
    expect(en.text).toContain('>nguyenvana@thads.moj.gov.vn\nkhongphai@gmail.com</textarea>');
    expect(en.text).not.toContain('không phải tài khoản');

    expect((await recipientOf(email)).resetRequestId).toBeUndefined();
    const queue = await stack.api('GET', '/reset-requests', { token: await itdept() });
    expect(queue.status, queue.text).toBe(200);
    expect(JSON.stringify(queue.json)).not.toContain('nguyenvana@thads.moj.gov.vn');
  });
});
