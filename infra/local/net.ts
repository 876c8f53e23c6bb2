import type { Server } from 'node:http';
import net from 'node:net';

/** Interface the in-process emulators and the gateway bind to: this machine only, never the LAN. */
export const LOOPBACK = '127.0.0.1';

/**
 * A port that is taken. The message says which service wanted it and which variable moves it,
 * because "EADDRINUSE" with a stack trace tells a newcomer nothing.
 */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly service: string,
    readonly envVar: string,
  ) {
    super(
      `Cổng ${port} (${service}) đang được một chương trình khác sử dụng. Hãy tắt chương trình đó, hoặc chọn cổng khác: ${envVar}=${port + 1} npm start\n` +
        `Port ${port} (${service}) is already in use by another program. Stop it, or choose another port: ${envVar}=${port + 1} npm start`,
    );
    this.name = 'PortInUseError';
  }
}

const isAddressInUse = (error: unknown): boolean => (error as { code?: string } | null)?.code === 'EADDRINUSE';

/** Asks the OS for a free port. Used for processes we cannot hand port 0 to (the JVM). */
export async function freePort(host = LOOPBACK): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('Could not determine a free port');
  return address.port;
}

/** Fails with a PortInUseError if something already listens on the port (checked on all interfaces). */
export async function assertPortFree(port: number, service: string, envVar: string): Promise<void> {
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Unspecified address: a listener on any interface (e.g. another DynamoDB on 0.0.0.0) is a conflict.
      server.listen(port, () => resolve());
    });
  } catch (error) {
    if (isAddressInUse(error)) throw new PortInUseError(port, service, envVar);
    throw error;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** `server.listen` as a promise, with EADDRINUSE turned into a PortInUseError. Returns the bound port. */
export async function listen(server: Server, port: number, service: string, envVar: string, host = LOOPBACK): Promise<number> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    if (isAddressInUse(error)) throw new PortInUseError(port, service, envVar);
    throw error;
  }
  return boundPort(server);
}

export function boundPort(server: Server): number {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('Server is not listening on a TCP port');
  return address.port;
}

/** Closes a server without waiting for idle keep-alive connections (the AWS SDK keeps them open). */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
