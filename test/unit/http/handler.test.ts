import { describe, expect, it } from 'vitest';
import { handler as createDispatch } from '../../../functions/http/dispatches-create';
import { handler as signDispatch } from '../../../functions/http/dispatches-sign';
import { handler as createDirective } from '../../../functions/http/directives-create';
import { apiEvent, lambdaContext } from '../../support/events';

type Result = { statusCode: number; body: string; headers: Record<string, string> };
const call = async (h: (e: never, c: never) => Promise<unknown>, event: ReturnType<typeof apiEvent>) => {
  const res = (await h(event as never, lambdaContext as never)) as Result;
  return { status: res.statusCode, headers: res.headers, json: res.body ? JSON.parse(res.body) : undefined };
};
const clerk = { id: 'u-vanthu', roles: ['clerk'] };

// These requests are refused before any use case runs, so no database is needed: nothing can be written.
describe('HTTP middleware: bad input gets a 4xx naming the field, in Vietnamese and English', () => {
  it('refuses a request without verified claims with 401', async () => {
    const res = await call(createDispatch, apiEvent({ method: 'POST', body: '{}' }));
    expect(res.status).toBe(401);
    expect(res.json.error.message).toBe('Cần đăng nhập.');
  });

  it('refuses a role not in the route table with 403, parsing API Gateway\'s "[a b]" group claim', async () => {
    const res = await call(createDispatch, apiEvent({ method: 'POST', body: '{}', user: { id: 'u-1', roles: ['leader', 'itdept'] } }));
    expect(res.status).toBe(403);
    expect(res.json.error.messageEn).toContain('clerk');
  });

  it('answers malformed JSON with 400', async () => {
    const res = await call(createDispatch, apiEvent({ method: 'POST', body: '{"issuer":', user: clerk }));
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toEqual([{ field: '(body)', vi: 'Nội dung không phải JSON hợp lệ.', en: 'The body is not valid JSON.' }]);
  });

  it('answers a non-JSON content type with 415', async () => {
    const res = await call(createDispatch, apiEvent({ method: 'POST', body: 'a=b', contentType: 'application/x-www-form-urlencoded', user: clerk }));
    expect(res.status).toBe(415);
  });

  it('names missing fields, wrong types, over-long strings and unknown fields', async () => {
    const body = JSON.stringify({
      issuer: { name: 'TỔNG CỤC', code: 'tc thads', place: 'Hà Nội', extra: 1 },
      draftingUnit: 'CNTT',
      subject: 'x'.repeat(501),
      addressees: [{ kind: 'unit', unitId: 'a' }],
      requirements: [{ n: '1', text: 'Làm ngay', response: 'report' }],
      archive: ['VT'],
      // The issuer is the clerk's agency and the signature block comes from the signer's record: neither is typed.
      signer: { personId: 'u-1', authority: 'KT', name: 'Nguyễn Văn Lực' },
      colour: 'red',
    });
    const res = await call(createDispatch, apiEvent({ method: 'POST', body, user: clerk }));
    expect(res.status).toBe(400);
    const byField = Object.fromEntries(res.json.error.fields.map((f: { field: string }) => [f.field, f]));
    expect(Object.keys(byField).sort()).toEqual(
      ['colour', 'issuer', 'requirements.0.n', 'signer.name', 'subject'].sort(),
    );
    expect(byField['subject'].vi).toBe('subject dài quá 500 ký tự');
    expect(byField['subject'].en).toBe('subject must have at most 500 characters');
    expect(byField['requirements.0.n'].en).toBe('requirements.0.n must be a number');
    expect(byField['colour'].vi).toBe('colour là trường không được phép');
    expect(byField['issuer'].vi).toBe('issuer là trường không được phép');
  });

  it('validates path parameters and dates', async () => {
    const res = await call(signDispatch, apiEvent({ method: 'POST', body: '{"version":0}', pathParameters: { dispatchId: '../x' }, user: { id: 's', roles: ['signer'] } }));
    expect(res.status).toBe(400);
    expect(res.json.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['path.dispatchId', 'version']);

    const bad = await call(
      createDirective,
      apiEvent({ method: 'POST', user: clerk, body: JSON.stringify({ number: '2647', symbol: 'VPCP-KSTT', issuedOn: '31/7/2023', issuingBody: 'VPCP', subject: 'V/v', receivedOn: '2023-08-01' }) }),
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0]).toEqual({ field: 'issuedOn', vi: 'issuedOn phải là ngày dạng YYYY-MM-DD', en: 'issuedOn must be a date as YYYY-MM-DD' });
  });

  it('sends security headers and never caches', async () => {
    const res = await call(createDispatch, apiEvent({ method: 'POST', body: '{}', user: clerk }));
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
