import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { linkPdf } from '../../shared/http/link-http';
import { pdfDownloadUrl } from '../../shared/pdf/store';

/** The dispatch's PDF for the unit holding the link. */
export const handler = httpHandler(route('link-pdf'), {}, ({ event }) => linkPdf(event, pdfDownloadUrl));
