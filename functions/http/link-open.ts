import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { openLink } from '../../shared/http/link-http';
import * as z from 'zod/mini';

/**
 * The unit's emailed link. Any unknown, malformed, expired or revoked token gets the same page, so the
 * answer never tells what exists. Opening records only the first opening, then moves the token into
 * a cookie and redirects to the token-less page.
 */
export const handler = httpHandler(route('link-open'), { params: z.object({ token: z.string().check(z.maxLength(200)) }) }, ({ params, event }) => openLink(event, params.token));
