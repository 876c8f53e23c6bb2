/**
 * The local stack's own console output (not the handlers' logs, which use the Powertools logger).
 * Passed in so `npm start` can be chatty while tests only show what went wrong.
 */
export interface StackLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, cause?: unknown): void;
}

const describe = (cause: unknown): string =>
  cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause);

export function consoleLog(prefix = '[local]'): StackLog {
  return {
    info: (message) => console.log(`${prefix} ${message}`),
    warn: (message) => console.warn(`${prefix} ${message}`),
    error: (message, cause) => console.error(`${prefix} ${message}${cause === undefined ? '' : `\n${describe(cause)}`}`),
  };
}

/** For tests: warnings and errors only, so a passing run stays readable. */
export function quietLog(prefix = '[local]'): StackLog {
  const loud = consoleLog(prefix);
  return { info: () => {}, warn: loud.warn, error: loud.error };
}
