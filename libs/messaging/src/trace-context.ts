import { randomBytes } from 'node:crypto';

import { type Context, context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * W3C traceparent for an event published now: the active trace when there is one,
 * otherwise a new trace, so every event can be followed downstream.
 */
export function currentTraceparent(): string {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const active = carrier.traceparent;
  if (active && TRACEPARENT.test(active)) {
    return active;
  }
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/** The trace context an event carried, to process it under. */
export function contextFrom(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}
