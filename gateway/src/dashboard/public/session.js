// The bearer token the developer pages use: `#token=` in the address (then remembered), the
// token the gateway was started with (npm start), or the one remembered last.
const storageKey = 'salesgraph.token';

function readConfig() {
  const element = document.getElementById('salesgraph-config');
  return element ? JSON.parse(element.textContent) : {};
}

/** The claims of a JWT, unverified (the gateway verifies); null when it is not one. */
function payloadOf(token) {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return null;
  }
}

function expired(token) {
  const payload = payloadOf(token);
  return !payload || (typeof payload.exp === 'number' && payload.exp * 1000 <= Date.now());
}

/** The token to start with, or '' when none is known. */
export function initialToken() {
  const fromAddress = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromAddress) {
    history.replaceState(null, '', location.pathname + location.search);
    rememberToken(fromAddress);
    return fromAddress;
  }
  const candidates = [readConfig().token, localStorage.getItem(storageKey)];
  return candidates.find((token) => token && !expired(token)) ?? '';
}

export function rememberToken(token) {
  if (token) localStorage.setItem(storageKey, token);
  else localStorage.removeItem(storageKey);
}

/** Reads the tenant and roles of a token for display (not verified here; the gateway does that). */
export function describeToken(token) {
  const payload = payloadOf(token);
  return (
    payload && {
      tenant: payload.tenant,
      roles: payload.roles ?? [],
      sub: payload.sub,
      expiresAt: new Date(payload.exp * 1000),
    }
  );
}

/** ws://host/graphql (wss on https). */
export const graphqlWsUrl = () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
