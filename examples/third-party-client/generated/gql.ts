/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query PartnerDeals($first: Int!, $after: String, $filter: DealFilter) {\n  deals(first: $first, after: $after, filter: $filter) {\n    edges {\n      node {\n        id\n        title\n        stage\n        estimatedValue\n        expectedCloseDate\n        company {\n          legalName\n          cnpj\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation PartnerCreateDeal($input: CreateDealInput!) {\n  createDeal(input: $input) {\n    deal {\n      id\n      stage\n      version\n    }\n    problem {\n      reason\n      message\n    }\n    eventId\n  }\n}\n\nsubscription PartnerDealChanged {\n  dealChanged {\n    cursor\n    eventType\n    deal {\n      id\n      stage\n    }\n  }\n}": typeof types.PartnerDealsDocument,
    "query PartnerPipeline {\n  pipeline {\n    totals {\n      count\n      totalValue\n      weightedValue\n    }\n    stages {\n      stage\n      count\n      weightedValue\n    }\n  }\n}": typeof types.PartnerPipelineDocument,
};
const documents: Documents = {
    "query PartnerDeals($first: Int!, $after: String, $filter: DealFilter) {\n  deals(first: $first, after: $after, filter: $filter) {\n    edges {\n      node {\n        id\n        title\n        stage\n        estimatedValue\n        expectedCloseDate\n        company {\n          legalName\n          cnpj\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation PartnerCreateDeal($input: CreateDealInput!) {\n  createDeal(input: $input) {\n    deal {\n      id\n      stage\n      version\n    }\n    problem {\n      reason\n      message\n    }\n    eventId\n  }\n}\n\nsubscription PartnerDealChanged {\n  dealChanged {\n    cursor\n    eventType\n    deal {\n      id\n      stage\n    }\n  }\n}": types.PartnerDealsDocument,
    "query PartnerPipeline {\n  pipeline {\n    totals {\n      count\n      totalValue\n      weightedValue\n    }\n    stages {\n      stage\n      count\n      weightedValue\n    }\n  }\n}": types.PartnerPipelineDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PartnerDeals($first: Int!, $after: String, $filter: DealFilter) {\n  deals(first: $first, after: $after, filter: $filter) {\n    edges {\n      node {\n        id\n        title\n        stage\n        estimatedValue\n        expectedCloseDate\n        company {\n          legalName\n          cnpj\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation PartnerCreateDeal($input: CreateDealInput!) {\n  createDeal(input: $input) {\n    deal {\n      id\n      stage\n      version\n    }\n    problem {\n      reason\n      message\n    }\n    eventId\n  }\n}\n\nsubscription PartnerDealChanged {\n  dealChanged {\n    cursor\n    eventType\n    deal {\n      id\n      stage\n    }\n  }\n}"): (typeof documents)["query PartnerDeals($first: Int!, $after: String, $filter: DealFilter) {\n  deals(first: $first, after: $after, filter: $filter) {\n    edges {\n      node {\n        id\n        title\n        stage\n        estimatedValue\n        expectedCloseDate\n        company {\n          legalName\n          cnpj\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation PartnerCreateDeal($input: CreateDealInput!) {\n  createDeal(input: $input) {\n    deal {\n      id\n      stage\n      version\n    }\n    problem {\n      reason\n      message\n    }\n    eventId\n  }\n}\n\nsubscription PartnerDealChanged {\n  dealChanged {\n    cursor\n    eventType\n    deal {\n      id\n      stage\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PartnerPipeline {\n  pipeline {\n    totals {\n      count\n      totalValue\n      weightedValue\n    }\n    stages {\n      stage\n      count\n      weightedValue\n    }\n  }\n}"): (typeof documents)["query PartnerPipeline {\n  pipeline {\n    totals {\n      count\n      totalValue\n      weightedValue\n    }\n    stages {\n      stage\n      count\n      weightedValue\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;