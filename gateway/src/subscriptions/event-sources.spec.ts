import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { defaultSupergraphPath } from '../config.js';
import { readEventSources } from './event-sources.js';
import { apiSchemaOf } from './testing/api-schema.js';
import { composeStub, stubSdl } from './testing/deals-stub.js';

describe('@eventSource declarations', () => {
  it("declares every public subscription of DOMAIN.md in the committed supergraph, each fed by its owner's topic", async () => {
    const supergraph = await readFile(defaultSupergraphPath, 'utf8');
    const { sources, problems } = readEventSources(supergraph, await apiSchemaOf(supergraph));
    assert.deepEqual(problems, []);
    const summary = Object.fromEntries(
      [...sources.values()].map((source) => [source.field, `${source.topic} -> ${source.load.name.value}`]),
    );
    assert.deepEqual(summary, {
      contractStatusChanged: 'contracts.contract.events -> contract',
      dealChanged: 'deals.deal.events -> deal',
      pipelineChanged: 'deals.pipeline.events -> pipeline',
      taskAssigned: 'workflows.task.events -> task',
      slaBreached: 'workflows.task.events -> task',
    });
    assert.equal(sources.get('pipelineChanged')?.snapshot, true);
    assert.deepEqual(sources.get('taskAssigned')?.filters, [{ argument: ['role'], data: ['task', 'assigneeRole'] }]);
  });

  it('reports a declaration that does not hold and serves the others', async () => {
    const broken = `
      brokenChanged(after: String): BrokenChanged!
        @eventSource(topic: "deals.deal.events", events: ["deal.created"], entityField: "deal", load: "deal(id: $dealId)")
      unloadable(after: String): DealChanged!
        @eventSource(topic: "deals.deal.events", events: ["deal.created"], entityField: "deal", load: "pipeline")
    }
    type BrokenChanged { cursor: String! extra: Int deal: Deal`;
    const supergraph = composeStub('http://127.0.0.1:1/graphql', stubSdl(broken));
    const { sources, problems } = readEventSources(supergraph, await apiSchemaOf(supergraph));
    assert.deepEqual([...sources.keys()], ['dealChanged']);
    assert.deepEqual(problems.sort(), [
      'brokenChanged: BrokenChanged has fields the engine cannot fill: extra',
      'unloadable: load pipeline is not a Query field returning Deal',
    ]);
  });
});
