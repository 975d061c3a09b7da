import type { QueryPlanSelectionNode } from '@apollo/query-planner';
import type { GraphQLSchema } from 'graphql';
import { deepMerge, isJsonObject, isObjectOfType, ownValue, type JsonObject } from './merge.js';

/** Reads a representation out of an entity; null when a selected field is missing. */
export type RepresentationReader = (schema: GraphQLSchema, entity: unknown) => JsonObject | null;

type Step = (schema: GraphQLSchema, source: JsonObject, into: JsonObject) => boolean;

function fieldStep(responseName: string, inner: RepresentationReader | undefined): Step {
  return (schema, source, into) => {
    const value = ownValue(source, responseName);
    if (value === undefined) return false;
    if (Array.isArray(value)) {
      into[responseName] = inner ? value.map((element: unknown) => inner(schema, element)) : value;
    } else {
      into[responseName] = inner ? inner(schema, value) : value;
    }
    return true;
  };
}

function fragmentStep(typeCondition: string, inner: RepresentationReader): Step {
  return (schema, source, into) => {
    if (isObjectOfType(schema, source, typeCondition)) deepMerge(into, inner(schema, source));
    return true;
  };
}

/**
 * Compiles a fetch's `requires` (the `@key` and `@requires` selections the planner computed)
 * into a reader, once per plan: the representation holds exactly the selected fields, type
 * conditions checked against the supergraph. A field missing from the entity makes the whole
 * representation null (that entity is not sent), as Apollo's executor decides.
 */
export function compileRepresentation(selections: readonly QueryPlanSelectionNode[]): RepresentationReader {
  const steps: Step[] = [];
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const inner = selection.selections ? compileRepresentation(selection.selections) : undefined;
      steps.push(fieldStep(selection.alias ?? selection.name, inner));
    } else if (selection.typeCondition) {
      steps.push(fragmentStep(selection.typeCondition, compileRepresentation(selection.selections)));
    }
  }
  return (schema, entity) => {
    if (!isJsonObject(entity)) return null;
    const representation: JsonObject = {};
    for (const step of steps) if (!step(schema, entity, representation)) return null;
    return representation;
  };
}
