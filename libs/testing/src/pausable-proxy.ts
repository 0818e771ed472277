import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';

export interface PausableProxy {
  /** host:port clients connect to instead of the target. */
  address: string;
  /** Like a frozen server: connections stay open, nothing goes through either way, new ones wait. */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

/** A TCP proxy to `target` (host:port) that a test can freeze, to play a hung PostgreSQL, say. */
export async function startPausableProxy(target: string): Promise<PausableProxy> {
  const [host = '127.0.0.1', port = '0'] = target.split(':');
  const pairs = new Set<[Socket, Socket]>();
  let paused = false;
  const server = createServer((client) => {
    const upstream = connect({ host, port: Number(port) });
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    if (paused) for (const socket of pair) socket.pause();
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('proxy has no port');
  const each = (action: (socket: Socket) => void) => {
    for (const pair of pairs) pair.forEach(action);
  };
  return {
    address: `127.0.0.1:${address.port}`,
    pause: () => {
      paused = true;
      each((socket) => socket.pause());
    },
    resume: () => {
      paused = false;
      each((socket) => socket.resume());
    },
    close: async () => {
      each((socket) => socket.destroy());
      server.close();
      await once(server, 'close');
    },
  };
}
