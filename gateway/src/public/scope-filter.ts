import {
  Kind,
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { satisfiesScopes } from '@salesgraph/auth';
import type { AccessRequirement, AccessRequirements } from '@salesgraph/public-contract';

/** A field taken out of the document: where it was (response keys, `@` for list items) and what it needs. */
export interface RemovedField {
  readonly path: readonly string[];
  /** The scopes that would have allowed it: all of one of the lists. */
  readonly scopes: readonly (readonly string[])[];
}

export interface ScopeFilterResult {
  /** The document to plan; null when nothing the caller may read is left. */
  readonly document: DocumentNode | null;
  /** In document order; empty when the caller may read everything. */
  readonly removed: readonly RemovedField[];
}

interface Filtered {
  readonly selectionSet: SelectionSetNode | null;
  readonly removed: readonly RemovedField[];
}

const isListOutput = (type: GraphQLOutputType): boolean =>
  isNonNullType(type) ? isListOutput(type.ofType) : isListType(type);

/** Every requirement of a field: its own and its type's (a field returning a scoped type needs that scope too). */
function requirementsOf(
  requirements: AccessRequirements,
  parent: string,
  field: string,
  returned: string,
): readonly AccessRequirement[] {
  return [requirements.fields.get(`${parent}.${field}`), requirements.types.get(returned)].filter(
    (requirement): requirement is AccessRequirement => requirement !== undefined,
  );
}

/**
 * Apollo Router's authorization, before planning: every field the caller's scopes do not
 * satisfy (`@requiresScopes` of the field or of the type it returns) is removed from the
 * document, with its path and the scopes it needs; a selection left empty removes its field
 * in turn; fragments and variables no longer used are dropped, so the rest still validates.
 * Unknown fields and types are left alone: validation refuses them as it would have.
 */
export function filterByScopes(
  document: DocumentNode,
  schema: GraphQLSchema,
  requirements: AccessRequirements,
  scopes: readonly string[],
): ScopeFilterResult {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const filteredFragments = new Map<string, Filtered>();
  const inProgress = new Set<string>();

  function filterFragment(name: string): Filtered | undefined {
    const known = filteredFragments.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    const type = fragment && schema.getType(fragment.typeCondition.name.value);
    if (!fragment || !type || !isCompositeType(type) || inProgress.has(name)) return undefined;
    inProgress.add(name);
    const result = filterSelectionSet(fragment.selectionSet, type, []);
    inProgress.delete(name);
    filteredFragments.set(name, result);
    return result;
  }

  function filterSelectionSet(
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType,
    path: readonly string[],
  ): Filtered {
    const removed: RemovedField[] = [];
    const selections: SelectionNode[] = [];
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const fieldDef = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
        if (name.startsWith('__') || !fieldDef) {
          selections.push(selection);
          continue;
        }
        const returned = getNamedType(fieldDef.type);
        const key = selection.alias?.value ?? name;
        const needed = requirementsOf(requirements, parent.name, name, returned.name);
        const missing = needed.find((requirement) => !satisfiesScopes(scopes, requirement.scopes));
        if (missing) {
          removed.push({ path: [...path, key], scopes: missing.scopes });
          continue;
        }
        if (!selection.selectionSet || !isCompositeType(returned)) {
          selections.push(selection);
          continue;
        }
        const childPath = isListOutput(fieldDef.type) ? [...path, key, '@'] : [...path, key];
        const child = filterSelectionSet(selection.selectionSet, returned, childPath);
        removed.push(...child.removed);
        if (child.selectionSet) selections.push({ ...selection, selectionSet: child.selectionSet });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (!type || !isCompositeType(type)) {
          selections.push(selection);
          continue;
        }
        const child = filterSelectionSet(selection.selectionSet, type, path);
        removed.push(...child.removed);
        if (child.selectionSet) selections.push({ ...selection, selectionSet: child.selectionSet });
      } else {
        const fragment = filterFragment(selection.name.value);
        if (!fragment) {
          selections.push(selection);
          continue;
        }
        removed.push(...fragment.removed.map((field) => ({ ...field, path: [...path, ...field.path] })));
        if (fragment.selectionSet) selections.push(selection);
      }
    }
    return { selectionSet: selections.length > 0 ? { ...selectionSet, selections } : null, removed };
  }

  const removed: RemovedField[] = [];
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = schema.getRootType(definition.operation);
    if (!root) {
      operations.push(definition);
      continue;
    }
    const filtered = filterSelectionSet(definition.selectionSet, root, []);
    removed.push(...filtered.removed);
    if (filtered.selectionSet) operations.push({ ...definition, selectionSet: filtered.selectionSet });
  }
  if (removed.length === 0) return { document, removed };
  if (operations.length === 0) return { document: null, removed };

  const kept: FragmentDefinitionNode[] = [];
  for (const [name] of fragments) {
    const filtered = filteredFragments.get(name);
    if (filtered?.selectionSet) kept.push({ ...fragments.get(name)!, selectionSet: filtered.selectionSet });
    else if (!filtered) kept.push(fragments.get(name)!);
  }
  return { document: withoutUnused({ ...document, definitions: [...operations, ...kept] }), removed };
}

/** Drops fragments no operation spreads any more, and variable definitions no longer used. */
function withoutUnused(document: DocumentNode): DocumentNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const usage = (node: OperationDefinitionNode | FragmentDefinitionNode) => {
    const spreads = new Set<string>();
    const variables = new Set<string>();
    visit(node.selectionSet, {
      FragmentSpread: (spread) => void spreads.add(spread.name.value),
      Variable: (variable) => void variables.add(variable.name.value),
    });
    return { spreads, variables };
  };
  const usedFragments = new Set<string>();
  const definitions = document.definitions.flatMap((definition) => {
    if (definition.kind !== Kind.OPERATION_DEFINITION) return [];
    const { spreads, variables } = usage(definition);
    const pending = [...spreads];
    const visited = new Set<string>();
    while (pending.length > 0) {
      const name = pending.pop()!;
      const fragment = fragments.get(name);
      if (visited.has(name) || !fragment) continue;
      visited.add(name);
      usedFragments.add(name);
      const inner = usage(fragment);
      inner.variables.forEach((variable) => variables.add(variable));
      pending.push(...inner.spreads);
    }
    return [
      {
        ...definition,
        variableDefinitions: definition.variableDefinitions?.filter((variable) =>
          variables.has(variable.variable.name.value),
        ),
      },
    ];
  });
  return {
    ...document,
    definitions: [
      ...definitions,
      ...[...fragments.values()].filter((fragment) => usedFragments.has(fragment.name.value)),
    ],
  };
}
