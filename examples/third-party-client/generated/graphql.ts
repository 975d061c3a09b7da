/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type CreateDealInput = {
  companyId: string;
  estimatedLives: number;
  /** Estimated annual value (BRL). */
  estimatedValue: string;
  expectedCloseDate?: string | null | undefined;
  planType?: PlanType | null | undefined;
  title: string;
};

export type DealFilter = {
  companyId?: string | null | undefined;
  /** Case-insensitive match on the company's legal or trade name. */
  companyName?: string | null | undefined;
  /** The company's segment (from the AccountSummary projection). */
  segment?: Segment | null | undefined;
  stages?: Array<DealStage> | null | undefined;
};

export type DealProblemReason =
  /** The company was erased (LGPD): no new deals for it. */
  | 'COMPANY_ERASED'
  /** No company with that id in the caller's tenant (the same answer for an id of another tenant). */
  | 'COMPANY_NOT_FOUND'
  /** A deal moves forward one or more stages or back exactly one; a closed deal reopens only into an open stage. */
  | 'INVALID_TRANSITION'
  /** CLOSED_LOST needs a lostReason. */
  | 'LOST_REASON_REQUIRED'
  /** Entering PROPOSAL (or moving past it from an earlier stage) needs a meddicScore of at least 50. */
  | 'MEDDIC_SCORE_TOO_LOW'
  /** CLOSED_WON needs a CHAMPION contact on the company. */
  | 'MISSING_CHAMPION'
  /** CLOSED_WON needs an ECONOMIC_BUYER contact on the company. */
  | 'MISSING_ECONOMIC_BUYER'
  /** The company is not known here yet: `eventId` is the event (sent as Salesgraph-After-Event) to wait for with eventStatus before retrying. */
  | 'NOT_YET_VISIBLE'
  /** The deal changed since the client read it: re-read and retry with the new version. */
  | 'STALE_VERSION'
  /** The deal is closed: only a SALES_MANAGER or above may reopen it, and a closed deal is not edited. */
  | 'TERMINAL_STAGE';

/** Pipeline stages, in order. */
export type DealStage =
  | 'CLOSED_LOST'
  | 'CLOSED_WON'
  | 'DISCOVERY'
  | 'LEAD'
  | 'NEGOTIATION'
  | 'PROPOSAL'
  | 'QUALIFICATION';

export type PlanType =
  | 'AMBULATORIAL'
  | 'HOSPITALAR'
  | 'HOSPITALAR_OBSTETRICIA'
  | 'ODONTOLOGICO'
  | 'REFERENCIA';

/** Derived from employee count: SMB < 100, MID 100-999, ENTERPRISE >= 1000. */
export type Segment =
  | 'ENTERPRISE'
  | 'MID'
  | 'SMB';

export type PartnerDealsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: DealFilter | null | undefined;
}>;


export type PartnerDealsQuery = { deals: { edges: Array<{ node: { id: string, title: string, stage: DealStage, estimatedValue: string, expectedCloseDate: string | null, company: { legalName: string, cnpj: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type PartnerCreateDealMutationVariables = Exact<{
  input: CreateDealInput;
}>;


export type PartnerCreateDealMutation = { createDeal: { eventId: string | null, deal: { id: string, stage: DealStage, version: number } | null, problem: { reason: DealProblemReason, message: string } | null } };

export type PartnerDealChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type PartnerDealChangedSubscription = { dealChanged: { cursor: string, eventType: string, deal: { id: string, stage: DealStage } | null } };

export type PartnerPipelineQueryVariables = Exact<{ [key: string]: never; }>;


export type PartnerPipelineQuery = { pipeline: { totals: { count: number, totalValue: string, weightedValue: string }, stages: Array<{ stage: DealStage, count: number, weightedValue: string }> } };


export const PartnerDealsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PartnerDeals"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DealFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedValue"}},{"kind":"Field","name":{"kind":"Name","value":"expectedCloseDate"}},{"kind":"Field","name":{"kind":"Name","value":"company"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"legalName"}},{"kind":"Field","name":{"kind":"Name","value":"cnpj"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<PartnerDealsQuery, PartnerDealsQueryVariables>;
export const PartnerCreateDealDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PartnerCreateDeal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateDealInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createDeal"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"problem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}}]}}]}}]} as unknown as DocumentNode<PartnerCreateDealMutation, PartnerCreateDealMutationVariables>;
export const PartnerDealChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PartnerDealChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dealChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"deal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}}]}}]}}]}}]} as unknown as DocumentNode<PartnerDealChangedSubscription, PartnerDealChangedSubscriptionVariables>;
export const PartnerPipelineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PartnerPipeline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipeline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"totalValue"}},{"kind":"Field","name":{"kind":"Name","value":"weightedValue"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"weightedValue"}}]}}]}}]}}]} as unknown as DocumentNode<PartnerPipelineQuery, PartnerPipelineQueryVariables>;