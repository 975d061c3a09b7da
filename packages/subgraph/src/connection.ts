import {
  Kind,
  parse,
  visit,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type TypeNode,
} from 'graphql';
import { ArgsType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { appError } from '@salesgraph/errors';
import { Public } from '@salesgraph/public-contract';

/** Relay page info; identical in every subgraph, hence shareable. */
@Directive('@shareable')
@ObjectType()
@Public()
export class PageInfo {
  @Field(() => Boolean)
  @Public()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  @Public()
  endCursor!: string | null;
}

@ArgsType()
export class ConnectionArgsInput {
  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  @Public()
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of the previous page.' })
  @Public()
  after?: string | null;
}

export interface ConnectionArgs {
  first: number;
  after?: string | null;
}

/** Cursors are opaque: base64url of the sort key of the edge. */
export function encodeCursor(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  const value = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!value || encodeCursor(value) !== cursor)
    throw appError('BAD_USER_INPUT', 'after: not a valid cursor', { field: 'after' });
  return value;
}

export function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > 100) {
    throw appError('BAD_USER_INPUT', 'first: must be between 1 and 100', { field: 'first' });
  }
  return first;
}

/** Builds a Relay connection from `first + 1` rows fetched in cursor order. */
export function toConnection<T>(rows: readonly T[], first: number, cursorOf: (row: T) => string) {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

/**
 * The demand-control size of every connection field (federation 2.9 `@listSize`, Apollo's and
 * the IBM cost specification's model): `first` slices it, and the size applies to the
 * connection's `edges` list, not to the connection object. A connection field is one returning
 * a `...Connection` type with a `first` argument (`ConnectionArgsInput`); its `first` always has
 * a default, so no slicing argument is required.
 */
export const CONNECTION_LIST_SIZE =
  '@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)';

const connectionListSize = (): ConstDirectiveNode => {
  const [type] = parse(`type T { f: Int ${CONNECTION_LIST_SIZE} }`).definitions;
  const field: FieldDefinitionNode | undefined =
    type?.kind === Kind.OBJECT_TYPE_DEFINITION ? type.fields?.[0] : undefined;
  return field!.directives![0]!;
};

const namedTypeOf = (type: TypeNode): string =>
  type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);

/** The subgraph SDL with `CONNECTION_LIST_SIZE` on every connection field that declares no `@listSize` itself. */
export function withConnectionListSizes(typeDefs: DocumentNode): DocumentNode {
  const directive = connectionListSize();
  return visit(typeDefs, {
    FieldDefinition(node) {
      const isConnection =
        namedTypeOf(node.type).endsWith('Connection') && node.arguments?.some((arg) => arg.name.value === 'first');
      if (!isConnection || node.directives?.some((existing) => existing.name.value === 'listSize')) return undefined;
      return { ...node, directives: [...(node.directives ?? []), directive] };
    },
  });
}
