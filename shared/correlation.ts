import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The correlation id that follows a dispatch from the route that issued it, through the table stream
 * and the queues, to the e-mail: the API request id, written on the dispatch at issue, carried in every
 * queue message body sent while it is current, and put back in scope by the stream and queue wrappers.
 *
 * AsyncLocalStorage, not a logger key: a stream or queue batch works its records side by side, each
 * under its own id, and the local stack runs every function in one process. Every log line carries the
 * id in scope (shared/logger.ts).
 */
const scope = new AsyncLocalStorage<string>();

export const CORRELATION_FIELD = 'correlationId';

/** The id in scope, if any. */
export const currentCorrelationId = (): string | undefined => scope.getStore();

/** Runs `work` with `id` in scope (or as it is, without one). */
export function withCorrelationId<T>(id: string | undefined, work: () => Promise<T>): Promise<T> {
  return id ? scope.run(id, work) : work();
}

/** The id a stream image or a message body carries, if it is a usable one. */
export function correlationIdOf(item: unknown): string | undefined {
  const value = item && typeof item === 'object' ? (item as Record<string, unknown>)[CORRELATION_FIELD] : undefined;
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : undefined;
}

/** A message body with the id in scope added (a body that is not an object goes as it is). */
export function withCurrentCorrelation(body: unknown): unknown {
  const id = currentCorrelationId();
  if (!id || !body || typeof body !== 'object' || Array.isArray(body) || correlationIdOf(body)) return body;
  return { ...(body as Record<string, unknown>), [CORRELATION_FIELD]: id };
}
