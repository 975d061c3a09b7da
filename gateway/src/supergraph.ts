import { readFile } from 'node:fs/promises';
import { Kind, parse, type DocumentNode, type EnumValueDefinitionNode } from 'graphql';

export interface Supergraph {
  readonly sdl: string;
  /** Subgraph name -> the URL the gateway sends its requests to. */
  readonly routingUrls: ReadonlyMap<string, string>;
}

export class SupergraphError extends Error {
  override readonly name = 'SupergraphError';
}

function stringArgument(value: EnumValueDefinitionNode, argument: string): string | undefined {
  const directive = value.directives?.find((candidate) => candidate.name.value === 'join__graph');
  const node = directive?.arguments?.find((candidate) => candidate.name.value === argument)?.value;
  return node?.kind === Kind.STRING ? node.value : undefined;
}

/** The subgraphs a composed supergraph names (`enum join__Graph`), with their routing URLs. */
export function subgraphsOf(document: DocumentNode): Map<string, string> {
  const joinGraph = document.definitions.find(
    (definition) => definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph',
  );
  if (joinGraph?.kind !== Kind.ENUM_TYPE_DEFINITION)
    throw new SupergraphError('not a composed supergraph: enum join__Graph is missing');
  return new Map(
    (joinGraph.values ?? []).map((value) => [
      stringArgument(value, 'name') ?? value.name.value.toLowerCase(),
      stringArgument(value, 'url') ?? '',
    ]),
  );
}

/**
 * Reads the composed supergraph (never introspection) and decides where each subgraph is
 * reached: its composed routing URL unless SUBGRAPH_URLS overrides it. An override naming a
 * subgraph the supergraph does not have, or a subgraph left without a URL, is an error.
 */
export async function loadSupergraph(path: string, overrides: Readonly<Record<string, string>>): Promise<Supergraph> {
  let sdl: string;
  try {
    sdl = await readFile(path, 'utf8');
  } catch (error) {
    throw new SupergraphError(
      `cannot read the supergraph at ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); run \`npm run compose\``,
    );
  }
  return supergraphFromSdl(sdl, overrides, path);
}

/** `loadSupergraph` for SDL already read (`origin` names it in errors). */
export function supergraphFromSdl(
  sdl: string,
  overrides: Readonly<Record<string, string>>,
  origin = 'the supergraph',
): Supergraph {
  let document: DocumentNode;
  try {
    document = parse(sdl);
  } catch (error) {
    throw new SupergraphError(`${origin} is not valid GraphQL: ${(error as Error).message}`);
  }
  const routingUrls = subgraphsOf(document);
  const unknown = Object.keys(overrides).filter((name) => !routingUrls.has(name));
  if (unknown.length > 0) {
    throw new SupergraphError(
      `SUBGRAPH_URLS names ${unknown.join(', ')}, not in the supergraph (it has: ${[...routingUrls.keys()].join(', ')})`,
    );
  }
  for (const [name, url] of Object.entries(overrides)) routingUrls.set(name, url);
  const missing = [...routingUrls].filter(([, url]) => !URL.canParse(url)).map(([name]) => name);
  if (missing.length > 0)
    throw new SupergraphError(`no routing URL for ${missing.join(', ')}: compose with URLs or set SUBGRAPH_URLS`);
  return { sdl, routingUrls };
}
