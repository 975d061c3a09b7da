import {
  Kind,
  Lexer,
  Source,
  TokenKind,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

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
  /** Static cost of the costliest operation (see `operationCost`). */
  readonly cost: number;
  /** Cost multiplier of a list field without `first`/`last` outside a paginated field. */
  readonly defaultListSize: number;
}

export type DocumentLimitName = 'depth' | 'aliases' | 'directives' | 'tokens' | 'cost';

export interface LimitExceeded {
  readonly limit: DocumentLimitName;
  readonly max: number;
}

export interface MeasureOptions {
  /** The API schema: tells list fields and `first` defaults apart. Without it every field counts 1. */
  readonly schema?: GraphQLSchema;
  /** The request's variables (`first: $n` costs what `$n` is). */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** `__schema` and `__type` selections are not measured (only when introspection is allowed). */
  readonly ignoreIntrospection?: boolean;
}

const introspectionRoots = new Set(['__schema', '__type']);
const paginationArguments = ['first', 'last'];

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

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(definition.name.value)) {
      fragments.set(definition.name.value, definition);
    }
  }
  return fragments;
}

function operationsOf(document: DocumentNode): OperationDefinitionNode[] {
  return document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
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

function fieldDefinition(
  parent: GraphQLNamedType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}

/** `first`/`last` of a field: the literal, else the variable's value or default, else the schema default. */
function pageSize(
  field: FieldNode,
  definition: GraphQLField<unknown, unknown> | undefined,
  variables: Readonly<Record<string, unknown>>,
  variableDefaults: ReadonlyMap<string, number>,
): number | undefined {
  for (const name of paginationArguments) {
    const argument = field.arguments?.find((candidate) => candidate.name.value === name);
    let value: unknown;
    if (argument?.value.kind === Kind.INT) value = Number(argument.value.value);
    else if (argument?.value.kind === Kind.VARIABLE) {
      const variable = argument.value.name.value;
      value = variables[variable] ?? variableDefaults.get(variable);
    } else if (!argument) value = definition?.args.find((candidate) => candidate.name === name)?.defaultValue;
    if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, Math.trunc(value));
  }
  return undefined;
}

/**
 * Static cost of one operation, the same number for the same document and variables:
 * - every selected field costs 1 (`__typename` included);
 * - a field with `first`/`last` (literal, variable, or the schema's default) multiplies the
 *   cost of its selection by that number; the list fields directly inside it (a connection's
 *   `edges`/`nodes`) are not multiplied again;
 * - any other list field multiplies its selection by `defaultListSize`;
 * - fragments cost what their selection costs where they are spread.
 */
export function operationCost(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  defaultListSize: number,
  { schema, variables = {}, ignoreIntrospection = false }: MeasureOptions = {},
): number {
  const fragments = fragmentsOf(document);
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const variableDefaults = new Map<string, number>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue?.kind === Kind.INT)
      variableDefaults.set(definition.variable.name.value, Number(definition.defaultValue.value));
  }

  function fragmentCost(name: string, insidePaginated: boolean): number {
    const key = `${name}:${insidePaginated}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || visiting.has(name)) return 0;
    visiting.add(name);
    const cost = selectionCost(
      fragment.selectionSet,
      schema?.getType(fragment.typeCondition.name.value),
      insidePaginated,
    );
    visiting.delete(name);
    memo.set(key, cost);
    return cost;
  }

  function fieldCost(field: FieldNode, parent: GraphQLNamedType | undefined, insidePaginated: boolean): number {
    if (ignoreIntrospection && introspectionRoots.has(field.name.value)) return 0;
    const definition = fieldDefinition(parent, field.name.value);
    const size = pageSize(field, definition, variables, variableDefaults);
    const returnsList = definition !== undefined && isListType(getNullableType(definition.type));
    const multiplier = size ?? (returnsList && !insidePaginated ? defaultListSize : 1);
    if (!field.selectionSet) return 1;
    return (
      1 +
      multiplier *
        selectionCost(field.selectionSet, definition ? getNamedType(definition.type) : undefined, size !== undefined)
    );
  }

  function selectionCost(
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType | undefined,
    insidePaginated: boolean,
  ): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) total += fieldCost(selection, parent, insidePaginated);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema?.getType(selection.typeCondition.name.value) : parent;
        total += selectionCost(selection.selectionSet, type, insidePaginated);
      } else total += fragmentCost(selection.name.value, insidePaginated);
    }
    return total;
  }

  const root =
    operation.operation === 'query'
      ? schema?.getQueryType()
      : operation.operation === 'mutation'
        ? schema?.getMutationType()
        : schema?.getSubscriptionType();
  return selectionCost(operation.selectionSet, root ?? undefined, false);
}

/**
 * The variables whose values `operationCost` reads (those passed as `first`/`last`): with the
 * same values for these, the same document and schema measure the same.
 */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (paginationArguments.includes(node.name.value) && node.value.kind === Kind.VARIABLE)
        names.add(node.value.name.value);
    },
  });
  return [...names];
}

/** The costliest operation of the document. */
export function documentCost(document: DocumentNode, defaultListSize: number, options: MeasureOptions = {}): number {
  return Math.max(
    0,
    ...operationsOf(document).map((operation) => operationCost(document, operation, defaultListSize, options)),
  );
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
  if (documentCost(document, limits.defaultListSize, options) > limits.cost) return { limit: 'cost', max: limits.cost };
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
