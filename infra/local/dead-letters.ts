import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DynamoDBRecord } from 'aws-lambda';

/**
 * The local on-failure destination: stream records a consumer still failed on after its last attempt.
 * Appended to `<dataDir>/dead-letters.jsonl` (one JSON object per line, survives restarts) and kept in
 * memory for `GET /dev/dead-letters`.
 */
export interface DeadLetter {
  consumerId: string;
  parkedAt: string;
  attempts: number;
  /** The handler's error, or that it reported the record in `batchItemFailures`. */
  reason: string;
  shardId: string;
  record: DynamoDBRecord;
}

export class DeadLetterStore {
  private readonly items: DeadLetter[] = [];
  private readonly file: string;

  private constructor(dataDir: string) {
    this.file = path.join(dataDir, 'dead-letters.jsonl');
  }

  static async open(dataDir: string): Promise<DeadLetterStore> {
    const store = new DeadLetterStore(dataDir);
    await mkdir(dataDir, { recursive: true });
    const text = await readFile(store.file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        store.items.push(JSON.parse(line) as DeadLetter);
      } catch {
        // A line cut short by a crash: skip it, keep the rest.
      }
    }
    return store;
  }

  async park(letter: DeadLetter): Promise<void> {
    this.items.push(letter);
    await appendFile(this.file, `${JSON.stringify(letter)}\n`);
  }

  list(): readonly DeadLetter[] {
    return this.items;
  }
}
