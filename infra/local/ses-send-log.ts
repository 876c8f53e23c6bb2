import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every message the SES stand-in accepted, one JSON line each, in `<dataDir>/ses-sent.jsonl`. It is
 * written before SES answers the caller, so it holds every message SES "accepted" even when the caller
 * (or the whole stack) dies before hearing the answer; and it is a file, so it survives a restart. This
 * is where tests count sends, on SES's side of the wire.
 */
export interface SentMail {
  /** When the stand-in accepted it (ISO 8601, milliseconds). */
  at: string;
  to: string[];
  subject: string;
  messageId: string;
  /** The first emailed link (`…/l/<token>`) in the body, if any. */
  link?: string;
}

export const SEND_LOG_FILE = 'ses-sent.jsonl';

const LINK = /https?:\/\/[^\s"'<>]+\/l\/[A-Za-z0-9_-]{43}/;

export const firstLink = (...bodies: string[]): string | undefined => {
  for (const body of bodies) {
    const found = LINK.exec(body)?.[0];
    if (found) return found;
  }
  return undefined;
};

export class SendLog {
  readonly file: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, SEND_LOG_FILE);
  }

  /** Appends one line; appends are serialized so lines keep the order of acceptance. */
  append(mail: SentMail): Promise<void> {
    const line = `${JSON.stringify(mail)}\n`;
    this.writing = this.writing.catch(() => {}).then(() => appendFile(this.file, line));
    return this.writing;
  }

  read(): Promise<SentMail[]> {
    return readSendLog(this.file);
  }
}

/**
 * The log's lines. A process killed in the middle of an append can leave a last line cut short: it is
 * skipped (that message's answer never left the stand-in either, so nobody was told it was accepted).
 */
export async function readSendLog(file: string): Promise<SentMail[]> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    if ((error as { code?: string }).code === 'ENOENT') return '';
    throw error;
  });
  const out: SentMail[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as SentMail);
    } catch {
      // A torn last line (see above).
    }
  }
  return out;
}
