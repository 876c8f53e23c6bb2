import type { DispatchRecord } from '../../shared/domain/dispatch-record';
import { html } from '../html';
import { t } from '../i18n';
import { csrfField, layout } from './app-layout';
import type { PageShell } from './app-layout';
import { letterView } from './letter-view';

/**
 * The signer's confirmation step (GET /app/dispatches/{id}/sign): the letter's number and symbol and its
 * subject, the letter itself, and only after it the one button that signs. A form, not a script dialog,
 * so it works without JavaScript; the POST still carries the CSRF value and the version seen, and the
 * service still checks that this person is the named signer.
 */
export function signConfirmPage(p: PageShell, d: DispatchRecord): string {
  const { lang, csrf } = p;
  const c = d.content;
  const href = `/app/dispatches/${encodeURIComponent(d.id)}`;
  // Before issuing a letter has no number yet: its symbol with the number left blank, as printed.
  const symbol = d.symbol ?? `…/${c.issuer.code}${c.draftingUnit ? `-${c.draftingUnit}` : ''}`;
  return layout(
    { lang, actor: p.actor, csrf, title: t(lang, 'signConfirmTitle') },
    html`<div class="sign-confirm">
<h1>${t(lang, 'signConfirmTitle')}</h1>
<p>${t(lang, 'signConfirmIntro')}</p>
<dl class="meta card facts" id="sign-facts">
<dt>${t(lang, 'signConfirmNumber')}</dt><dd>${symbol}${d.symbol ? '' : html` <span class="muted">${t(lang, 'signConfirmNumberLater')}</span>`}</dd>
<dt>${t(lang, 'signConfirmSubject')}</dt><dd>V/v ${c.subject}</dd>
<dt>${t(lang, 'signer')}</dt><dd>${c.signer.position} ${c.signer.name}</dd>
</dl>
<div class="letter">${letterView(lang, `${href}/pdf`)}</div>
<form method="post" action="${href}/sign" class="card confirm-bar" data-busy="${t(lang, 'issuing')}">${csrfField(csrf)}<input type="hidden" name="version" value="${d.version}"><input type="hidden" name="confirm" value="yes">
<button type="submit" aria-describedby="sign-facts">${t(lang, 'signConfirmButton', { symbol })}</button>
<a href="${href}">${t(lang, 'signConfirmBack')}</a>
</form>
</div>`,
  );
}
