import { viClock, viDate } from '../shared/format/vi-time';
import { commonTexts } from './text/common';
import { lookupIn, type Lang } from './text/lookup';
import { staffTexts } from './text/staff';

/**
 * The texts of the staff web pages, Vietnamese first: the common and the staff area of the text tables
 * (templates/text/*.ts; the unit's link pages have their own lookup, templates/text/link-t.ts). A page
 * picks one language (Vietnamese unless the user switched) and asks for texts by key, so no page carries
 * its own wording.
 */
export { langs, pick, type Lang } from './text/lookup';

const dictionary = { ...commonTexts, ...staffTexts };

export type TextKey = keyof typeof dictionary;

export const t: (lang: Lang, key: TextKey, vars?: Record<string, string | number>) => string = lookupIn(dictionary);

/** dd/mm/yyyy from YYYY-MM-DD or an ISO time (in Vietnam time): one implementation, in shared/format/vi-time.ts. */
export { viDate };

/** "14:05 03/12/2026", in Vietnam time: the clock first, as pages and lists show it. */
export const viDateTime = (iso: string): string => `${viClock(iso)} ${viDate(iso)}`;
