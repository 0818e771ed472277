export interface Destroyable {
  destroy(): void;
}

/**
 * Provider SDK clients built once per key and reused until the pool is destroyed. Key a
 * client by what it reaches and with whose credentials: accessIdentity(access) plus, where
 * the SDK needs it, the service and region.
 */
export class ClientPool<C extends Destroyable = Destroyable> {
  private readonly clients = new Map<string, C>();

  get<T extends C>(key: string, create: () => T): T {
    const cached = this.clients.get(key);
    if (cached) return cached as T;
    const client = create();
    this.clients.set(key, client);
    return client;
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}
