/**
 * The one lookup of the pages' texts. The texts are split by area (templates/text/*.ts) so that a
 * function bundles only the tables its pages use: the unit's link pages `linkT` (templates/text/link-t.ts),
 * the staff pages `t` (templates/i18n.ts). Both look up and fill in the same way.
 */
export type Lang = 'vi' | 'en';
export const langs: readonly Lang[] = ['vi', 'en'];

/** An area's texts: every key has both languages. */
export type TextTable = Readonly<Record<string, Readonly<Record<Lang, string>>>>;

/** `t(lang, key, vars)` over a table: the text in the language, each `{name}` replaced by `vars.name` (kept when absent). */
export const lookupIn =
  <T extends TextTable>(table: T) =>
  (lang: Lang, key: keyof T & string, vars: Record<string, string | number> = {}): string =>
    table[key]![lang].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));

/** Picks the side of a bilingual message (the API's field errors carry both). */
export const pick = (lang: Lang, text: { vi: string; en: string }): string => text[lang];
