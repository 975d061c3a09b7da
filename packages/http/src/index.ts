export { createHttpServer, closeHttpServer, listen, type HttpRoutes } from './http-server.js';
