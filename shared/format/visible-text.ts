/**
 * Characters a reader cannot see but that change what they read: C0/C1 controls (but line breaks and
 * tabs), bidirectional overrides and isolates, zero-width characters, the BOM and line/paragraph
 * separators. Input refuses them (shared/schemas/common.ts); output drops them too, so a value that
 * reached the table another way (an old record, a direct edit) still cannot reorder or hide text on a
 * page, in an export or in a PDF.
 */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]/gu;

export const visibleText = (value: string): string => value.replace(INVISIBLE, '');
