import { vi } from 'vitest';

/**
 * The EMF lines (shared/metrics.ts) written to stdout while `run` runs, parsed; `after` runs before
 * stdout is given back (e.g. `flushMetrics`, for a service called without its handler wrapper). A
 * failing `run` still gives its lines: what was counted before the error did happen.
 */
export async function emfLinesOf(run: () => Promise<unknown>, after?: () => void): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await run().catch(() => undefined);
    after?.();
  } finally {
    spy.mockRestore();
  }
  return lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Metric name → summed value over the lines (a value may be one number or several in one line). */
export function counted(lines: Record<string, unknown>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of lines) {
    const aws = line['_aws'] as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] };
    for (const { Name } of aws.CloudWatchMetrics[0]!.Metrics) {
      const v = line[Name] as number | number[];
      out[Name] = (out[Name] ?? 0) + (Array.isArray(v) ? v.reduce((a, b) => a + b, 0) : v);
    }
  }
  return out;
}
