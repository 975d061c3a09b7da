import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ProjectionDefinition } from '@salesgraph/projection';
import { eventStatusExtension, eventStatusFieldOf } from './event-status.js';

const projection = (name: string): ProjectionDefinition => ({ name, topics: [], handlers: {} });

describe('the EventStatus extension', () => {
  it('names each projection field after its consumer group in camel case', () => {
    assert.equal(eventStatusFieldOf('deals.account-summary'), 'dealsAccountSummary');
    assert.equal(eventStatusFieldOf('contracts.approval-decisions'), 'contractsApprovalDecisions');
    assert.equal(eventStatusFieldOf('workflows.tasks'), 'workflowsTasks');
  });

  it('declares one field per projection of the subgraph, and resolvers for each', () => {
    const extension = eventStatusExtension({
      schema: 'contracts',
      projections: [projection('contracts.deal-snapshot'), projection('contracts.approval-decisions')],
    });
    assert.match(
      extension.typeDefs,
      /contractsDealSnapshot: ProjectionProgress! @tag\(name: "public"\)\n[^]*contractsApprovalDecisions: ProjectionProgress! @tag\(name: "public"\)/,
    );
    assert.match(
      extension.typeDefs,
      /eventStatus\(eventId: ID! @tag\(name: "public"\)\): EventStatus! @shareable @tag\(name: "public"\) @authenticated/,
    );
    assert.deepEqual(Object.keys(extension.resolvers['EventStatus']!).sort(), [
      '__resolveReference',
      'contractsApprovalDecisions',
      'contractsDealSnapshot',
    ]);
  });

  it('refuses an eventId that is not a UUID as bad input', () => {
    const resolve = eventStatusExtension({ schema: 'deals', projections: [] }).resolvers['Query']!['eventStatus'] as (
      root: unknown,
      args: { eventId: string },
    ) => unknown;
    assert.throws(
      () => resolve(null, { eventId: "x' or 1=1" }),
      (error: { extensions?: { code?: string; field?: string } }) =>
        error.extensions?.code === 'BAD_USER_INPUT' && error.extensions.field === 'eventId',
    );
    assert.deepEqual(resolve(null, { eventId: '00000000-0000-4000-8000-000000000000' }), {
      eventId: '00000000-0000-4000-8000-000000000000',
    });
  });
});
