import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { type EventOf, payloadProblems, type Topic, TOPICS } from '@codex/contracts';
import type { IHeaders } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';

import { currentTraceparent } from './trace-context';

export const CONTENT_TYPE = 'application/protobuf';

/** CloudEvents 1.0 attributes, carried as Kafka headers (binary content mode). */
export interface EventEnvelope {
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  tenantId: string;
  traceparent: string;
}

export interface EventMetadata {
  /** Aggregate id (resource URN, action id…): the Kafka key, so one aggregate's events stay ordered. */
  key: string;
  tenantId: string;
  /** Defaults to the key. */
  subject?: string;
}

export interface EncodedEvent {
  id: string;
  key: string;
  headers: Record<string, string>;
  value: Buffer;
}

export interface DeliveredEvent<T extends Topic> {
  topic: T;
  key: string;
  envelope: EventEnvelope;
  payload: EventOf<T>;
}

export class MalformedEventError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MalformedEventError';
  }
}

/**
 * One event as it goes to Kafka: CloudEvents headers and the protobuf payload. `traceparent`
 * is the trace it belongs to, by default the active one (events written together share it).
 */
export function encodeEvent<T extends Topic>(
  topic: T,
  payload: EventOf<T>,
  metadata: EventMetadata,
  source: string,
  traceparent: string = currentTraceparent(),
): EncodedEvent {
  const id = uuidv7();
  const definition = TOPICS[topic];
  return {
    id,
    key: metadata.key,
    headers: {
      ce_specversion: '1.0',
      ce_id: id,
      ce_source: source,
      ce_type: definition.eventType,
      ce_time: new Date().toISOString(),
      ce_subject: metadata.subject ?? metadata.key,
      ce_tenantid: metadata.tenantId,
      'content-type': CONTENT_TYPE,
      traceparent,
    },
    value: Buffer.from(toBinary(definition.schema, payload)),
  };
}

/** Reads one Kafka record of a topic, or throws MalformedEventError saying what is wrong. */
export function decodeEvent<T extends Topic>(
  topic: T,
  record: { key: Buffer | null; value: Buffer | null; headers?: IHeaders },
): DeliveredEvent<T> {
  const header = (name: string): string => {
    const raw = record.headers?.[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined) throw new MalformedEventError(`missing header ${name}`);
    return value.toString();
  };
  const definition = TOPICS[topic];
  if (header('ce_specversion') !== '1.0')
    throw new MalformedEventError('ce_specversion is not 1.0');
  if (header('ce_type') !== definition.eventType) {
    throw new MalformedEventError(`ce_type ${header('ce_type')} is not ${definition.eventType}`);
  }
  if (header('content-type') !== CONTENT_TYPE) {
    throw new MalformedEventError(`content-type ${header('content-type')} is not ${CONTENT_TYPE}`);
  }
  const id = header('ce_id');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new MalformedEventError(`ce_id ${id} is not a UUID`);
  }
  if (!record.key?.length) throw new MalformedEventError('missing key');
  if (!record.value) throw new MalformedEventError('missing value');
  let payload: EventOf<T>;
  try {
    payload = fromBinary(definition.schema, record.value) as EventOf<T>;
  } catch (error) {
    throw new MalformedEventError(
      `payload is not a ${definition.schema.typeName}: ${String(error)}`,
    );
  }
  const problems = payloadProblems(topic, payload);
  if (problems.length > 0)
    throw new MalformedEventError(`invalid ${topic} payload: ${problems.join('; ')}`);
  return {
    topic,
    key: record.key.toString(),
    envelope: {
      id,
      source: header('ce_source'),
      type: header('ce_type'),
      time: header('ce_time'),
      subject: header('ce_subject'),
      tenantId: header('ce_tenantid'),
      traceparent: header('traceparent'),
    },
    payload,
  };
}
