export {
  BodyTooLarge,
  closeHttpServer,
  createHttpServer,
  listen,
  readBody,
  send,
  type HttpHandler,
  type HttpRoutes,
} from './http-server.js';
