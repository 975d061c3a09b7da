import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProcessPhase as P } from './process-phase.js';
import { courseOf, type StoredCause } from './process-history.js';

const t0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (hours: number) => new Date(t0 + hours * 3_600_000).toISOString();
let sequence = 0;
const cause = (hours: number, kind: StoredCause['kind'], phase: P, type: string, version = 1): StoredCause => ({
  at: at(hours),
  kind,
  phase,
  cause: type,
  version,
  eventId: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe("workflows: a process's course from its causes", () => {
  const dealAndContract = [
    cause(0, 'stage', P.QUALIFICATION, 'deal.created', 1),
    cause(5, 'stage', P.NEGOTIATION, 'deal.stage_changed', 2),
    cause(10, 'contract', P.APPROVAL, 'contract.approval_requested', 3),
    cause(12, 'contract', P.CONTRACTING, 'contract.approved', 4),
    cause(20, 'contract', P.IMPLEMENTATION, 'contract.signed', 6),
    cause(21, 'stage', P.CONTRACTING, 'deal.stage_changed', 3),
    cause(30, 'stage', P.CONTRACTING, 'deal.updated', 4),
  ];

  it('starts at the earliest cause and moves in time order, with history, start and end times', () => {
    const course = courseOf(dealAndContract);
    assert.deepEqual(
      course.phaseHistory.map((entry) => `${entry.phase} ${entry.enteredAt} ${entry.leftAt} ${entry.cause}`),
      [
        `QUALIFICATION ${at(0)} ${at(5)} deal.created`,
        `NEGOTIATION ${at(5)} ${at(10)} deal.stage_changed`,
        `APPROVAL ${at(10)} ${at(12)} contract.approval_requested`,
        `CONTRACTING ${at(12)} ${at(20)} contract.approved`,
        `IMPLEMENTATION ${at(20)} null contract.signed`,
      ],
    );
    assert.deepEqual(
      [course.phase, course.phaseEnteredAt.toISOString(), course.startedAt.toISOString(), course.completedAt],
      [P.IMPLEMENTATION, at(20), at(0), null],
    );
  });

  it('gives the same course whatever order the causes arrived in', () => {
    const expected = courseOf(dealAndContract);
    const orders = permutations(dealAndContract);
    assert.equal(orders.length, 5040);
    for (const order of orders) assert.deepEqual(courseOf(order), expected);
  });

  it('orders causes of the same instant by version, then event id (stage_changed then won of one move)', () => {
    const moved = cause(3, 'stage', P.CONTRACTING, 'deal.stage_changed', 2);
    const won = cause(3, 'stage', P.CONTRACTING, 'deal.won', 3);
    const course = courseOf([won, cause(0, 'stage', P.QUALIFICATION, 'deal.created', 1), moved]);
    assert.deepEqual(
      course.phaseHistory.map((entry) => entry.cause),
      ['deal.created', 'deal.stage_changed'],
    );
  });

  it('is complete from the moment CLOSED_LOST is entered, and reopens when a later cause moves it on', () => {
    const lost = [
      cause(0, 'stage', P.QUALIFICATION, 'deal.created', 1),
      cause(4, 'stage', P.CLOSED_LOST, 'deal.lost', 2),
    ];
    assert.equal(courseOf(lost).completedAt?.toISOString(), at(4));
    assert.equal(courseOf([...lost, cause(6, 'stage', P.NEGOTIATION, 'deal.reopened', 3)]).completedAt, null);
  });
});
