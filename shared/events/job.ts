import type { Context } from 'aws-lambda';
import { logger } from '../logger';
import { countBusiness, withMetricsFlushed, type BusinessMetricName } from '../metrics';

/** The business figures of one run, read from its result (a figure of 0 writes nothing). */
export type JobFigures<R> = (result: R) => Partial<Record<BusinessMetricName, number>>;

/**
 * A scheduled job's handler (EventBridge in AWS, a timer in the local stack): the Lambda context on its
 * log lines, the run, its result logged under the job's name (unless `quiet` says there is nothing to
 * tell), and the figures it produced counted as business metrics, written as one EMF line when it ends.
 * A run that throws writes nothing: its figures are unknown, and Lambda retries it.
 */
export function jobHandler<E, R>(
  name: string,
  run: (event: E | undefined, context?: Context) => Promise<R>,
  figures: JobFigures<R>,
  quiet: (result: R) => boolean = () => false,
) {
  return async (event?: E, context?: Context): Promise<R> =>
    withMetricsFlushed(async () => {
      if (context) logger.addContext(context);
      const result = await run(event, context);
      for (const [metric, count] of Object.entries(figures(result)) as [BusinessMetricName, number | undefined][]) countBusiness(metric, count ?? 0);
      if (!quiet(result)) logger.info(name, result as Record<string, unknown>);
      return result;
    });
}
