import { startDealsStub } from '@salesgraph/gateway/dist/subscriptions/testing/deals-stub.js';

/**
 * S1's deals subgraph: the gateway's own test stub (the deals subgraph's dealChanged and
 * pipelineChanged declarations, identity verified and visibility applied like the real one,
 * over an in-memory map), holding the bench's deals, so the gateway's subscription engine is
 * what is measured. argv: <port> <identity secret> <tenant> <deal ids, comma-separated>.
 * Prints READY once it serves.
 */
const [portArg, identitySecret, tenant, ids] = process.argv.slice(2);
if (!portArg || !identitySecret || !tenant || !ids)
  throw new Error('usage: deals-stub-main <port> <identity secret> <tenant> <deal ids>');
const stub = await startDealsStub({ port: Number(portArg), identitySecret });
for (const id of ids.split(','))
  stub.deals.set(id, { id, tenant, ownerId: 'bench', title: `Deal ${id.slice(0, 8)}`, stage: 'PROPOSAL' });
process.stdout.write('READY\n');
process.on('SIGTERM', () => void stub.stop().then(() => process.exit(0)));
