import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, parse } from 'graphql';
import { planScalarInputs, scalarVariableProblem } from './scalar-inputs.js';

/** Our scalars by name only, as the gateway's API schema knows them. */
const schema = buildSchema(`
  scalar Money
  scalar LocalDate
  scalar DateTimeISO
  input Row { birthDate: LocalDate!, amounts: [Money!] }
  input Batch { rows: [Row!]!, at: DateTimeISO }
  type Query {
    price(amount: Money!): Int
    day(date: LocalDate!): Int
    since(at: DateTimeISO!): Int
    batch(input: Batch!): Int
    plain(name: String): Int
  }
`);

const check = (document: string, variables: Record<string, unknown> = {}) => {
  const plan = planScalarInputs(schema, parse(document));
  return plan.literalProblem ?? scalarVariableProblem(plan, variables);
};

describe('custom scalar inputs checked at the gateway', () => {
  const bad = [
    { scalar: 'Money', argument: 'amount', field: 'price', value: 'abc' },
    { scalar: 'Money', argument: 'amount', field: 'price', value: '100.005' },
    { scalar: 'LocalDate', argument: 'date', field: 'day', value: '2027-02-30' },
    { scalar: 'DateTimeISO', argument: 'at', field: 'since', value: 'yesterday' },
  ];
  for (const { scalar, argument, field, value } of bad) {
    it(`refuses ${scalar} ${JSON.stringify(value)} given as a literal, naming the argument`, () => {
      const problem = check(`{ ${field}(${argument}: ${JSON.stringify(value)}) }`);
      assert.equal(problem?.field, argument);
      assert.match(problem.message, new RegExp(scalar === 'DateTimeISO' ? 'DateTime' : scalar));
      assert.equal(problem.variable, undefined);
    });
    it(`refuses ${scalar} ${JSON.stringify(value)} given in a variable, naming the argument and the variable`, () => {
      const problem = check(`query Q($v: ${scalar}!) { ${field}(${argument}: $v) }`, { v: value });
      assert.deepEqual({ field: problem?.field, variable: problem?.variable }, { field: argument, variable: 'v' });
    });
  }

  it('accepts good values of every scalar, as literals and as variables', () => {
    assert.equal(
      check(`{ price(amount: "1500.5") day(date: "2028-02-29") since(at: "2026-12-07T10:00:00Z") }`),
      undefined,
    );
    assert.equal(
      check(`query Q($m: Money!, $d: LocalDate!, $t: DateTimeISO!) { price(amount: $m) day(date: $d) since(at: $t) }`, {
        m: '1500.50',
        d: '2026-12-31',
        t: '2026-12-07T10:00:00.000Z',
      }),
      undefined,
    );
  });

  it('names the path inside input objects and lists, for literals and variables', () => {
    assert.equal(
      check(`{ batch(input: { rows: [{ birthDate: "1990-01-01" }, { birthDate: "1990-13-01" }] }) }`)?.field,
      'input.rows[1].birthDate',
    );
    const problem = check(`query Q($rows: [Row!]!) { batch(input: { rows: $rows }) }`, {
      rows: [{ birthDate: '1990-01-01', amounts: ['1.00', '2.001'] }],
    });
    assert.deepEqual(
      { field: problem?.field, variable: problem?.variable },
      { field: 'input.rows[0].amounts[1]', variable: 'rows' },
    );
  });

  it('leaves nulls, other scalars and variables without custom scalars to graphql', () => {
    const plan = planScalarInputs(
      schema,
      parse(`query Q($n: String) { plain(name: $n) batch(input: { rows: [], at: null }) }`),
    );
    assert.deepEqual(plan.variables, []);
    assert.equal(plan.literalProblem, undefined);
    assert.equal(check(`query Q($m: Money) { price(amount: $m) }`, { m: null }), undefined);
  });
});
