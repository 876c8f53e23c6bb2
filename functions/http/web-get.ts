import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { servePage } from '../web/serve';
import { handler as assets } from '../web/assets';
import { handler as signInPage } from '../web/sign-in-page';
import { handler as callback } from '../web/callback';
import { handler as home } from '../web/home';
import { handler as dispatches } from '../web/dispatches';
import { handler as inbox } from '../web/inbox';
import { handler as dispatchNew } from '../web/dispatch-new';
import { handler as dispatchEdit } from '../web/dispatch-edit';
import { handler as dispatch } from '../web/dispatch';
import { handler as dispatchPdf } from '../web/dispatch-pdf';
import { handler as dispatchSignConfirm } from '../web/dispatch-sign-confirm';
import { handler as dispatchProgress } from '../web/dispatch-progress';
import { handler as resetRequests } from '../web/reset-requests';
import { handler as resetRequestPdf } from '../web/reset-request-pdf';
import { handler as directives } from '../web/directives';
import { handler as register } from '../web/register';
import { handler as dashboard } from '../web/dashboard';
import { handler as dashboardDispatch } from '../web/dashboard-dispatch';
import { handler as dashboardDirective } from '../web/dashboard-directive';
import { handler as agencies } from '../web/agencies';
import { handler as people } from '../web/people';
import { handler as agencySealImage } from '../web/agency-seal-image';
import { handler as personSignatureImage } from '../web/person-signature-image';
import { handler as mySignature } from '../web/my-signature';
import { handler as mySignatureImage } from '../web/my-signature-image';
import { deleteDraft as dispatchDeleteConfirm, recipient as recipientConfirm, remindAll as dispatchRemindConfirm } from '../web/dispatch-confirm';

/** Every GET page of the staff web interface (functions/web/page-table.ts). */
export const pages = {
  assets,
  'sign-in-page': signInPage,
  callback,
  home,
  dispatches,
  inbox,
  'dispatch-new': dispatchNew,
  'dispatch-edit': dispatchEdit,
  dispatch,
  'dispatch-pdf': dispatchPdf,
  'dispatch-sign-confirm': dispatchSignConfirm,
  'dispatch-progress': dispatchProgress,
  'dispatch-remind-confirm': dispatchRemindConfirm,
  'recipient-confirm': recipientConfirm,
  'dispatch-delete-confirm': dispatchDeleteConfirm,
  'reset-requests': resetRequests,
  'reset-request-pdf': resetRequestPdf,
  directives,
  register,
  dashboard,
  'dashboard-dispatch': dashboardDispatch,
  'dashboard-directive': dashboardDirective,
  agencies,
  people,
  'agency-seal-image': agencySealImage,
  'person-signature-image': personSignatureImage,
  'my-signature': mySignature,
  'my-signature-image': mySignatureImage,
};

export const handler = httpHandler(route('web-get'), {}, ({ event }) => servePage(event, pages));
