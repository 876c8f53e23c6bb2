import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError, statusOf } from '../errors';

/** What a route function returns: JSON by default, or a ready body (CSV, PDF, redirect). */
export interface HttpResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body, already encoded. */
  raw?: { body: string; contentType: string; isBase64Encoded?: boolean };
  /** Set-Cookie values (API Gateway v2 sends each as its own header). */
  cookies?: string[];
}

/** Sent on every API response: nothing here is meant to be cached or framed. */
export const securityHeaders: Record<string, string> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

export function jsonResponse(result: HttpResult): APIGatewayProxyStructuredResultV2 {
  const status = result.status ?? 200;
  if (result.raw) {
    return {
      statusCode: status,
      headers: { ...securityHeaders, 'content-type': result.raw.contentType, ...result.headers },
      body: result.raw.body,
      isBase64Encoded: result.raw.isBase64Encoded ?? false,
      ...(result.cookies ? { cookies: result.cookies } : {}),
    };
  }
  return {
    statusCode: status,
    headers: { ...securityHeaders, 'content-type': 'application/json; charset=utf-8', ...result.headers },
    body: result.body === undefined ? '' : JSON.stringify(result.body),
    ...(result.cookies ? { cookies: result.cookies } : {}),
  };
}

export function errorResponse(error: unknown): APIGatewayProxyStructuredResultV2 {
  const appError =
    error instanceof AppError
      ? error
      : new AppError('internal', { vi: 'Đã có lỗi hệ thống. Vui lòng thử lại sau.', en: 'Something went wrong. Please try again later.' });
  return jsonResponse({
    status: statusOf[appError.code],
    body: {
      error: {
        code: appError.code,
        message: appError.text.vi,
        messageEn: appError.text.en,
        ...(appError.fields.length ? { fields: appError.fields } : {}),
        ...(Object.keys(appError.details).length ? { details: appError.details } : {}),
      },
    },
  });
}

/** A lifecycle call's answer; a replayed call (double click, retry) is marked so clients can tell. */
export const transitionResult = ({ dispatch, replayed }: { dispatch: unknown; replayed: boolean }): HttpResult => ({
  body: dispatch,
  headers: replayed ? { 'x-idempotent-replay': 'true' } : {},
});
