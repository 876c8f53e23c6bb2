import { z } from 'zod';
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';

// Lets every schema carry OpenAPI metadata; must run before schemas are built.
extendZodWithOpenApi(z);

export { z };

/** Free text a person types: trimmed, not empty, bounded. */
export const text = (max: number) => z.string().trim().min(1).max(max);

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
