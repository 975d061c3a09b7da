import type { PlanNode, QueryPlan, ResponsePath } from '@apollo/query-planner';
import { compileRepresentation } from './representation.js';
import { runFetch, type CompiledFetch, type Cursor, type PlanRun } from './fetch.js';
import { ownValue, isJsonObject } from './merge.js';

/** A plan node ready to run: fetches carry their compiled representation readers. */
export type ProgramNode =
  | { readonly kind: 'Sequence' | 'Parallel'; readonly nodes: readonly ProgramNode[] }
  | { readonly kind: 'Flatten'; readonly path: ResponsePath; readonly node: ProgramNode }
  | { readonly kind: 'Fetch'; readonly fetch: CompiledFetch }
  | {
      readonly kind: 'Condition';
      readonly variable: string;
      readonly ifClause: ProgramNode | undefined;
      readonly elseClause: ProgramNode | undefined;
    };

/**
 * Compiles a query plan's nodes once. A Defer node (only planned when incremental delivery is
 * enabled, which this gateway does not do) runs as one response: its primary part, then each
 * deferred part in order.
 */
export function compilePlanNode(node: PlanNode): ProgramNode {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return { kind: node.kind, nodes: node.nodes.map(compilePlanNode) };
    case 'Flatten':
      return { kind: 'Flatten', path: node.path, node: compilePlanNode(node.node) };
    case 'Fetch':
      return {
        kind: 'Fetch',
        fetch: { node, representation: node.requires ? compileRepresentation(node.requires) : undefined },
      };
    case 'Condition':
      return {
        kind: 'Condition',
        variable: node.condition,
        ifClause: node.ifClause && compilePlanNode(node.ifClause),
        elseClause: node.elseClause && compilePlanNode(node.elseClause),
      };
    case 'Defer': {
      const parts = [node.primary.node, ...node.deferred.map((deferred) => deferred.node)];
      return {
        kind: 'Sequence',
        nodes: parts.filter((part): part is PlanNode => part !== undefined).map(compilePlanNode),
      };
    }
  }
}

/** The plan's root node compiled, or undefined for a plan without fetches (introspection only). */
export function compilePlan(plan: QueryPlan): ProgramNode | undefined {
  if (!plan.node) return undefined;
  if (plan.node.kind === 'Subscription') throw new Error('Execution of subscriptions not supported by gateway');
  return compilePlanNode(plan.node);
}

/** The values at `path` under `value`, lists flattened at each `@`. */
function flattenAt(value: unknown, path: ResponsePath, at: number): unknown {
  if (at === path.length || value === null || value === undefined) return value;
  const head = path[at];
  if (head === '@') {
    if (!Array.isArray(value)) throw new Error(`Expected a list at ${path.slice(0, at).join('.')}`);
    const flattened: unknown[] = [];
    for (const element of value as unknown[]) {
      const inner = flattenAt(element, path, at + 1);
      if (Array.isArray(inner)) for (const item of inner as unknown[]) flattened.push(item);
      else flattened.push(inner);
    }
    return flattened;
  }
  if (typeof head !== 'string' || !isJsonObject(value))
    throw new Error(`Unexpected value in the result for path element ${String(head)}`);
  return flattenAt(ownValue(value, head), path, at + 1);
}

/** A Condition's variable: the request's value, else the operation's default (booleans only). */
export type ConditionValue = (variable: string) => boolean;

/** Runs a compiled node; a failed fetch adds its error and leaves its fields unset. */
export async function runNode(run: PlanRun, node: ProgramNode, cursor: Cursor, condition: ConditionValue) {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await runNode(run, child, cursor, condition);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => runNode(run, child, cursor, condition)));
      return;
    case 'Flatten': {
      const data = flattenAt(cursor.data, node.path, 0);
      if (data === null || data === undefined) return;
      await runNode(run, node.node, { path: [...cursor.path, ...node.path], data }, condition);
      return;
    }
    case 'Fetch':
      try {
        await runFetch(run, node.fetch, cursor);
      } catch (error) {
        run.errors.push(error);
      }
      return;
    case 'Condition': {
      const branch = condition(node.variable) ? node.ifClause : node.elseClause;
      if (branch) await runNode(run, branch, cursor, condition);
      return;
    }
  }
}
