export { waitFor, type WaitForOptions } from './wait-for.js';
export { createTestDatabase, type TestDatabase } from './database.js';
export { startService, type RunningService, type StartServiceOptions } from './service-process.js';
export { uniqueName, testKafkaBrokers, freePort, TEST_IDENTITY_SECRET } from './names.js';
export { graphqlRequest, graphqlRequestAs, type GraphQLResponse } from './graphql-request.js';
export {
  subgraphTestEnv,
  startSubgraphProcess,
  startIsolatedSubgraph,
  type RunningSubgraph,
  type IsolatedSubgraph,
} from './subgraph-process.js';
export { identityHeaders } from './identity-headers.js';
export {
  startOidcTestIssuer,
  API_AUDIENCE,
  API_RESOURCE,
  RS256_RESOURCE,
  OTHER_RESOURCE,
  CLIENT_SECRET,
  type OidcTestIssuer,
  type OidcTestClient,
} from './oidc-test-issuer.js';
export { startPasswordPostgres, type PasswordPostgres } from './password-postgres.js';
export {
  startLocalHttpServer,
  type LocalHttpServer,
  type LocalReply,
  type RecordedRequest,
} from './local-http-server.js';
export { throwawayBroker, type ThrowawayBroker, type ThrowawayBrokerOptions } from './throwaway-broker.js';
