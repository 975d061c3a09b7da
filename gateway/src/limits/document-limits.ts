import { Kind, Lexer, Source, TokenKind, visit, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { CostModel } from '../cost/cost-model.js';
import { estimateCost } from '../cost/estimate-cost.js';
import { fragmentsOf, operationsOf } from '../cost/cost-rules.js';

/** How big a document may be; checked before validation and planning. */
export interface DocumentLimits {
  /** Nesting of fields (fragments and inline fragments add no level). */
  readonly depth: number;
  /** Aliases in the whole document. */
  readonly aliases: number;
  /** Directive uses in the whole document. */
  readonly directives: number;
  /** Lexical tokens (graphql's lexer; comments are not tokens). */
  readonly tokens: number;
  /** Requested cost of the operation (`estimateCost`). */
  readonly cost: number;
}

export type DocumentLimitName = 'depth' | 'aliases' | 'directives' | 'tokens' | 'cost';

export interface LimitExceeded {
  readonly limit: DocumentLimitName;
  readonly max: number;
}

export interface MeasureOptions {
  /** The API schema and its `@cost`/`@listSize`. Without it every field costs 1. */
  readonly costModel?: CostModel | undefined;
  /** The request's variables (`first: $n` costs what `$n` is). */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** The operation the request runs (the costliest one when absent). */
  readonly operationName?: string | null | undefined;
  /** `__schema` and `__type` selections are not measured (only when introspection is allowed). */
  readonly ignoreIntrospection?: boolean;
}

const introspectionRoots = new Set(['__schema', '__type']);

/**
 * Counts the document's tokens with graphql's lexer, stopping at `stopAfter + 1`, so a huge
 * document costs no more than the limit. Throws graphql's syntax error for an invalid character.
 */
export function countTokens(source: string, stopAfter: number): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) {
    count += 1;
    if (count > stopAfter) break;
  }
  return count;
}

/** Aliases and directive uses anywhere in the document (unused fragments included). */
export function countAliasesAndDirectives(document: DocumentNode): { aliases: number; directives: number } {
  let aliases = 0;
  let directives = 0;
  visit(document, {
    Field(node) {
      if (node.alias) aliases += 1;
    },
    Directive() {
      directives += 1;
    },
  });
  return { aliases, directives };
}

/**
 * The deepest field nesting of any operation, following fragment spreads. Each fragment is
 * measured once; a spread that closes a cycle or names no fragment adds nothing (validation
 * refuses such documents right after).
 */
export function documentDepth(document: DocumentNode, { ignoreIntrospection = false }: MeasureOptions = {}): number {
  const fragments = fragmentsOf(document);
  const memo = new Map<string, number>();
  const visiting = new Set<string>();

  function fragmentDepth(name: string): number {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || visiting.has(name)) return 0;
    visiting.add(name);
    const depth = selectionDepth(fragment.selectionSet);
    visiting.delete(name);
    memo.set(name, depth);
    return depth;
  }

  function selectionDepth(selectionSet: SelectionSetNode): number {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (ignoreIntrospection && introspectionRoots.has(selection.name.value)) continue;
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? selectionDepth(selection.selectionSet) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, selectionDepth(selection.selectionSet));
      } else {
        deepest = Math.max(deepest, fragmentDepth(selection.name.value));
      }
    }
    return deepest;
  }

  return Math.max(0, ...operationsOf(document).map((operation) => selectionDepth(operation.selectionSet)));
}

/**
 * The variables whose values the cost may read (those passed directly as a field's argument:
 * slicing arguments are): with the same values for these, the same document, operation and
 * schema cost the same.
 */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Field(node) {
      for (const argument of node.arguments ?? []) {
        if (argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
      }
    },
  });
  return [...names];
}

/**
 * The first limit a parsed document exceeds, or undefined. Tokens are checked before parsing
 * (`countTokens`); this checks the rest, cheapest first.
 */
export function exceededLimit(
  document: DocumentNode,
  limits: DocumentLimits,
  options: MeasureOptions = {},
): LimitExceeded | undefined {
  const { aliases, directives } = countAliasesAndDirectives(document);
  if (aliases > limits.aliases) return { limit: 'aliases', max: limits.aliases };
  if (directives > limits.directives) return { limit: 'directives', max: limits.directives };
  if (documentDepth(document, options) > limits.depth) return { limit: 'depth', max: limits.depth };
  if (estimateCost(options.costModel, document, options) > limits.cost) return { limit: 'cost', max: limits.cost };
  return undefined;
}

/**
 * Whether JSON-like `value` (request variables) stays within `maxBytes` when serialized and
 * within `maxNesting` levels. Walks iteratively: a deeply nested value cannot overflow the stack.
 */
export function withinJsonSize(value: unknown, maxBytes: number, maxNesting: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  let bytes = 0;
  while (pending.length > 0) {
    const [current, level] = pending.pop()!;
    if (level > maxNesting) return false;
    if (Array.isArray(current)) {
      bytes += 2 + Math.max(0, current.length - 1);
      for (const item of current) pending.push([item, level + 1]);
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      bytes += 2 + Math.max(0, entries.length - 1);
      for (const [key, item] of entries) {
        bytes += Buffer.byteLength(JSON.stringify(key)) + 1;
        pending.push([item, level + 1]);
      }
    } else {
      bytes += Buffer.byteLength(JSON.stringify(current) ?? 'null');
    }
    if (bytes > maxBytes) return false;
  }
  return true;
}
