import { listRegister } from '../../shared/data/dispatch-repo';
import { vietnamYear } from '../../shared/domain/time';
import { registerQuery } from '../../shared/schemas/dispatch';
import { fieldErrors } from '../../shared/schemas/messages';
import { guardRegister } from '../../shared/services/dispatches';
import { pageHandler, pageResult } from '../../shared/web/page-http';
import { registerPage } from '../../templates/pages/app-directives';

/** GET /app/register: sổ văn bản đi of one issuer and year (by default the person's own agency, this year). */
export const handler = pageHandler('register', async ({ lang, actor, csrf, query }) => {
  const issuer = (query['issuer'] ?? actor.agencyCode).trim();
  const year = query['year'] ?? String(vietnamYear(new Date()));
  const parsed = registerQuery.safeParse({ issuer, year }, { reportInput: true });
  if (!issuer || !parsed.success) {
    const errors = parsed.success ? [] : fieldErrors(parsed.error.issues, '');
    return pageResult(issuer ? 400 : 200, registerPage({ lang, actor, csrf }, issuer, Number(year) || vietnamYear(new Date()), [], errors));
  }
  await guardRegister(actor, parsed.data.issuer);
  const items = await listRegister(parsed.data.issuer, parsed.data.year);
  return pageResult(200, registerPage({ lang, actor, csrf }, parsed.data.issuer, parsed.data.year, items));
});
