import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLString,
  isCompositeType,
  isEnumType,
  isListType,
  isNonNullType,
  type GraphQLOutputType,
} from 'graphql';

/** How a leaf value is checked (Apollo's isValidLeafValue, decided once per field). */
export type LeafKind = 'custom' | 'boolean' | 'int' | 'id' | 'float' | 'string' | 'enum';

/** A field's type, compiled once: the writer switches on `kind` instead of asking graphql-js per value. */
export type ValueShape =
  | { readonly kind: 'nonNull'; readonly inner: ValueShape }
  | { readonly kind: 'list'; readonly inner: ValueShape; readonly description: string }
  | { readonly kind: 'object'; readonly name: string }
  | {
      readonly kind: 'leaf';
      readonly leaf: LeafKind;
      readonly enumValues: ReadonlySet<string> | undefined;
    };

function leafKind(type: GraphQLOutputType): LeafKind {
  if (type === GraphQLBoolean) return 'boolean';
  if (type === GraphQLInt) return 'int';
  if (type === GraphQLID) return 'id';
  if (type === GraphQLFloat) return 'float';
  if (type === GraphQLString) return 'string';
  if (isEnumType(type)) return 'enum';
  return 'custom';
}

export function valueShape(type: GraphQLOutputType): ValueShape {
  if (isNonNullType(type)) return { kind: 'nonNull', inner: valueShape(type.ofType as GraphQLOutputType) };
  if (isListType(type)) return { kind: 'list', inner: valueShape(type.ofType), description: String(type) };
  if (isCompositeType(type)) return { kind: 'object', name: type.name };
  return {
    kind: 'leaf',
    leaf: leafKind(type),
    enumValues: isEnumType(type) ? new Set(type.getValues().map((value) => value.name)) : undefined,
  };
}

const integer = /^-?(?:0|[1-9][0-9]*)$/;

/** A leaf value the subgraph returned, checked against its type as Apollo's result shaping does. */
export function validLeaf(value: unknown, kind: LeafKind, enumValues: ReadonlySet<string> | undefined): boolean {
  if (kind === 'custom') return true;
  switch (typeof value) {
    case 'boolean':
      return kind === 'boolean';
    case 'number':
      if (!Number.isFinite(value)) return false;
      return kind === 'int' || kind === 'id' ? integer.test(String(value)) : kind === 'float';
    case 'string':
      return kind === 'enum' ? enumValues!.has(value) : kind === 'string' || kind === 'id';
    default:
      return false;
  }
}

/** JSON text of a leaf (numbers and booleans without a JSON.stringify call). */
export function leafJson(value: unknown): string {
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return String(value);
  return JSON.stringify(value) ?? 'null';
}
