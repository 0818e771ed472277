import { isIP } from 'node:net';

import type { FastifyInstance } from 'fastify';

/**
 * Drops every X-Forwarded-For entry that is not an IP address before anything
 * reads the client's address from it. A trusted hop passes on whatever its
 * client wrote there, and `request.ip` (audited, throttled on, stored) must be
 * an address, not 100 characters of anything.
 */
export function keepOnlyAddressesInForwardedFor(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const headers = request.raw.headers;
    const forwarded = headers['x-forwarded-for'];
    if (forwarded !== undefined) {
      const entries = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded).split(',');
      const addresses = entries.map((entry) => entry.trim()).filter((entry) => isIP(entry) !== 0);
      if (addresses.length === 0) delete headers['x-forwarded-for'];
      else if (addresses.length < entries.length) headers['x-forwarded-for'] = addresses.join(', ');
    }
    done();
  });
}
