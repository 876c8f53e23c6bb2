import { webPage } from './page-table';
import { invalid, notFound, type FieldError } from '../../shared/errors';
import { getDirective } from '../../shared/data/directive-repo';
import { directiveInputSchema } from '../../shared/schemas/directive';
import { fieldErrors } from '../../shared/schemas/messages';
import { contextFor } from '../../shared/services/context';
import { correctDirective } from '../../shared/services/directives';
import { versionOf } from '../../shared/web/dispatch-pages';
import { directiveFormFields, showDirectives } from '../../shared/web/directive-pages';
import { fieldErrorsOf, pageHandler, redirect } from '../../shared/web/page-http';

/** The API names the corrected fields `directive.<name>`; beside the form's own fields they are `<name>`. */
const unprefixed = (e: FieldError): FieldError =>
  e.field.startsWith('directive.') ? { field: e.field.slice(10), vi: e.vi.replace(/^directive\./, ''), en: e.en.replace(/^directive\./, '') } : e;

/** POST /app/directives/{directiveId}/edit: the same use case as PUT /directives/{id}; errors next to each field, input kept. */
export const handler = pageHandler(webPage('directive-update'), async (req) => {
  const id = req.params['directiveId']!;
  const typed = Object.fromEntries(directiveFormFields.map((f) => [f, req.form[f] ?? '']));
  // Empty optional fields are left out, as a JSON client would.
  const input = Object.fromEntries(Object.entries(typed).filter(([k, v]) => v.trim() || !['deadline', 'text'].includes(k)));
  try {
    const version = versionOf(req);
    const parsed = directiveInputSchema.safeParse(input, { reportInput: true });
    if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues, ''));
    await correctDirective(contextFor(req.actor), id, version, parsed.data);
  } catch (error) {
    const errors = fieldErrorsOf(error);
    if (!errors) throw error;
    const current = await getDirective(id);
    if (!current) throw notFound({ vi: 'văn bản đến', en: 'Directive' });
    return showDirectives(req, (error as { code?: string }).code === 'conflict' ? 409 : 400, typed, errors.map(unprefixed), current);
  }
  return redirect('/app/directives?done=corrected');
});
