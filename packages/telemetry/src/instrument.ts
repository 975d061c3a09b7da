import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

/**
 * The PostgreSQL instrumentation, hooked into module loading before `pg` is loaded: import this
 * module FIRST in a process's main.ts (`import '@salesgraph/telemetry/instrument'`). It stays
 * disabled — `pg` is not patched, queries cost nothing extra — until `startTracing` enables it.
 */
export const pgInstrumentation = new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false });
registerInstrumentations({ instrumentations: [pgInstrumentation] });
pgInstrumentation.disable();
