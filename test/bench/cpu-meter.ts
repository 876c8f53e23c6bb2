import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent by this process (the gateway, the handlers, the stream runner and the bench's own HTTP
 * client all run in it) and by its Java children (DynamoDB Local), read from /proc: milliseconds of CPU
 * per operation vary far less with a shared machine's load than operations per second do. Linux only;
 * elsewhere the JVM's share reads as undefined.
 */
export interface CpuSample {
  node: number;
  jvm: number | undefined;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux.

function childrenOf(pid: number | 'self'): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/** Every descendant (the JVM is started through a small shell wrapper). */
function descendants(): number[] {
  const found: number[] = [];
  for (let next = childrenOf('self'); next.length; next = next.flatMap(childrenOf)) found.push(...next);
  return found;
}

function jvmCpuMs(): number | undefined {
  let total: number | undefined;
  for (const pid of descendants()) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!/(^|\/)java$/.test(argv[0] ?? '') || !argv.some((a) => a.includes('DynamoDb'))) continue;
      // Fields after the command's ")" : state is field 3, utime 14, stime 15.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total = (total ?? 0) + (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    } catch {
      // The child went away meanwhile.
    }
  }
  return total;
}

export function cpuNow(): CpuSample {
  const { user, system } = process.cpuUsage();
  return { node: (user + system) / 1000, jvm: jvmCpuMs() };
}

/** CPU milliseconds per operation between two samples, e.g. `node 2.10 ms + DynamoDB Local 1.40 ms`. */
export function cpuPer(start: CpuSample, end: CpuSample, ops: number): { node: number; jvm: number | undefined; text: string } {
  const node = (end.node - start.node) / ops;
  const jvm = start.jvm !== undefined && end.jvm !== undefined ? (end.jvm - start.jvm) / ops : undefined;
  return { node, jvm, text: `node ${node.toFixed(2)} ms + DynamoDB Local ${jvm === undefined ? '?' : jvm.toFixed(2)} ms` };
}
