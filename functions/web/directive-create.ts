import { webPage } from './page-table';
import { invalid } from '../../shared/errors';
import { directiveInputSchema } from '../../shared/schemas/directive';
import { fieldErrors } from '../../shared/schemas/messages';
import { contextFor } from '../../shared/services/context';
import { registerDirective } from '../../shared/services/directives';
import { showDirectives } from '../../shared/web/directive-pages';
import { fieldErrorsOf, pageHandler, redirect } from '../../shared/web/page-http';

const fields = ['number', 'symbol', 'issuedOn', 'issuingBody', 'subject', 'receivedOn', 'deadline', 'text'] as const;

/** POST /app/directives: the same use case as POST /directives; errors next to each field, input kept. */
export const handler = pageHandler(webPage('directive-create'), async (req) => {
  const typed = Object.fromEntries(fields.map((f) => [f, req.form[f] ?? '']));
  // Empty optional fields are left out, as a JSON client would.
  const input = Object.fromEntries(Object.entries(typed).filter(([k, v]) => v.trim() || !['deadline', 'text'].includes(k)));
  try {
    const parsed = directiveInputSchema.safeParse(input, { reportInput: true });
    if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues, ''));
    await registerDirective(contextFor(req.actor), parsed.data);
  } catch (error) {
    const errors = fieldErrorsOf(error);
    if (!errors) throw error;
    return showDirectives(req, 400, typed, errors);
  }
  return redirect('/app/directives?done=1');
});
