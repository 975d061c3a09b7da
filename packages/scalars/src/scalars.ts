import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';

const MONEY = /^-?\d{1,12}(\.\d{1,2})?$/;

/** Normalises a BRL amount to a string with exactly two decimals ("1500" -> "1500.00"). */
export function toMoney(value: string): string {
  if (!MONEY.test(value))
    throw new GraphQLError('Money: expected a decimal string with at most 2 decimals, e.g. "1234.50"', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  const [whole, fraction = ''] = value.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** BRL amount as a decimal string with 2 places: money is never a float. */
export const MoneyScalar = new GraphQLScalarType<string, string>({
  name: 'Money',
  description: 'An amount in BRL as a decimal string with two places, e.g. "125000.00". Never a float.',
  serialize: (value) => toMoney(String(value)),
  parseValue: (value) => {
    if (typeof value !== 'string')
      throw new GraphQLError('Money: expected a string such as "1234.50"', { extensions: { code: 'BAD_USER_INPUT' } });
    return toMoney(value);
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING)
      throw new GraphQLError('Money: expected a string such as "1234.50"', { extensions: { code: 'BAD_USER_INPUT' } });
    return toMoney(ast.value);
  },
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date (ISO-8601, yyyy-mm-dd) with no time or zone. */
export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: 'LocalDate',
  description: 'A calendar date in ISO-8601 form, e.g. "2026-12-31".',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: (value) => parseLocalDate(value),
  parseLiteral: (ast) => parseLocalDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseLocalDate(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !DATE.test(value) ||
    Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    throw new GraphQLError('LocalDate: expected a valid date such as "2026-12-31"', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

/**
 * An instant (ISO-8601 with a zone). The subgraphs' `Date` fields are type-graphql's default
 * `DateTimeISO`, which is graphql-scalars' GraphQLDateTimeISO: the same object is used here.
 */
export const DateTimeISOScalar: GraphQLScalarType = GraphQLDateTimeISO;

/** Every custom scalar of the graph by name: what the gateway checks inputs with. */
export const customScalars: ReadonlyMap<string, GraphQLScalarType> = new Map(
  [MoneyScalar, LocalDateScalar, DateTimeISOScalar].map((scalar) => [scalar.name, scalar]),
);
