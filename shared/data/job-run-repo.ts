import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';
import { keys } from './keys';

/**
 * A job's resumable walk: where it stopped (the key of the last item it finished, in cursor form), or
 * that a one-off walk is done. A run that stops before its time is up, or that Lambda kills at its
 * timeout, leaves its place behind; the job's next run starts there.
 */
export interface JobRun {
  /** The open set's key (`encodeCursor` form) after the last item finished; absent: start from the beginning. */
  resumeAfter?: string;
  done?: true;
  /** Items finished in the current walk. */
  items: number;
  updatedAt: string;
}

export async function getJobRun(job: string): Promise<JobRun | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.jobRun(job), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { resumeAfter, done, items, updatedAt } = out.Item as Record<string, unknown>;
  return {
    ...(typeof resumeAfter === 'string' ? { resumeAfter } : {}),
    ...(done === true ? { done: true as const } : {}),
    items: Number(items ?? 0),
    updatedAt: String(updatedAt ?? ''),
  };
}

export async function saveJobRun(job: string, run: JobRun): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...keys.jobRun(job), type: 'JobRun', job, ...run } }));
}
