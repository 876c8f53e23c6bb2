import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { verifyAllAudit } from '../../shared/services/audit-verification';

/** Every audit chain of the table against its head and the latest seal (administrators; a full scan). */
export const handler = httpHandler(route('audit-verify'), {}, async () => ({ body: await verifyAllAudit() }));
