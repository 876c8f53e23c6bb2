import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import S3rver from 's3rver';
import type { StackLog } from './log';
import { assertPortFree, LOOPBACK, PortInUseError } from './net';

/**
 * S3 stand-in: `s3rver`, in-process, storing objects as files under the data directory (so PDFs survive
 * a restart of `npm start`). Path-style URLs only (`http://127.0.0.1:4568/<bucket>/<key>`): clients set
 * `forcePathStyle` when an endpoint is configured.
 *
 * s3rver knows one access key, `S3RVER` / `S3RVER`; the stack uses it as the dummy AWS credentials for
 * every emulator so requests and presigned URLs are accepted as they are in AWS.
 */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3Local {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startS3Local(options: { port: number; dataDir: string; buckets: string[]; log: StackLog }): Promise<S3Local> {
  if (options.port !== 0) await assertPortFree(options.port, 'S3', 'S3_PORT');
  const directory = path.join(options.dataDir, 's3');
  await mkdir(directory, { recursive: true });
  const server = new S3rver({
    address: LOOPBACK,
    port: options.port,
    directory,
    silent: true,
    // Creates the buckets if missing (a warning-free no-op when they exist).
    configureBuckets: options.buckets.map((name) => ({ name })),
    // Buckets in the path, not the host name: no DNS tricks needed locally.
    vhostBuckets: false,
  });
  let port: number;
  try {
    ({ port } = await server.run());
  } catch (error) {
    if ((error as { code?: string } | null)?.code === 'EADDRINUSE') throw new PortInUseError(options.port, 'S3', 'S3_PORT');
    throw error;
  }
  const url = `http://${LOOPBACK}:${port}`;
  options.log.info(`S3 (s3rver): ${url} → ${directory}`);
  return {
    url,
    port,
    async stop() {
      // Idle keep-alive sockets of the SDK would otherwise hold close() open.
      server.httpServer?.closeAllConnections();
      await server.close().catch(() => {});
    },
  };
}
