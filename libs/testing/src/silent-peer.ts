import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';

export interface SilentPeer {
  address: string;
  /** Resolves at the next connection a client opens. */
  nextConnection(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP server that accepts connections and never answers: a hung dependency. */
export async function startSilentPeer(): Promise<SilentPeer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('silent peer has no port');
  return {
    address: `127.0.0.1:${address.port}`,
    nextConnection: async () => {
      await once(server, 'connection');
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
