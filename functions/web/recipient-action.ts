import { webPage } from './page-table';
import { notFound } from '../../shared/errors';
import { sesMailer } from '../../shared/mail/mailer';
import { resendLink, revokeLink } from '../../shared/services/link-admin';
import { remindOneNow } from '../../shared/services/reminders';
import { dispatchAction } from '../../shared/web/dispatch-pages';
import { pageHandler } from '../../shared/web/page-http';

/** One unit's row of the recipient table: resend its link, revoke it, or remind it now. */
export const handler = pageHandler(webPage('recipient-action'), (req) => {
  const dispatchId = req.params['dispatchId']!;
  const unitId = req.params['unitId']!;
  switch (req.params['action']) {
    case 'resend-link':
      return dispatchAction(req, 'linkResent', (ctx) => resendLink(ctx, dispatchId, unitId, sesMailer), () => ({ unit: unitId }));
    case 'revoke-link':
      return dispatchAction(req, 'linkRevoked', (ctx) => revokeLink(ctx, dispatchId, unitId));
    case 'remind':
      // A second "remind" in the same minute (or after "remind all") sends nothing; say so, not "sent".
      return dispatchAction(req, (r: { sent: boolean }) => (r.sent ? 'reminded' : 'alreadyReminded'), (ctx) => remindOneNow(ctx, dispatchId, unitId, sesMailer), () => ({ unit: unitId }));
    default:
      throw notFound({ vi: 'thao tác', en: 'Action' });
  }
});
