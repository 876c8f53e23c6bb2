import { webPage } from './page-table';
import { notFound } from '../../shared/errors';
import { revokeLink } from '../../shared/services/link-admin';
import { sendUnitLetter, type UnitLetterAnswer } from '../../shared/services/unit-letters';
import { dispatchAction } from '../../shared/web/dispatch-pages';
import { pageHandler } from '../../shared/web/page-http';

/** The notice's facts: the unit and its letter's step, so the page says queued or sent as it is when read. */
const letterFacts = (r: UnitLetterAnswer) => ({ unit: r.unitId, step: r.run.step });

/** One unit's row of the recipient table: resend its link, revoke it, or remind it now (both letters go through the mail queue). */
export const handler = pageHandler(webPage('recipient-action'), (req) => {
  const dispatchId = req.params['dispatchId']!;
  const unitId = req.params['unitId']!;
  switch (req.params['action']) {
    case 'resend-link':
      return dispatchAction(req, 'linkResent', (ctx) => sendUnitLetter(ctx, dispatchId, unitId, 'resend'), letterFacts);
    case 'revoke-link':
      return dispatchAction(req, 'linkRevoked', (ctx) => revokeLink(ctx, dispatchId, unitId));
    case 'remind':
      // A second "remind" within the minute (or after the same minute's "remind all") sends nothing; say so, not "sent".
      return dispatchAction(req, (r: UnitLetterAnswer) => (r.queued ? 'reminded' : 'alreadyReminded'), (ctx) => sendUnitLetter(ctx, dispatchId, unitId, 'remind'), letterFacts);
    default:
      throw notFound({ vi: 'thao tác', en: 'Action' });
  }
});
