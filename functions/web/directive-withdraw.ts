import { webPage } from './page-table';
import { getDirective } from '../../shared/data/directive-repo';
import { invalid, notFound } from '../../shared/errors';
import { withdrawDirectiveSchema } from '../../shared/schemas/directive';
import { fieldErrors } from '../../shared/schemas/messages';
import { contextFor } from '../../shared/services/context';
import { withdrawDirective } from '../../shared/services/directives';
import { versionOf } from '../../shared/web/dispatch-pages';
import { directiveFormFields, showDirectives } from '../../shared/web/directive-pages';
import { fieldErrorsOf, pageHandler, redirect } from '../../shared/web/page-http';

/** POST /app/directives/{directiveId}/withdraw: the same use case as POST /directives/{id}/withdraw; a refusal shows on the directive's forms. */
export const handler = pageHandler(webPage('directive-withdraw'), async (req) => {
  const id = req.params['directiveId']!;
  const reason = req.form['reason'] ?? '';
  try {
    const parsed = withdrawDirectiveSchema.safeParse({ version: versionOf(req), reason }, { reportInput: true });
    if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues, ''));
    await withdrawDirective(contextFor(req.actor), id, parsed.data.version, parsed.data.reason);
  } catch (error) {
    const errors = fieldErrorsOf(error);
    if (!errors) throw error;
    const current = await getDirective(id);
    if (!current || current.state === 'withdrawn') throw notFound({ vi: 'văn bản đến', en: 'Directive' });
    const form = { ...Object.fromEntries(directiveFormFields.map((f) => [f, current[f] ?? ''])), reason };
    return showDirectives(req, (error as { code?: string }).code === 'conflict' ? 409 : 400, form, errors, current);
  }
  return redirect('/app/directives?done=withdrawn');
});
