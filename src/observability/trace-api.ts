// The API's first import (src/main.ts): tracing must start before http, express, Nest and pg load.
import { startTracingFromEnv } from './tracing';

startTracingFromEnv('subsidies-api');
