import { html, type Html } from '../html';
import { t, type Lang } from '../i18n';

/**
 * "Next page" (and "back to the first page") under a paged table: the same address with the same
 * filters, and the cursor the page ended with. The cursor is opaque and checked when it comes back.
 * `query`: the request's query; its `cursor` and one-off notices (`done`) are not carried over.
 * `param`: the query parameter that says where a page starts (`cursor`, or `page` for a table sorted in memory).
 */
export function pageLinks(lang: Lang, path: string, query: Readonly<Record<string, string | undefined>>, next: string | undefined, param = 'cursor'): Html {
  const keep = Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== param && e[0] !== 'done');
  const href = (at?: string) => {
    const params = new URLSearchParams(keep);
    if (at) params.set(param, at);
    const qs = params.toString();
    return qs ? `${path}?${qs}` : path;
  };
  const later = query[param] !== undefined && query[param] !== '' && query[param] !== '1';
  if (!next && !later) return html``;
  return html`<nav class="pager" aria-label="${t(lang, 'pagingNav')}">${later ? html`<a href="${href()}">${t(lang, 'firstPage')}</a> ` : ''}${next ? html`<a rel="next" href="${href(next)}">${t(lang, 'nextPage')}</a>` : ''}</nav>`;
}
