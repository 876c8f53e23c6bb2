import type { Bilingual, FieldError } from './domain/field-error';

/**
 * The one error type. Domain and data code throw AppError; only the HTTP error middleware turns it
 * into a response (via `statusOf`), and anything else becomes a 500 that reveals nothing.
 */
export type ErrorCode =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal';

export const statusOf: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};

export type { Bilingual, FieldError } from './domain/field-error';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly text: Bilingual,
    readonly fields: FieldError[] = [],
    /** Safe, structured facts for the caller (e.g. the current state and version on a conflict). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(text.en);
    this.name = 'AppError';
  }
}

export const notFound = (what: Bilingual): AppError =>
  new AppError('not_found', { vi: `Không tìm thấy ${what.vi}.`, en: `${what.en} not found.` });

export const conflict = (text: Bilingual, details: Record<string, unknown> = {}): AppError =>
  new AppError('conflict', text, [], details);

export const forbidden = (text: Bilingual): AppError => new AppError('forbidden', text);

export const invalid = (fields: FieldError[]): AppError =>
  new AppError(
    'validation',
    { vi: 'Dữ liệu không hợp lệ.', en: 'The request is not valid.' },
    fields,
  );

export const invalidField = (field: string, vi: string, en: string): AppError => invalid([{ field, vi, en }]);
