import { webPage } from './page-table';
import { invalid } from '../../shared/errors';
import { accountOutcomeSchema } from '../../shared/schemas/progress';
import { fieldErrors } from '../../shared/schemas/messages';
import { contextFor } from '../../shared/services/context';
import { markAccount } from '../../shared/services/reset-requests';
import { fieldErrorsOf, pageHandler, redirect } from '../../shared/web/page-http';
import { showQueue } from '../../shared/web/reset-queue';

/** POST /app/reset-requests/{id}/accounts: the same use case as the API; a refused outcome shows next to the account. */
export const handler = pageHandler(webPage('reset-account'), async (req) => {
  const requestId = req.params['requestId']!;
  const input = { email: req.form['email'] ?? '', outcome: req.form['outcome'] ?? '', ...(req.form['reason']?.trim() ? { reason: req.form['reason'] } : {}) };
  try {
    const parsed = accountOutcomeSchema.safeParse(input, { reportInput: true });
    if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues, ''));
    await markAccount(contextFor(req.actor), requestId, parsed.data);
  } catch (error) {
    const errors = fieldErrorsOf(error);
    if (!errors) throw error;
    return showQueue(req, 400, { failed: { requestId, email: input.email, errors, reason: req.form['reason'] ?? '' } });
  }
  return redirect(`/app/reset-requests?done=1#req-${encodeURIComponent(requestId)}`);
});
