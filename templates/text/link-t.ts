import { commonTexts } from './common';
import { linkTexts } from './link';
import { lookupIn } from './lookup';

/** The texts of the unit's link pages (templates/pages/link.ts): the common and the link area only. */
const linkDictionary = { ...commonTexts, ...linkTexts };

export type LinkTextKey = keyof typeof linkDictionary;

export const linkT = lookupIn(linkDictionary);
