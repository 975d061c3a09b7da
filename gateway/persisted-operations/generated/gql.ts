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
    "query MobileCompanies($first: Int!, $after: String) {\n  companies(first: $first, after: $after) {\n    edges {\n      node {\n        id\n        legalName\n        tradeName\n        segment\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.MobileCompaniesDocument,
    "query MobileCompany($id: ID!) {\n  company(id: $id) {\n    ...MobileCompanySummary\n    employeeCount\n    contacts {\n      id\n    }\n  }\n}\n\nfragment MobileCompanySummary on Company {\n  id\n  legalName\n  tradeName\n  segment\n  version\n}": typeof types.MobileCompanyDocument,
    "mutation MobileCreateCompany($input: CreateCompanyInput!) {\n  createCompany(input: $input) {\n    company {\n      id\n      legalName\n      version\n    }\n    problem {\n      reason\n      message\n    }\n  }\n}": typeof types.MobileCreateCompanyDocument,
    "query MobileDeal($id: ID!) {\n  deal(id: $id) {\n    id\n    title\n    stage\n    estimatedValue\n    estimatedLives\n    expectedCloseDate\n    version\n    company {\n      id\n      legalName\n    }\n  }\n}": typeof types.MobileDealDocument,
};
const documents: Documents = {
    "query MobileCompanies($first: Int!, $after: String) {\n  companies(first: $first, after: $after) {\n    edges {\n      node {\n        id\n        legalName\n        tradeName\n        segment\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.MobileCompaniesDocument,
    "query MobileCompany($id: ID!) {\n  company(id: $id) {\n    ...MobileCompanySummary\n    employeeCount\n    contacts {\n      id\n    }\n  }\n}\n\nfragment MobileCompanySummary on Company {\n  id\n  legalName\n  tradeName\n  segment\n  version\n}": types.MobileCompanyDocument,
    "mutation MobileCreateCompany($input: CreateCompanyInput!) {\n  createCompany(input: $input) {\n    company {\n      id\n      legalName\n      version\n    }\n    problem {\n      reason\n      message\n    }\n  }\n}": types.MobileCreateCompanyDocument,
    "query MobileDeal($id: ID!) {\n  deal(id: $id) {\n    id\n    title\n    stage\n    estimatedValue\n    estimatedLives\n    expectedCloseDate\n    version\n    company {\n      id\n      legalName\n    }\n  }\n}": types.MobileDealDocument,
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
export function graphql(source: "query MobileCompanies($first: Int!, $after: String) {\n  companies(first: $first, after: $after) {\n    edges {\n      node {\n        id\n        legalName\n        tradeName\n        segment\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query MobileCompanies($first: Int!, $after: String) {\n  companies(first: $first, after: $after) {\n    edges {\n      node {\n        id\n        legalName\n        tradeName\n        segment\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MobileCompany($id: ID!) {\n  company(id: $id) {\n    ...MobileCompanySummary\n    employeeCount\n    contacts {\n      id\n    }\n  }\n}\n\nfragment MobileCompanySummary on Company {\n  id\n  legalName\n  tradeName\n  segment\n  version\n}"): (typeof documents)["query MobileCompany($id: ID!) {\n  company(id: $id) {\n    ...MobileCompanySummary\n    employeeCount\n    contacts {\n      id\n    }\n  }\n}\n\nfragment MobileCompanySummary on Company {\n  id\n  legalName\n  tradeName\n  segment\n  version\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation MobileCreateCompany($input: CreateCompanyInput!) {\n  createCompany(input: $input) {\n    company {\n      id\n      legalName\n      version\n    }\n    problem {\n      reason\n      message\n    }\n  }\n}"): (typeof documents)["mutation MobileCreateCompany($input: CreateCompanyInput!) {\n  createCompany(input: $input) {\n    company {\n      id\n      legalName\n      version\n    }\n    problem {\n      reason\n      message\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MobileDeal($id: ID!) {\n  deal(id: $id) {\n    id\n    title\n    stage\n    estimatedValue\n    estimatedLives\n    expectedCloseDate\n    version\n    company {\n      id\n      legalName\n    }\n  }\n}"): (typeof documents)["query MobileDeal($id: ID!) {\n  deal(id: $id) {\n    id\n    title\n    stage\n    estimatedValue\n    estimatedLives\n    expectedCloseDate\n    version\n    company {\n      id\n      legalName\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;