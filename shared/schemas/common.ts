import * as z from 'zod/mini';

/*
 * Every module imports zod as `import * as z from 'zod/mini'` itself, so esbuild keeps only what a bundle
 * calls. zod's `{ z }` export is one object holding everything, its 64 locales included, and so is any
 * namespace re-exported from here or handed to `extendZodWithOpenApi`: 450 KB in every function.
 * `zod/mini` rather than classic `zod` (issue 11, init CPU): the same core, so the same checks, issues and
 * messages, but functions instead of methods. Classic puts every method on every schema and builds each
 * schema at about twice mini's cost: moving to mini took ~60 KB off each bundle and ~14 % off the
 * instructions of a fresh import (infra/aws/README.md, "zod/mini"). Mini loads no locale: a parse whose
 * issue messages someone reads as they are (config, CDK settings) passes English in; the API's messages
 * come from shared/schemas/messages.ts. OpenAPI names and descriptions go to zod's global registry
 * (`.register(z.globalRegistry, …)`, what classic's `.meta()` does); shared/schemas/openapi.ts hands the
 * generator the classic twins of the schemas (shared/schemas/classic-twin.ts) when the document is
 * generated, so no function bundles classic zod.
 */

/**
 * Characters no text of ours may carry, on one line or many: C0 controls other than tab, line feed and
 * carriage return, DEL and the C1 controls, the bidirectional controls (embeddings, overrides,
 * isolates, LRM/RLM, ALM), the zero-width characters and the BOM, and the line and paragraph
 * separators. They are invisible on a page, can reorder what a reader sees (a subject that reads
 * differently from what it says), or split a mail header. Vietnamese letters, "–", "“ ”" are untouched.
 */
export const UNSAFE_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]/u;
/** Everything above, and also tab, line feed and carriage return: for single-line text (names, subjects, labels). */
export const UNSAFE_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]/u;

/** The message key (shared/schemas/messages.ts) for text carrying a character it may not, if any. */
export function unsafeTextKey(value: string, multiline = false): 'single-line' | 'invisible-characters' | undefined {
  if (UNSAFE_CHARS.test(value)) return 'invisible-characters';
  if (!multiline && UNSAFE_SINGLE_LINE.test(value)) return 'single-line';
  return undefined;
}

const safe = (multiline: boolean) => (value: string) => unsafeTextKey(value, multiline) === undefined;

/**
 * Free text a person types on one line (names, subjects, labels): trimmed, not empty, bounded, without
 * line breaks, control, bidirectional or zero-width characters.
 */
export const text = (max: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(max),
      z.refine(safe(true), { message: 'invisible-characters', abort: true }),
      z.refine(safe(false), { message: 'single-line' }),
    );

/** Free text of several lines or paragraphs (requirements, opening, closing, comments): line breaks allowed, nothing invisible. */
export const multilineText = (max: number) =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(max), z.refine(safe(true), { message: 'invisible-characters' }));

/** Calendar date as written in the API: YYYY-MM-DD. */
export const isoDate = z.iso.date();

/** Agency / unit abbreviation as used in "số và ký hiệu": upper-case letters, digits and `&`. */
export const abbreviation = z
  .string()
  .check(z.trim(), z.minLength(1), z.maxLength(20), z.regex(/^[A-ZĐ0-9&]+$/u, { message: 'abbreviation' }));

export const id = z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, { message: 'id' }));

/** A whole number of at least 1: `.check(z.int())` on a number, as classic's `.int()`, so a string is still "must be a number". */
export const version = z.number().check(z.int(), z.gte(1));

/** An official mailbox: trimmed, lower-cased, at most 254 characters, a valid address. */
export const emailAddress = () => z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email());

/**
 * The paging fields of a list's query: `limit` within bounds that keep any page far under Lambda's
 * 6 MB response, and the opaque `cursor` the previous page returned (checked by shared/data/cursor.ts).
 */
export const pageFields = (defaultLimit: number, maxLimit: number) => ({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(maxLimit)), defaultLimit),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});
