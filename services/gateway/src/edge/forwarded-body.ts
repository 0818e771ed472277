import { Readable } from 'node:stream';

import { ProblemException } from '@codex/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The request body as the gateway forwards it, for every proxied route:
 * - a declared length over the limit is answered 413 before anything is read;
 * - a chunked body (no declared length) is read up to the limit, answered 413
 *   past it, and otherwise forwarded with its length, so a service never
 *   cuts an upload short mid-stream (which the proxy could only call a 500);
 * - `Expect: 100-continue` was answered by Node already and is not passed on.
 * Bodies with a declared length stream through untouched.
 */
export function forwardedBody(bodyLimitBytes: number) {
  // Callback style: the common request (a declared length, or none) settles without a promise.
  return (
    request: FastifyRequest,
    reply: FastifyReply,
    payload: Readable,
    done: (error: Error | null, body?: Readable) => void,
  ): void => {
    const headers = request.raw.headers;
    delete headers.expect;
    const declared = headers['content-length'];
    if (declared !== undefined && Number(declared) > bodyLimitBytes) {
      return done(tooLarge(reply, bodyLimitBytes));
    }
    if (declared !== undefined || headers['transfer-encoding'] === undefined) {
      return done(null, payload);
    }
    readAtMost(payload, bodyLimitBytes).then((body) => {
      if (!body) return done(tooLarge(reply, bodyLimitBytes));
      delete headers['transfer-encoding'];
      headers['content-length'] = String(body.length);
      done(null, Readable.from([body]));
    }, done);
  };
}

/**
 * The whole stream, or undefined once it passes `limit` bytes; the rest is
 * then drained unread, so the caller gets the answer once it has sent it.
 */
function readAtMost(stream: Readable, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      stream.off('data', onData).off('end', onEnd).off('error', reject);
      stream.resume();
      resolve(undefined);
    };
    const onEnd = () => resolve(Buffer.concat(chunks, size));
    stream.on('data', onData).once('end', onEnd).once('error', reject);
  });
}

function tooLarge(reply: FastifyReply, bodyLimitBytes: number): ProblemException {
  void reply.header('connection', 'close');
  return new ProblemException(
    413,
    'payload_too_large',
    `body: larger than the ${bodyLimitBytes}-byte limit`,
    { errors: [{ field: 'body', message: 'is too large' }] },
  );
}
