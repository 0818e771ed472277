import { startTelemetry } from '@codex/telemetry';

import { loadConfig } from './config';

const config = loadConfig();
const telemetry = startTelemetry(config.telemetry);

// Loaded only now, so OpenTelemetry patches http, pg and ioredis before they are first required.
import('./app.module.js')
  .then(({ run }) => run(process.argv.slice(2), config, telemetry))
  .catch((error: unknown) => {
    process.stderr.write(`${config.service}: failed to start: ${String(error)}\n`);
    process.exit(1);
  });
