import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where the stream runner stopped, per shard, in `<dataDir>/stream-checkpoints.json`: a restart of
 * `npm start` continues after the last processed record instead of replaying the stream (and sending
 * every email again). Tied to the stream ARN: a recreated table starts from the beginning.
 */
export interface ShardCheckpoint {
  /** Last sequence number fully processed by every consumer. */
  sequenceNumber?: string;
  /** The shard is closed and was read to its end. */
  done?: boolean;
}

export interface Checkpoints {
  streamArn: string;
  shards: Record<string, ShardCheckpoint>;
}

export class CheckpointFile {
  private readonly file: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'stream-checkpoints.json');
  }

  async load(streamArn: string): Promise<Checkpoints> {
    try {
      const stored = JSON.parse(await readFile(this.file, 'utf8')) as Checkpoints;
      if (stored.streamArn === streamArn) return stored;
    } catch {
      // Missing or unreadable: start from the beginning of every shard.
    }
    return { streamArn, shards: {} };
  }

  /** Writes are serialized and atomic (temp file + rename), so a crash never leaves half a file. */
  save(checkpoints: Checkpoints): Promise<void> {
    const text = `${JSON.stringify(checkpoints, null, 2)}\n`;
    this.writing = this.writing.catch(() => {}).then(async () => {
      const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, text);
      await rename(temp, this.file);
    });
    return this.writing;
  }
}
