// The worker's first import (src/worker.ts): tracing must start before pg and the activities load.
import { startTracingFromEnv } from './tracing';

startTracingFromEnv('subsidies-worker');
