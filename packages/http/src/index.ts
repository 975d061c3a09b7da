export {
  createHttpServer,
  closeHttpServer,
  listen,
  sendJson,
  type HttpRoutes,
  type HttpRoute,
  type HttpRouteRequest,
} from './http-server.js';
