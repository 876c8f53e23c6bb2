import * as z from 'zod';

/*
 * Every module imports zod as `import * as z from 'zod'` itself, so esbuild keeps only what a bundle
 * calls. zod's `{ z }` export is one object holding everything, its 64 locales included, and so is any
 * namespace re-exported from here or handed to `extendZodWithOpenApi`: 450 KB in every function. OpenAPI
 * names and descriptions are zod's own `.meta()`, read by shared/schemas/openapi.ts, so only the OpenAPI
 * route bundles the generator.
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
    .trim()
    .min(1)
    .max(max)
    .refine(safe(true), { message: 'invisible-characters', abort: true })
    .refine(safe(false), { message: 'single-line' });

/** Free text of several lines or paragraphs (requirements, opening, closing, comments): line breaks allowed, nothing invisible. */
export const multilineText = (max: number) => z.string().trim().min(1).max(max).refine(safe(true), { message: 'invisible-characters' });

/** Calendar date as written in the API: YYYY-MM-DD. */
export const isoDate = z.iso.date();

/** Agency / unit abbreviation as used in "số và ký hiệu": upper-case letters, digits and `&`. */
export const abbreviation = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[A-ZĐ0-9&]+$/u, { message: 'abbreviation' });

export const id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, { message: 'id' });

export const version = z.number().int().min(1);

/**
 * The paging fields of a list's query: `limit` within bounds that keep any page far under Lambda's
 * 6 MB response, and the opaque `cursor` the previous page returned (checked by shared/data/cursor.ts).
 */
export const pageFields = (defaultLimit: number, maxLimit: number) => ({
  limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
  cursor: z.string().max(2000).optional(),
});
