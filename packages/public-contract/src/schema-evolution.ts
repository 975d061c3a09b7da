import {
  BreakingChangeType,
  buildSchema,
  findBreakingChanges,
  findDangerousChanges,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';

/** One difference between the released public schema and the new one. */
export interface SchemaChange {
  readonly type: string;
  readonly description: string;
  /** A removal of an element the released schema had already marked `@deprecated`. */
  readonly deprecatedFirst: boolean;
}

export interface SchemaEvolution {
  /** Breaking changes that are not the removal of a deprecated element: the check fails on these. */
  readonly refused: readonly SchemaChange[];
  /** Removals of elements deprecated in the released schema: allowed. */
  readonly allowed: readonly SchemaChange[];
  /** Changes that may break some clients (an enum value or optional argument added...): reported only. */
  readonly dangerous: readonly SchemaChange[];
}

/** `@deprecated` in the released schema: fields, arguments, input fields and enum values. */
function deprecatedIn(schema: GraphQLSchema, coordinate: string): boolean {
  const [typeName, member, argument] = coordinate.split('.');
  const type = typeName ? schema.getType(typeName) : undefined;
  if (!type || !member) return false;
  if (isEnumType(type)) return Boolean(type.getValue(member)?.deprecationReason);
  if (!isObjectType(type) && !isInterfaceType(type) && !isInputObjectType(type)) return false;
  const field = type.getFields()[member];
  if (!field) return false;
  if (argument === undefined) return Boolean(field.deprecationReason);
  return Boolean(('args' in field ? field.args : []).find((arg) => arg.name === argument)?.deprecationReason);
}

/** A type may go once every element of the released schema that used it was deprecated. */
function onlyUsedByDeprecated(schema: GraphQLSchema, typeName: string): boolean {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)))
      continue;
    for (const field of Object.values(type.getFields())) {
      if (getNamedType(field.type as GraphQLType).name === typeName && !field.deprecationReason) return false;
      for (const arg of 'args' in field ? field.args : []) {
        if (
          getNamedType(arg.type as GraphQLType).name === typeName &&
          !arg.deprecationReason &&
          !field.deprecationReason
        )
          return false;
      }
    }
  }
  return true;
}

/** The element a removal names, from graphql-js's description of it (`Type.field`, `Type.field.arg`, `Enum.VALUE`). */
function removedElement(type: string, description: string): string | undefined {
  let match: RegExpExecArray | null;
  switch (type) {
    case BreakingChangeType.FIELD_REMOVED:
      match = /^(\w+)\.(\w+) was removed\.$/.exec(description);
      return match ? `${match[1]}.${match[2]}` : undefined;
    case BreakingChangeType.ARG_REMOVED:
      match = /^(\w+)\.(\w+) arg (\w+) was removed\.$/.exec(description);
      return match ? `${match[1]}.${match[2]}.${match[3]}` : undefined;
    case BreakingChangeType.VALUE_REMOVED_FROM_ENUM:
      match = /^(\w+) was removed from enum type (\w+)\.$/.exec(description);
      return match ? `${match[2]}.${match[1]}` : undefined;
    default:
      return undefined;
  }
}

/**
 * The versioning rule of the public API (DOMAIN.md): the public schema only grows. An element
 * is removed only after it was marked `@deprecated` (with a reason) in a released schema; a
 * type may go once everything that used it was deprecated. Every other breaking change
 * (a type changed, a required argument or input field added, a union member removed...) is
 * refused. Uses graphql-js's `findBreakingChanges` and `findDangerousChanges`.
 */
export function checkSchemaEvolution(releasedSdl: string, candidateSdl: string): SchemaEvolution {
  const released = buildSchema(releasedSdl);
  const candidate = buildSchema(candidateSdl);
  const refused: SchemaChange[] = [];
  const allowed: SchemaChange[] = [];
  for (const change of findBreakingChanges(released, candidate)) {
    const element = removedElement(change.type, change.description);
    const typeRemoved =
      change.type === BreakingChangeType.TYPE_REMOVED && /^(\w+) was removed\.$/.exec(change.description);
    const deprecatedFirst = element
      ? deprecatedIn(released, element)
      : typeRemoved
        ? onlyUsedByDeprecated(released, typeRemoved[1]!)
        : false;
    (deprecatedFirst ? allowed : refused).push({ type: change.type, description: change.description, deprecatedFirst });
  }
  const dangerous = findDangerousChanges(released, candidate).map((change) => ({
    type: change.type,
    description: change.description,
    deprecatedFirst: false,
  }));
  return { refused, allowed, dangerous };
}
