import { listRegister } from '../../shared/data/dispatch-repo';
import { vietnamYear } from '../../shared/domain/time';
import { registerQuery } from '../../shared/schemas/dispatch';
import { fieldErrors } from '../../shared/schemas/messages';
import { listDispatches } from '../../shared/data/dispatch-repo';
import { pageHandler, pageResult } from '../../shared/web/page-http';
import { registerPage } from '../../templates/pages/app-directives';

/** GET /app/register: sổ văn bản đi of one issuer and year (by default the newest dispatch's issuer, this year). */
export const handler = pageHandler('register', async ({ lang, actor, csrf, query }) => {
  const defaultIssuer = (await listDispatches({ limit: 1 })).items[0]?.content.issuer.code ?? '';
  const issuer = (query['issuer'] ?? defaultIssuer).trim();
  const year = query['year'] ?? String(vietnamYear(new Date()));
  const parsed = registerQuery.safeParse({ issuer, year }, { reportInput: true });
  if (!issuer || !parsed.success) {
    const errors = parsed.success ? [] : fieldErrors(parsed.error.issues, '');
    return pageResult(issuer ? 400 : 200, registerPage({ lang, actor, csrf }, issuer, Number(year) || vietnamYear(new Date()), [], errors));
  }
  const items = await listRegister(parsed.data.issuer, parsed.data.year);
  return pageResult(200, registerPage({ lang, actor, csrf }, parsed.data.issuer, parsed.data.year, items));
});
