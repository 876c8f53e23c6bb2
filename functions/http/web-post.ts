import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { servePage } from '../web/serve';
import { handler as signIn } from '../web/sign-in';
import { handler as signOut } from '../web/sign-out';
import { handler as dispatchCreate } from '../web/dispatch-create';
import { handler as dispatchPreview } from '../web/dispatch-preview';
import { handler as dispatchUpdate } from '../web/dispatch-update';
import { handler as dispatchSubmit } from '../web/dispatch-submit';
import { handler as dispatchReturn } from '../web/dispatch-return';
import { handler as dispatchWithdraw } from '../web/dispatch-withdraw';
import { handler as dispatchIssue } from '../web/dispatch-issue';
import { handler as dispatchRemind } from '../web/dispatch-remind';
import { handler as recipientAction } from '../web/recipient-action';
import { handler as resetAccount } from '../web/reset-account';
import { handler as directiveCreate } from '../web/directive-create';
import { handler as directiveUpdate } from '../web/directive-update';
import { handler as directiveWithdraw } from '../web/directive-withdraw';
import { handler as agencySave } from '../web/agency-save';
import { handler as personSave } from '../web/person-save';
import { handler as agencySealSave } from '../web/agency-seal-save';
import { handler as personSignatureSave } from '../web/person-signature-save';
import { handler as mySignatureSave } from '../web/my-signature-save';
import { copy as dispatchCopy, remove as dispatchDelete } from '../web/dispatch-drafts';

/**
 * Every form of the staff web interface (functions/web/page-table.ts) but approve-and-sign, which has
 * its own function (web-sign.ts); each checks its CSRF value first.
 */
export const pages = {
  'sign-in': signIn,
  'sign-out': signOut,
  'dispatch-create': dispatchCreate,
  'dispatch-preview': dispatchPreview,
  'dispatch-update': dispatchUpdate,
  'dispatch-submit': dispatchSubmit,
  'dispatch-return': dispatchReturn,
  'dispatch-withdraw': dispatchWithdraw,
  'dispatch-issue': dispatchIssue,
  'dispatch-remind': dispatchRemind,
  'recipient-action': recipientAction,
  'dispatch-copy': dispatchCopy,
  'dispatch-delete': dispatchDelete,
  'reset-account': resetAccount,
  'directive-create': directiveCreate,
  'directive-update': directiveUpdate,
  'directive-withdraw': directiveWithdraw,
  'agency-save': agencySave,
  'person-save': personSave,
  'agency-seal-save': agencySealSave,
  'person-signature-save': personSignatureSave,
  'my-signature-save': mySignatureSave,
};

export const handler = httpHandler(route('web-post'), {}, ({ event }) => servePage(event, pages));
