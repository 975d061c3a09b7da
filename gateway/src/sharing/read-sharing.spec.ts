import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
} from '@apollo/server-gateway-interface';
import { getOperationAST, parse } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import { createGatewayMetrics } from '../metrics.js';
import type { GuardedOperation } from '../request-guard.js';
import { createReadSharing } from './read-sharing.js';

const manager: Identity = { sub: 'manager-1', tenant: 'acme', roles: ['SALES_MANAGER'], scopes: [] };

/** What the request guard hands on for one HTTP request. */
function guarded(
  source: string,
  options: { variables?: Record<string, unknown>; operationName?: string } = {},
): GuardedOperation {
  return {
    document: parse(source),
    operationName: options.operationName,
    variables: options.variables,
    extensions: undefined,
  };
}

function httpRequest(headers: Record<string, string> = {}): HTTPGraphQLRequest {
  return {
    method: 'POST',
    headers: new HeaderMap(Object.entries({ 'content-type': 'application/json', ...headers })),
    search: '',
    body: {},
  };
}

const answer = (body: unknown): HTTPGraphQLResponse => ({
  status: 200,
  headers: new HeaderMap([['content-type', 'application/json']]),
  body: { kind: 'complete', string: JSON.stringify(body) },
});

/** `respond` over executions the test finishes, one per call that really executed. */
function sharingWithPendingExecutions(options: { operations?: boolean } = {}) {
  const metrics = createGatewayMetrics();
  const sharing = createReadSharing({ operations: options.operations ?? true, subgraphRequests: true, metrics });
  const executions: {
    readonly identity: Identity;
    readonly operation: GuardedOperation;
    finish(response: HTTPGraphQLResponse | Error): void;
  }[] = [];
  const ask = (operation: GuardedOperation, identity: Identity = manager, request = httpRequest()) =>
    sharing.respond(
      { identity },
      request,
      operation,
      () =>
        new Promise((resolve, reject) =>
          executions.push({
            identity,
            operation,
            finish: (response) => (response instanceof Error ? reject(response) : resolve(response)),
          }),
        ),
    );
  return { sharing, metrics, executions, ask };
}

const bodyOf = (response: HTTPGraphQLResponse) =>
  response.body.kind === 'complete' ? (JSON.parse(response.body.string) as unknown) : undefined;

describe('sharing identical reads in flight (HTTP responses)', () => {
  it('answers identical concurrent queries of one principal with one execution, each with its own copy of the headers', async () => {
    const { ask, executions, metrics } = sharingWithPendingExecutions();
    const pending = [1, 2, 3].map(() => ask(guarded('{ deals }')));
    assert.equal(executions.length, 1);
    assert.equal((await metrics.sharedCounts()).operations, 2);
    executions[0]!.finish(answer({ data: { deals: ['d1'] } }));
    const responses = await Promise.all(pending);
    for (const response of responses) assert.deepEqual(bodyOf(response), { data: { deals: ['d1'] } });
    assert.notEqual(responses[0]!.headers, responses[1]!.headers);
  });

  it('shares documents that differ only in formatting and variables that differ only in key order, not other values', async () => {
    const { ask, executions } = sharingWithPendingExecutions();
    const query = 'query Board($stage: String) { deals(stage: $stage) }';
    const pending = [
      ask(guarded(query, { variables: { stage: 'LEAD', extra: { a: 1, b: 2 } } })),
      ask(
        guarded(`# the board\n${query.replace(' { ', '{\n  ')}`, {
          variables: { extra: { b: 2, a: 1 }, stage: 'LEAD' },
        }),
      ),
      ask(guarded(query, { variables: { stage: 'WON' } })),
      ask(guarded(query, { variables: { stage: 'LEAD', extra: { a: 1, b: 2 } }, operationName: 'Board' })),
    ];
    assert.equal(executions.length, 3, 'another stage, and an explicit operation name, execute on their own');
    for (const execution of executions)
      execution.finish(answer({ data: { deals: [execution.operation.variables?.['stage']] } }));
    assert.deepEqual(
      (await Promise.all(pending)).map(bodyOf),
      [1, 2, 3, 4].map((index) => ({ data: { deals: [index === 3 ? 'WON' : 'LEAD'] } })),
    );
  });

  it('never shares between principals: another subject, tenant, role set or scope set executes on its own', async () => {
    const { ask, executions } = sharingWithPendingExecutions();
    const principals: Identity[] = [
      manager,
      { ...manager, sub: 'manager-2' },
      { ...manager, tenant: 'globex' },
      { ...manager, roles: ['SALES_REP'] },
      { ...manager, scopes: ['deals:read'] },
    ];
    const pending = principals.map((identity) => ask(guarded('{ me }'), identity));
    assert.equal(executions.length, principals.length);
    for (const execution of executions) execution.finish(answer({ data: { me: execution.identity } }));
    (await Promise.all(pending)).forEach((response, index) =>
      assert.deepEqual(bodyOf(response), { data: { me: principals[index] } }),
    );
  });

  it('never shares between requests that negotiate another response (accept, query-plan headers)', async () => {
    const { ask, executions } = sharingWithPendingExecutions();
    const pending = [
      ask(guarded('{ me }'), manager, httpRequest({ accept: 'application/json' })),
      ask(guarded('{ me }'), manager, httpRequest({ accept: 'application/graphql-response+json' })),
      ask(
        guarded('{ me }'),
        manager,
        httpRequest({ accept: 'application/json', 'apollo-query-plan-experimental': '1' }),
      ),
    ];
    assert.equal(executions.length, 3);
    for (const execution of executions) execution.finish(answer({ data: { me: 'x' } }));
    await Promise.all(pending);
  });

  it('never shares mutations, nor documents that did not parse', async () => {
    const { ask, executions } = sharingWithPendingExecutions();
    const pending = [
      ask(guarded('mutation { moveDeal }')),
      ask(guarded('mutation { moveDeal }')),
      ask({ ...guarded('{ me }'), document: undefined }),
      ask({ ...guarded('{ me }'), document: undefined }),
    ];
    assert.equal(executions.length, 4);
    for (const execution of executions) execution.finish(answer({ data: {} }));
    await Promise.all(pending);
  });

  it('gives every waiter the error of the shared execution, and its error response', async () => {
    const { ask, executions } = sharingWithPendingExecutions();
    const failing = [1, 2, 3].map(() => ask(guarded('{ me }')));
    executions[0]!.finish(new Error('the server failed'));
    for (const result of failing) await assert.rejects(result, /the server failed/);
    const unavailable = [1, 2].map(() => ask(guarded('{ me }')));
    assert.equal(executions.length, 2);
    executions[1]!.finish(
      answer({
        data: { me: null },
        errors: [
          { message: 'A part of the graph is temporarily unavailable', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } },
        ],
      }),
    );
    for (const response of await Promise.all(unavailable))
      assert.deepEqual(bodyOf(response), {
        data: { me: null },
        errors: [
          { message: 'A part of the graph is temporarily unavailable', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } },
        ],
      });
  });

  it('executes every request when operation sharing is off', async () => {
    const { ask, executions } = sharingWithPendingExecutions({ operations: false });
    const pending = [ask(guarded('{ me }')), ask(guarded('{ me }'))];
    assert.equal(executions.length, 2);
    for (const execution of executions) execution.finish(answer({ data: { me: 'x' } }));
    await Promise.all(pending);
  });

  it('joins nothing that started on a previous schema', async () => {
    const { ask, executions, sharing } = sharingWithPendingExecutions();
    const before = ask(guarded('{ me }'));
    sharing.schemaChanged();
    const after = ask(guarded('{ me }'));
    assert.equal(executions.length, 2);
    for (const execution of executions) execution.finish(answer({ data: { me: 'x' } }));
    await Promise.all([before, after]);
  });
});

describe("a finished mutation seals its tenant's shared reads", () => {
  /** The gateway's executor (any transport) over executions the test finishes. */
  async function sealingExecutor(sharing: ReturnType<typeof createReadSharing>) {
    const finishes: ((result: GatewayExecutionResult) => void)[] = [];
    const executor: GatewayExecutor = () => new Promise((resolve) => finishes.push(resolve));
    const gateway: GatewayInterface = {
      onSchemaLoadOrUpdate: () => () => undefined,
      stop: async () => undefined,
      load: async () => ({ executor }),
    };
    const loaded = await sharing.gateway(gateway).load({ apollo: {} });
    const execute = (source: string, identity: Identity) => {
      const document = parse(source);
      return loaded.executor!({
        document,
        operation: getOperationAST(document)!,
        context: { identity },
        request: {},
      } as unknown as GatewayGraphQLRequestContext);
    };
    return { execute, finishes };
  }

  it('lets no query join a read that was running when a mutation of its tenant finished; other tenants still share', async () => {
    const { ask, executions, sharing } = sharingWithPendingExecutions();
    const { execute, finishes } = await sealingExecutor(sharing);
    const globex = { ...manager, tenant: 'globex' };
    const before = ask(guarded('{ me }'));
    const otherTenant = ask(guarded('{ me }'), globex);
    const query = execute('{ me }', manager); // a query finishing seals nothing
    finishes[0]!({ data: { me: 'x' } });
    await query;
    assert.equal(executions.length, 2);
    const joined = ask(guarded('{ me }'));
    assert.equal(executions.length, 2, 'still joined before the write');
    const write = execute('mutation { moveDeal }', manager);
    finishes[1]!({ data: { moveDeal: 'moved' } });
    await write;
    const after = ask(guarded('{ me }'));
    const otherAfter = ask(guarded('{ me }'), globex);
    assert.equal(executions.length, 3, 'the read after the write executes again; the other tenant still shares');
    executions[0]!.finish(answer({ data: { me: 'before' } }));
    executions[1]!.finish(answer({ data: { me: 'globex' } }));
    executions[2]!.finish(answer({ data: { me: 'after' } }));
    assert.deepEqual(
      (await Promise.all([before, joined, after, otherTenant, otherAfter])).map(bodyOf),
      ['before', 'before', 'after', 'globex', 'globex'].map((me) => ({ data: { me } })),
    );
  });
});
