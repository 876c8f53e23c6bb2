import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { servePage } from '../web/serve';
import { directiveExport, handler as reportExport } from '../web/report-export';

/**
 * The dashboard's CSV and XLSX downloads (`GET /app/dashboard/{kind}/{id}/export/{format}`, more specific
 * than the pages' `/app/{path+}`). A function of their own because the XLSX writer (exceljs then, about
 * 750 KB minified; write-excel-file now, about 75 KB) would otherwise be in the bundle of every page
 * (issue 11's bundle budget).
 */
export const pages = {
  'report-export': reportExport,
  'directive-export': directiveExport,
};

export const handler = httpHandler(route('web-export'), {}, ({ event }) => servePage(event, pages));
