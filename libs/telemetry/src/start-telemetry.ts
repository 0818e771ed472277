import type { TelemetryConfig } from '@codex/config';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace';

export interface Telemetry {
  shutdown(): Promise<void>;
}

const disabled: Telemetry = { shutdown: () => Promise.resolve() };

/**
 * Starts tracing. Call before anything else is imported, so the instrumentations
 * can patch http, pg and ioredis as they load. With exporter `none` nothing is patched.
 */
export function startTelemetry(config: TelemetryConfig): Telemetry {
  const exporter = createExporter(config);
  if (exporter === undefined) {
    return disabled;
  }
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    traceExporter: exporter,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => isProbe(req.url) }),
      new PgInstrumentation(),
      new IORedisInstrumentation(),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

function createExporter(config: TelemetryConfig): SpanExporter | undefined {
  switch (config.exporter) {
    case 'none':
      return undefined;
    case 'console':
      return new ConsoleSpanExporter();
    case 'otlp':
      return new OTLPTraceExporter(
        config.otlpEndpoint ? { url: `${config.otlpEndpoint.replace(/\/$/, '')}/v1/traces` } : {},
      );
  }
}

function isProbe(url: string | undefined): boolean {
  return url !== undefined && (url.startsWith('/health/') || url === '/metrics');
}
