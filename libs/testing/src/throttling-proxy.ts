import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import {
  Agent,
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type ServerResponse,
} from 'node:http';

/** What the proxy answers instead of forwarding: AWS's throttling error, or a hard refusal. */
export type AwsFault = 'throttle' | 'deny';

/** Limits a fault to requests signed for these SigV4 services, e.g. `ec2`, `ecs`, `monitoring`, `sts`. */
export interface FaultScope {
  services?: string[];
}

export interface ProxyCounts {
  forwarded: number;
  throttled: number;
  denied: number;
  /** Every request received, by the SigV4 service it was signed for. */
  byService: Record<string, number>;
}

export interface ThrottlingProxy {
  url: string;
  /** Answers the next `count` requests in scope with the protocol's throttling error. */
  throttleNext(count: number, scope?: FaultScope): void;
  /** Answers every `nth` request in scope with the protocol's throttling error. */
  throttleEvery(nth: number, scope?: FaultScope): void;
  /** Answers the next `count` requests in scope with a non-retryable access-denied error. */
  denyNext(count: number, scope?: FaultScope): void;
  /** Forwards everything again. */
  passThrough(): void;
  counts(): ProxyCounts;
  close(): Promise<void>;
}

interface FaultPlan {
  fault: AwsFault;
  remaining: number;
  nth: number;
  seen: number;
  services?: string[];
}

/**
 * An HTTP proxy on 127.0.0.1 in front of an AWS endpoint (moto) that forwards requests
 * byte for byte, or answers them with the throttling or access-denied error AWS would send
 * for the request's protocol: EC2 query XML, other query XML, or AWS JSON.
 */
export async function startThrottlingProxy(target: string): Promise<ThrottlingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const counts: ProxyCounts = { forwarded: 0, throttled: 0, denied: 0, byService: {} };
  let plan: FaultPlan | undefined;

  const faultFor = (service: string): AwsFault | undefined => {
    if (!plan || (plan.services && !plan.services.includes(service))) return undefined;
    plan.seen += 1;
    if (plan.remaining <= 0 || plan.seen % plan.nth !== 0) return undefined;
    plan.remaining -= 1;
    return plan.fault;
  };

  const server = createServer((req, res) => {
    const service = signingService(req);
    counts.byService[service] = (counts.byService[service] ?? 0) + 1;
    const fault = faultFor(service);
    if (fault) {
      counts[fault === 'throttle' ? 'throttled' : 'denied'] += 1;
      req.resume();
      req.once('end', () => answerWithFault(req, res, service, fault));
      return;
    }
    counts.forwarded += 1;
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.once('error', (error) => {
      if (res.headersSent) res.destroy(error);
      else res.writeHead(502).end(error.message);
    });
    req.pipe(forwarded);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('throttling proxy has no port');

  const setPlan = (fault: AwsFault, remaining: number, nth: number, scope: FaultScope) => {
    plan = { fault, remaining, nth, seen: 0, services: scope.services };
  };
  return {
    url: `http://127.0.0.1:${address.port}`,
    throttleNext: (count, scope = {}) => setPlan('throttle', count, 1, scope),
    throttleEvery: (nth, scope = {}) => setPlan('throttle', Number.POSITIVE_INFINITY, nth, scope),
    denyNext: (count, scope = {}) => setPlan('deny', count, 1, scope),
    passThrough: () => (plan = undefined),
    counts: () => ({ ...counts, byService: { ...counts.byService } }),
    close: async () => {
      server.closeAllConnections();
      server.close();
      agent.destroy();
      await once(server, 'close');
    },
  };
}

/** The service from the SigV4 credential scope: `Credential=AKID/20260101/eu-west-1/ec2/aws4_request`. */
function signingService(req: IncomingMessage): string {
  const match = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(
    req.headers.authorization ?? '',
  );
  return match?.[1] ?? 'unsigned';
}

function answerWithFault(
  req: IncomingMessage,
  res: ServerResponse,
  service: string,
  fault: AwsFault,
): void {
  const requestId = randomUUID();
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    answerJson(res, req.headers['content-type'], service, fault, requestId);
  } else if (service === 'ec2') {
    const [status, code, message] =
      fault === 'throttle'
        ? [503, 'RequestLimitExceeded', 'Request limit exceeded.']
        : [403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.'];
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
    send(res, status, { 'content-type': 'text/xml' }, body);
  } else {
    const [status, code, message] =
      fault === 'throttle'
        ? [400, 'Throttling', 'Rate exceeded']
        : [403, 'AccessDenied', `User is not authorized to perform this ${service} operation`];
    const body = `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    send(res, status, { 'content-type': 'text/xml' }, body);
  }
}

/**
 * AWS JSON errors. CloudWatch (`monitoring`) speaks JSON but keeps its query-protocol error
 * codes, which it names in the x-amzn-query-error header.
 */
function answerJson(
  res: ServerResponse,
  contentType: string | undefined,
  service: string,
  fault: AwsFault,
  requestId: string,
): void {
  const queryCompatible = service === 'monitoring';
  const [status, code, message] =
    fault === 'throttle'
      ? [400, queryCompatible ? 'Throttling' : 'ThrottlingException', 'Rate exceeded']
      : [
          queryCompatible ? 403 : 400,
          queryCompatible ? 'AccessDenied' : 'AccessDeniedException',
          `User is not authorized to perform this ${service} operation`,
        ];
  const headers: OutgoingHttpHeaders = {
    'content-type': contentType ?? 'application/x-amz-json-1.1',
    'x-amzn-requestid': requestId,
  };
  if (queryCompatible) headers['x-amzn-query-error'] = `${code};Sender`;
  send(res, status, headers, JSON.stringify({ __type: code, message }));
}

function send(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string) {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) }).end(body);
}
