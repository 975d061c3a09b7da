export { createHttpServer, closeHttpServer, listen, type HttpRoutes } from './http-server.js';
export { createProbeServer, type ProbeRoutes } from './probes.js';
