import { GraphQLError, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import {
  costVariables,
  countTokens,
  exceededLimit,
  type DocumentLimits,
  type LimitExceeded,
} from './limits/document-limits.js';
import {
  planScalarInputs,
  scalarVariableProblem,
  type ScalarInputPlan,
  type ScalarInputProblem,
} from './limits/scalar-inputs.js';
import { tooComplex } from './request-refusal.js';
import type { CostModel } from './cost/cost-model.js';

/** Limit verdicts kept per document and schema. */
const VERDICTS_KEPT = 16;

export interface KnownDocument {
  readonly document: DocumentNode;
  /** The variables the cost reads; with the schema, their values decide the verdict. */
  readonly costVariables: readonly string[];
  readonly verdicts: WeakMap<CostModel, Map<string, LimitExceeded | undefined>>;
  readonly scalarPlans: WeakMap<GraphQLSchema, ScalarInputPlan>;
}

/**
 * Documents parsed within the token limit, by text, with their limit verdicts. Clients send
 * the same few documents over and over, and parsing (tokens counted, then parsed) and
 * measuring them was a visible share of the gateway's CPU per request. A verdict depends only
 * on the document, the cost model (schema), the operation and the values of the variables the
 * cost reads (`costVariables`), so it is kept by those (a few per document and schema). Documents are
 * immutable; the oldest text is forgotten first.
 */
export class KnownDocuments {
  private readonly documents = new Map<string, KnownDocument>();

  constructor(private readonly max: number) {}

  /** Undefined for a syntax error (Apollo reports it); throws when over the token limit. */
  parse(source: string, maxTokens: number): KnownDocument | undefined {
    const known = this.documents.get(source);
    if (known) return known;
    const document = parseWithinTokens(source, maxTokens);
    if (!document) return undefined;
    const parsed: KnownDocument = {
      document,
      costVariables: costVariables(document),
      verdicts: new WeakMap(),
      scalarPlans: new WeakMap(),
    };
    this.documents.set(source, parsed);
    if (this.documents.size > this.max) this.documents.delete(this.documents.keys().next().value!);
    return parsed;
  }

  exceeded(
    known: KnownDocument,
    limits: DocumentLimits,
    options: {
      costModel: CostModel | undefined;
      variables: Record<string, unknown>;
      operationName: string | undefined;
      ignoreIntrospection: boolean;
    },
  ): LimitExceeded | undefined {
    if (!options.costModel) return exceededLimit(known.document, limits, options);
    let verdicts = known.verdicts.get(options.costModel);
    if (!verdicts) known.verdicts.set(options.costModel, (verdicts = new Map()));
    const key = JSON.stringify([
      options.operationName ?? null,
      ...known.costVariables.map((name) => options.variables[name] ?? null),
    ]);
    if (verdicts.has(key)) return verdicts.get(key);
    const verdict = exceededLimit(known.document, limits, options);
    if (verdicts.size >= VERDICTS_KEPT) verdicts.clear();
    verdicts.set(key, verdict);
    return verdict;
  }

  /** The first literal or variable value our custom scalars refuse (the literals are checked once per schema). */
  scalarProblem(
    known: KnownDocument,
    schema: GraphQLSchema,
    variables: Readonly<Record<string, unknown>>,
  ): ScalarInputProblem | undefined {
    let plan = known.scalarPlans.get(schema);
    if (!plan) known.scalarPlans.set(schema, (plan = planScalarInputs(schema, known.document)));
    return plan.literalProblem ?? scalarVariableProblem(plan, variables);
  }
}

/** Parses a document within the token limit; undefined for a syntax error (Apollo reports it). */
function parseWithinTokens(source: string, maxTokens: number): DocumentNode | undefined {
  let tokens: number;
  try {
    tokens = countTokens(source, maxTokens);
  } catch (error) {
    if (error instanceof GraphQLError) return undefined;
    throw error;
  }
  if (tokens > maxTokens) throw tooComplex('tokens', maxTokens);
  try {
    return parse(source, { maxTokens, noLocation: true });
  } catch (error) {
    if (error instanceof GraphQLError) return undefined;
    throw error;
  }
}
