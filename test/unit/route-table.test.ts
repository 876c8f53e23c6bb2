import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { consumers, matchesFilter } from '../../functions/consumers';
import { pages as webExportPages } from '../../functions/http/web-export';
import { pages as webGetPages } from '../../functions/http/web-get';
import { pages as webPostPages } from '../../functions/http/web-post';
import { pages as webSignPages } from '../../functions/http/web-sign';
import { routes } from '../../functions/routes';
import { webPages } from '../../functions/web/page-table';
import { matchPage } from '../../functions/web/serve';
import { openApiDocument, routeDocs } from '../../shared/schemas/openapi';

describe('route table', () => {
  it('has unique ids and unique method+path pairs, and every entry module exists', () => {
    expect(new Set(routes.map((r) => r.id)).size).toBe(routes.length);
    expect(new Set(routes.map((r) => `${r.method} ${r.path}`)).size).toBe(routes.length);
    for (const r of [...routes, ...consumers]) expect(existsSync(r.entry), r.entry).toBe(true);
  });

  it('leaves open only the redirect to the staff pages, health, the OpenAPI document, the emailed-link routes and verification', () => {
    const open = routes.filter((r) => r.access === 'public' && !r.path.startsWith('/app/')).map((r) => r.path);
    expect(open.sort()).toEqual(['/', '/health', '/l', '/l/accounts', '/l/acknowledge', '/l/pdf', '/l/report', '/l/{token}', '/openapi.json', '/verify', '/verify', '/verify/{dispatchId}']);
  });

  it('serves the staff web pages through four functions, each page under /app checking its own session and roles', () => {
    expect(routes.filter((r) => r.path.startsWith('/app/')).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /app/{path+}',
      'GET /app/dashboard/{kind}/{id}/export/{format}',
      'POST /app/{path+}',
      'POST /app/dispatches/{dispatchId}/sign',
    ]);
    // Every page is served by exactly one of them, and approve-and-sign only by the function that may sign.
    const served = [...Object.keys(webGetPages), ...Object.keys(webExportPages), ...Object.keys(webPostPages), ...Object.keys(webSignPages)];
    expect(served.sort()).toEqual(webPages.map((p) => p.id).sort());
    expect(Object.keys(webSignPages)).toEqual(['dispatch-sign']);
    expect(Object.keys(webExportPages).sort()).toEqual(['directive-export', 'report-export']);
    expect(routes.filter((r) => r.needs?.includes('sign')).map((r) => r.id).sort()).toEqual(['dispatches-sign', 'web-sign']);
    expect(new Set(webPages.map((p) => p.id)).size).toBe(webPages.length);
    for (const p of webPages) {
      expect(p.path, p.id).toMatch(/^\/app\//);
      // Each page is the one its own path reaches (no page hidden by another).
      expect(matchPage(p.method, p.path.replace(/\{\w+\}/g, 'x1'))?.page.id, p.id).toBe(p.id);
    }
    // Only the sign-in pages (and Cognito's callback), sign-out and the static assets are open to a browser without a session.
    expect(webPages.filter((p) => p.session === 'anyone').map((p) => p.id).sort()).toEqual(['assets', 'callback', 'sign-in', 'sign-in-page', 'sign-out']);
  });

  it('documents every API route in the OpenAPI document, with bearer security on protected ones', () => {
    const api = routes.filter((r) => !r.path.startsWith('/app/'));
    expect(Object.keys(routeDocs).sort()).toEqual(api.map((r) => r.id).sort());
    const doc = openApiDocument(routes) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    for (const r of api) {
      const path = doc.paths[r.path]?.[r.method.toLowerCase()];
      expect(path, `${r.method} ${r.path}`).toBeDefined();
      expect(Boolean(path!.security), r.id).toBe(r.access !== 'public');
    }
  });
});

describe('consumer filters', () => {
  const record = (eventName: string, image: Record<string, string>) => ({
    eventName,
    dynamodb: { NewImage: Object.fromEntries(Object.entries(image).map(([k, v]) => [k, { S: v }])) },
  });
  const mailer = consumers.find((c) => c.id === 'recipient-mailer')!;

  it('pass only the records a consumer wants', () => {
    expect(matchesFilter(mailer.filter, record('INSERT', { type: 'Recipient', mailStatus: 'queued' }))).toBe(true);
    expect(matchesFilter(mailer.filter, record('MODIFY', { type: 'Recipient', mailStatus: 'sent' }))).toBe(false);
    expect(matchesFilter(mailer.filter, record('REMOVE', { type: 'Recipient', mailStatus: 'queued' }))).toBe(false);
    expect(matchesFilter(mailer.filter, record('INSERT', { type: 'Dispatch', mailStatus: 'queued' }))).toBe(false);
  });
});
