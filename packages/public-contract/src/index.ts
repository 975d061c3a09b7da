export { Public, RequiresScopes, Authenticated } from './decorators.js';
export { publicContractSupergraph, ContractError, PUBLIC_TAG } from './contract.js';
export {
  supergraphForApolloGateway,
  accessRequirements,
  requirementOf,
  type AccessRequirement,
  type AccessRequirements,
} from './security.js';
export { apiSchemaOf, printApiSchema } from './api-schema.js';
export { checkSchemaEvolution, type SchemaChange, type SchemaEvolution } from './schema-evolution.js';
export {
  renderPublicDocs,
  examplesFrom,
  readDocsExamples,
  publicDocsFromSupergraph,
  type DocsExample,
  type PublicDocsInput,
} from './docs.js';
