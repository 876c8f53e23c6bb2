import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { HttpResult } from '../../shared/http/responses';
import type { PageFn } from '../../shared/web/page-http';
import { pageResult } from '../../shared/web/page-http';
import { langOf } from '../../shared/web/page-http';
import { t } from '../../templates/i18n';
import { messagePage } from '../../templates/pages/app-layout';
import { webPages, type WebPage } from './page-table';

/**
 * Finds the page of a request under /app (literal segments win over variables, as in API Gateway),
 * gives it its path parameters, and calls it.
 */
type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

export function matchPage(method: string, path: string, pages: readonly WebPage[] = webPages): { page: WebPage; params: Record<string, string> } | undefined {
  const parts = path.replace(/\/+$/, '').split('/');
  const candidates = pages
    .filter((p) => p.method === method)
    .map((page) => {
      const segs = page.path.split('/');
      if (segs.length !== parts.length) return undefined;
      const params: Record<string, string> = {};
      let rank = 0;
      for (let i = 0; i < segs.length; i++) {
        const variable = /^\{(\w+)\}$/.exec(segs[i]!)?.[1];
        if (variable) {
          const value = parts[i] ? decoded(parts[i]!) : undefined;
          // A malformed escape (`%ff`, `%zz`) names no page: a 404, never an exception.
          if (!value) return undefined;
          params[variable] = value;
          rank = rank * 2 + 1;
        } else if (segs[i] !== parts[i]) return undefined;
        else rank = rank * 2;
      }
      return { page, params, rank };
    })
    .filter((c): c is NonNullable<typeof c> => !!c)
    .sort((a, b) => a.rank - b.rank);
  return candidates[0];
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export async function servePage(event: Event, handlers: Record<string, PageFn>): Promise<HttpResult> {
  const match = matchPage(event.requestContext.http.method, event.rawPath);
  const handler = match && handlers[match.page.id];
  if (!match || !handler) {
    const lang = langOf(event);
    return pageResult(404, messagePage(lang, t(lang, 'notFoundTitle'), ''));
  }
  return handler({ ...event, pathParameters: match.params });
}
