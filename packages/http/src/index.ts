export {
  createHttpServer,
  closeHttpServer,
  findRoute,
  healthRoutes,
  isClosing,
  listen,
  metricsRoute,
  send,
  type HttpServerOptions,
  type RequestHandler,
  type Route,
  type UpgradeHandler,
} from './http-server.js';
export { graphqlHandler, type GraphqlHandlerOptions } from './graphql-route.js';
export { BodyTooLarge, readBody, handlerRoutes, type HttpHandler } from './request-body.js';
