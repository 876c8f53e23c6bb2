import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectionOf, tableDefinition } from '../../../shared/data/table';

/**
 * GSI2 projects only what its queries read (issue 10: ALL copied a whole recipient into the index on
 * every mail step). This pins the projection and the queries that rely on it: a new query on GSI2, or
 * one that reads more, must come with its attributes added here and in shared/data/table.ts.
 */
const gsi2 = tableDefinition.globalSecondaryIndexes.find((i) => i.indexName === 'GSI2')!;

/** Every query on GSI2 and what it reads of the index's entries besides the keys. */
const queriesOnGsi2: Record<string, string> = {
  // Staff counts: COUNT with a filter on the dispatch's agency and (for signers) `content.signer.userId`.
  'shared/data/count-repo.ts': 'agencyCode, content',
  // The mail-due scan reads its sort key only (ProjectionExpression GSI2SK).
  'shared/data/recipient-repo.ts': '',
  // Stalled reminder runs (a sparse entry per run whose enqueuing is unfinished): the sort key only.
  'shared/data/reminder-run-repo.ts': '',
  // Dispatches by state: keys, then the items from the table (shared/data/index-items.ts).
  'shared/data/dispatch-repo.ts': '',
  // Reset requests by status: filtered on unitId and dispatchId, then the items from the table.
  'shared/data/reset-request-repo.ts': 'unitId, dispatchId',
};

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : Promise.resolve(e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []))));
  return nested.flat();
}

describe('GSI2', () => {
  it('projects its keys and the attributes its queries filter on, nothing else', () => {
    expect(projectionOf(gsi2)).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['agencyCode', 'content', 'unitId', 'dispatchId'] });
    const read = new Set(Object.values(queriesOnGsi2).flatMap((a) => a.split(', ').filter(Boolean)));
    expect([...read].sort()).toEqual([...(projectionOf(gsi2).NonKeyAttributes ?? [])].sort());
  });

  it('is queried only where the list above says', async () => {
    const files = [...(await sourceFiles('shared')), ...(await sourceFiles('functions'))];
    const querying: string[] = [];
    for (const file of files) if (/IndexName: (?:byAgency \? 'GSI1' : )?'GSI2'|\['GSI2', 'GSI2PK'\]/.test(await readFile(file, 'utf8'))) querying.push(file);
    expect(querying.sort()).toEqual(Object.keys(queriesOnGsi2).sort());
  });
});
