// GraphiQL from the npm package's UMD build (window.GraphiQL, React 18 UMD), queries over
// HTTP POST and subscriptions over graphql-ws, both with the headers editor's authorization.
import { graphqlWsUrl, initialToken, rememberToken } from './session.js';

const token = initialToken();

const defaultQuery = `# Salesgraph: one graph over accounts, deals, contracts, beneficiaries and workflows.
# The headers tab holds a SALES_MANAGER token of the demo tenant (npm start prints it).
#
# Live updates: run the subscription below, then move a deal (mutation at the end).

query Overview {
  pipeline { totals { count totalValue weightedValue } stages { stage count totalValue weightedValue } }
  companies(first: 3) { edges { node { id legalName segment deals(first: 3) { edges { node { id title stage } } } } } }
  contracts(first: 3) { edges { node { id number status annualValue } } }
  beneficiaries(first: 3) { edges { node { id relationship ans { status } } } }
  tasks(first: 3) { edges { node { id type status dueAt } } }
}

subscription Board {
  dealChanged { eventType occurredAt deal { id title stage estimatedValue } }
}

mutation MoveDeal($id: ID!, $version: Int!) {
  moveDealStage(input: { id: $id, version: $version, stage: QUALIFICATION }) {
    deal { id stage version }
    problem { reason message }
  }
}
`;

// One graphql-ws client per authorization value, so editing the headers takes effect for
// subscriptions as it does for queries.
const socketClients = new Map();
let authorization = token ? `Bearer ${token}` : '';
function socketClient() {
  let client = socketClients.get(authorization);
  if (!client) {
    const value = authorization;
    client = window.graphqlWs.createClient({
      url: graphqlWsUrl(),
      lazy: true,
      retryAttempts: 5,
      connectionParams: () => ({ authorization: value }),
    });
    socketClients.set(value, client);
  }
  return client;
}
const wsClient = { subscribe: (payload, sink) => socketClient().subscribe(payload, sink) };
const httpAndSocket = window.GraphiQL.createFetcher({ url: '/graphql', wsClient });

// GraphiQL sends the headers editor's contents with each operation, but not with the schema
// introspection it runs on load: the start token fills in when no authorization is given.
function fetcher(params, options) {
  const headers = Object.fromEntries(
    Object.entries(options?.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  if (typeof headers.authorization !== 'string' && token) headers.authorization = `Bearer ${token}`;
  authorization = headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (bearer && bearer[1] !== token) rememberToken(bearer[1]);
  return httpAndSocket(params, { ...options, headers });
}

const headers = JSON.stringify(
  token
    ? { authorization: `Bearer ${token}` }
    : { authorization: 'Bearer <token: npm run -s token -- --tenant demo --roles SALES_MANAGER>' },
  null,
  2,
);
const root = window.ReactDOM.createRoot(document.getElementById('graphiql'));
root.render(
  window.React.createElement(window.GraphiQL, {
    fetcher,
    defaultQuery,
    headers,
    defaultHeaders: headers,
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
  }),
);
