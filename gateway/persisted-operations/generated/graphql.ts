/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type CompanyProblemReason =
  | 'DUPLICATE_CNPJ'
  | 'DUPLICATE_EXTERNAL_ID'
  | 'HIERARCHY_CYCLE'
  /** No company with that parentId in the caller's tenant (the same answer for an id of another tenant). */
  | 'PARENT_NOT_FOUND'
  | 'STALE_VERSION';

export type CreateCompanyInput = {
  businessUnit?: string | null | undefined;
  /** 14 digits; dots, slash and dash are accepted and removed. */
  cnpj: string;
  countryCode?: string | null | undefined;
  employeeCount: number;
  externalId?: string | null | undefined;
  industry?: string | null | undefined;
  legalName: string;
  /** Defaults to the caller. */
  ownerId?: string | null | undefined;
  parentId?: string | null | undefined;
  salesChannel?: SalesChannel | null | undefined;
  sourceSystem?: SourceSystem | null | undefined;
  storeCode?: string | null | undefined;
  tradeName?: string | null | undefined;
};

/** Pipeline stages, in order. */
export type DealStage =
  | 'CLOSED_LOST'
  | 'CLOSED_WON'
  | 'DISCOVERY'
  | 'LEAD'
  | 'NEGOTIATION'
  | 'PROPOSAL'
  | 'QUALIFICATION';

export type SalesChannel =
  | 'CALL_CENTER'
  | 'MOBILE'
  | 'PARTNER'
  | 'STORE'
  | 'WEB';

/** Derived from employee count: SMB < 100, MID 100-999, ENTERPRISE >= 1000. */
export type Segment =
  | 'ENTERPRISE'
  | 'MID'
  | 'SMB';

export type SourceSystem =
  | 'CUSTOM'
  | 'DIRECT'
  | 'PYXIS'
  | 'SAP'
  | 'TEMPO';

export type MobileCompaniesQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type MobileCompaniesQuery = { companies: { edges: Array<{ node: { id: string, legalName: string, tradeName: string | null, segment: Segment } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MobileCompanyQueryVariables = Exact<{
  id: string;
}>;


export type MobileCompanyQuery = { company: { employeeCount: number, id: string, legalName: string, tradeName: string | null, segment: Segment, version: number, contacts: Array<{ id: string }> } | null };

export type MobileCompanySummaryFragment = { id: string, legalName: string, tradeName: string | null, segment: Segment, version: number };

export type MobileCreateCompanyMutationVariables = Exact<{
  input: CreateCompanyInput;
}>;


export type MobileCreateCompanyMutation = { createCompany: { company: { id: string, legalName: string, version: number } | null, problem: { reason: CompanyProblemReason, message: string } | null } };

export type MobileDealQueryVariables = Exact<{
  id: string;
}>;


export type MobileDealQuery = { deal: { id: string, title: string, stage: DealStage, estimatedValue: string, estimatedLives: number, expectedCloseDate: string | null, version: number, company: { id: string, legalName: string } | null } | null };

export const MobileCompanySummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MobileCompanySummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Company"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"legalName"}},{"kind":"Field","name":{"kind":"Name","value":"tradeName"}},{"kind":"Field","name":{"kind":"Name","value":"segment"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<MobileCompanySummaryFragment, unknown>;
export const MobileCompaniesDocument = {"__meta__":{"hash":"sha256:b2783782667e59c0dfe974c706c2904a682cde706008a48b5ec25c720608a1f9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MobileCompanies"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"companies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"legalName"}},{"kind":"Field","name":{"kind":"Name","value":"tradeName"}},{"kind":"Field","name":{"kind":"Name","value":"segment"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<MobileCompaniesQuery, MobileCompaniesQueryVariables>;
export const MobileCompanyDocument = {"__meta__":{"hash":"sha256:e88931bb5f58d859a7ec8035fb9e9254b5d89d23f433d1e866f45445637ea194"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MobileCompany"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"company"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MobileCompanySummary"}},{"kind":"Field","name":{"kind":"Name","value":"employeeCount"}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MobileCompanySummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Company"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"legalName"}},{"kind":"Field","name":{"kind":"Name","value":"tradeName"}},{"kind":"Field","name":{"kind":"Name","value":"segment"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<MobileCompanyQuery, MobileCompanyQueryVariables>;
export const MobileCreateCompanyDocument = {"__meta__":{"hash":"sha256:f01ca0d53fcc15438faa4ede1b94239f1530a7a747cc5a9673d274cb0a4317a1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MobileCreateCompany"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateCompanyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createCompany"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"company"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"legalName"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"problem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<MobileCreateCompanyMutation, MobileCreateCompanyMutationVariables>;
export const MobileDealDocument = {"__meta__":{"hash":"sha256:624e38a8955c282a24f9595aa1d322d2ac19c20fb774ed3a1502c18e0d86586c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MobileDeal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deal"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedValue"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedLives"}},{"kind":"Field","name":{"kind":"Name","value":"expectedCloseDate"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"company"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"legalName"}}]}}]}}]}}]} as unknown as DocumentNode<MobileDealQuery, MobileDealQueryVariables>;