import type * as z from 'zod/mini';
import { en } from 'zod/locales';

let english: z.core.$ZodErrorMap | undefined;

/**
 * zod's English issue messages, for a parse whose messages someone reads as they are (the configuration,
 * the CDK settings, the log of a dropped queue message): `zod/mini` loads no locale. Built on first use.
 * The API's messages do not use it: they come from shared/schemas/messages.ts.
 */
export const englishIssues = (): z.core.$ZodErrorMap => (english ??= en().localeError);
