import { html } from '../html';
import { t, type Lang } from '../i18n';
import { roleLabels, valuesOf } from '../labels';
import type { DemoUserView } from '../../shared/domain/views/demo-user';
import { csrfField, layout } from './app-layout';

/** Staff sign-in: the local chooser of demo users (one button per user, no password), or the AWS hint. */
export function signInPage(lang: Lang, csrf: string, users: readonly DemoUserView[] | undefined): string {
  const body = users
    ? html`<h1>${t(lang, 'signInTitle')}</h1>
<p class="muted">${t(lang, 'signInLocalHint')}</p>
<form method="post" action="/app/sign-in">${csrfField(csrf)}
${valuesOf(roleLabels).map((role) => {
  const people = users.filter((u) => u.roles.includes(role));
  if (!people.length) return '';
  return html`<section class="card"><h2>${t(lang, roleLabels[role])}</h2><ul class="users">
${people.map((u) => html`<li><button type="submit" name="userId" value="${u.id}">${t(lang, 'signInAs')} ${u.name}<small>${u.title}</small></button></li>`)}
</ul></section>`;
})}
</form>`
    : html`<h1>${t(lang, 'signInTitle')}</h1><p>${t(lang, 'signInUnavailable')}</p><p class="muted">${t(lang, 'signInAws')}</p>`;
  return layout({ lang, title: t(lang, 'signIn') }, body);
}
