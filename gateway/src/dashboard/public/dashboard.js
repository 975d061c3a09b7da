// The live pipeline board. Everything on it arrives by subscription over graphql-ws:
// pipelineChanged (the stage totals; its first message is the current board), dealChanged
// (the movements, and the deals shown under each stage) and slaBreached. No polling, no
// queries. The socket reconnects by itself and resumes each stream after its last cursor.
import { createClient } from '/developer/graphql-ws/client.js';
import { describeToken, graphqlWsUrl, initialToken, rememberToken } from './session.js';
import {
  stages,
  stageLabels,
  dealsShownPerStage,
  feedLength,
  pipelineSubscription,
  dealSubscription,
  breachSubscription,
} from './board-operations.js';
const money = new Intl.NumberFormat('pt-BR', {
  style: 'currency',
  currency: 'BRL',
  notation: 'compact',
  maximumFractionDigits: 1,
});
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const $ = (id) => document.getElementById(id);

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

// ---- the board --------------------------------------------------------------------------

const columns = new Map();
/** Deals seen (by dealChanged) since the page opened: id -> { title, stage, value }. */
const deals = new Map();

function buildBoard() {
  const board = $('board');
  for (const stage of stages) {
    const count = element('div', { class: 'count', 'data-field': 'count' }, '–');
    const total = element('dd', { 'data-field': 'totalValue' }, '–');
    const weighted = element('dd', { 'data-field': 'weightedValue' }, '–');
    const list = element('ul', { 'aria-label': `Recent deals in ${stageLabels[stage]}` });
    const column = element(
      'article',
      { class: 'stage', 'data-stage': stage },
      element('h3', {}, stageLabels[stage].toUpperCase()),
      count,
      element('dl', {}, element('dt', {}, 'Total'), total, element('dt', {}, 'Weighted'), weighted),
      list,
    );
    columns.set(stage, { column, count, total, weighted, list });
    board.append(column);
  }
}

function setText(node, text) {
  if (node.textContent === text) return false;
  node.textContent = text;
  return true;
}

function flash(column) {
  column.classList.remove('changed');
  void column.offsetWidth; // restart the transition
  column.classList.add('changed');
  setTimeout(() => column.classList.remove('changed'), 900);
}

function showPipeline(pipeline) {
  if (!pipeline) return;
  for (const totals of pipeline.stages) {
    const column = columns.get(totals.stage);
    if (!column) continue;
    const changed = [
      setText(column.count, String(totals.count)),
      setText(column.total, money.format(Number(totals.totalValue))),
      setText(column.weighted, money.format(Number(totals.weightedValue))),
    ].some(Boolean);
    if (changed) flash(column.column);
  }
  const { totals } = pipeline;
  $('totals').textContent =
    `${totals.count} ${totals.count === 1 ? 'deal' : 'deals'} · ${money.format(Number(totals.totalValue))} total · ${money.format(Number(totals.weightedValue))} weighted`;
  document.body.dataset.pipelineVersion = String(pipeline.version);
}

function showDealsOf(stage) {
  const column = columns.get(stage);
  if (!column) return;
  const here = [...deals.values()]
    .filter((deal) => deal.stage === stage)
    .slice(-dealsShownPerStage)
    .reverse();
  column.list.replaceChildren(
    ...here.map((deal) => element('li', { 'data-deal': deal.id, title: deal.title }, deal.title)),
  );
}

// ---- the feeds --------------------------------------------------------------------------

function prepend(list, item) {
  list.querySelector('.empty')?.remove();
  list.prepend(item);
  while (list.children.length > feedLength) list.lastElementChild.remove();
}

function describeMovement(eventType, deal, previous) {
  const to = stageLabels[deal.stage] ?? deal.stage;
  switch (eventType) {
    case 'deal.created':
      return [`new in ${to}`, ''];
    case 'deal.won':
      return ['won', 'won'];
    case 'deal.lost':
      return ['lost', 'lost'];
    case 'deal.reopened':
      return [`reopened in ${to}`, ''];
    case 'deal.stage_changed': {
      const last = deal.stageHistory?.at(-1);
      const from = last?.from ?? previous;
      return [from ? `${stageLabels[from] ?? from} → ${to}` : `→ ${to}`, ''];
    }
    default:
      return ['updated', ''];
  }
}

function onDealChanged(message) {
  if (message.eventType === 'snapshot') {
    prepend($('movements'), element('li', { class: 'muted' }, 'Reconnected: some movements may be missing.'));
    return;
  }
  const { deal } = message;
  if (!deal) return;
  const previous = deals.get(deal.id)?.stage;
  deals.delete(deal.id); // re-insert: newest last
  deals.set(deal.id, { id: deal.id, title: deal.title, stage: deal.stage });
  showDealsOf(deal.stage);
  if (previous && previous !== deal.stage) showDealsOf(previous);
  // Closing a deal emits deal.stage_changed and then deal.won / deal.lost: the feed shows the latter.
  if (message.eventType === 'deal.stage_changed' && deal.stage.startsWith('CLOSED_')) return;
  const [what, tone] = describeMovement(message.eventType, deal, previous);
  prepend(
    $('movements'),
    element(
      'li',
      { 'data-deal': deal.id, 'data-event': message.eventType },
      element('span', { class: 'when' }, time.format(new Date(message.occurredAt))),
      element('strong', {}, deal.title),
      ' ',
      element('span', { class: tone }, what),
      element('div', { class: 'muted' }, money.format(Number(deal.estimatedValue))),
    ),
  );
}

function onSlaBreached(message) {
  if (message.eventType === 'snapshot') {
    prepend($('breaches'), element('li', { class: 'muted' }, 'Reconnected: some breaches may be missing.'));
    return;
  }
  const { task } = message;
  if (!task) return;
  prepend(
    $('breaches'),
    element(
      'li',
      { 'data-task': task.id },
      element('span', { class: 'when' }, time.format(new Date(message.occurredAt))),
      element('strong', { class: 'breach' }, task.type.replaceAll('_', ' ').toLowerCase()),
      task.deal ? ` · ${task.deal.title}` : '',
      element(
        'div',
        { class: 'muted' },
        `${task.assigneeRole ?? 'assignee'} · due ${new Date(task.dueAt).toLocaleString()}`,
      ),
    ),
  );
}

// ---- the connection ---------------------------------------------------------------------

function setConnection(state, text) {
  const badge = $('connection');
  badge.dataset.state = state;
  badge.textContent = text;
}

/**
 * Subscribes for as long as the page lives. graphql-ws re-sends an operation's payload
 * object after every reconnect; `variables.after` is updated in place with each message's
 * cursor, so a resubscription resumes where the stream stopped.
 */
function follow(client, query, onMessage) {
  const payload = { query, variables: { after: null } };
  client.subscribe(payload, {
    next: ({ data, errors }) => {
      if (errors?.length) console.warn('subscription errors', errors);
      const message = data && Object.values(data)[0];
      if (!message) return;
      payload.variables.after = message.cursor;
      onMessage(message);
    },
    error: (error) => {
      console.warn('subscription ended with an error', error);
      setConnection('refused', 'refused: check the token');
    },
    complete: () => undefined,
  });
}

function connect(token) {
  const identity = describeToken(token);
  $('tenant').textContent = identity ? `tenant ${identity.tenant} · ${identity.roles.join(', ')}` : '';
  const client = createClient({
    url: graphqlWsUrl(),
    connectionParams: () => ({ authorization: `Bearer ${token}` }),
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: async (retries) =>
      new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries) * (0.5 + Math.random() / 2))),
    on: {
      connecting: () => setConnection('connecting', 'connecting…'),
      connected: () => setConnection('live', 'live'),
      closed: (event) => {
        if (event?.code === 4403) setConnection('refused', 'refused: token expired or not valid');
        else setConnection('offline', 'offline: reconnecting…');
      },
    },
  });
  follow(client, pipelineSubscription, (message) => showPipeline(message.pipeline));
  follow(client, dealSubscription, onDealChanged);
  follow(client, breachSubscription, onSlaBreached);
  return client;
}

function askForToken() {
  setConnection('offline', 'no token');
  const form = $('token-form');
  form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token-input')
      .value.trim()
      .replace(/^Bearer\s+/i, '');
    if (!token) return;
    rememberToken(token);
    form.hidden = true;
    connect(token);
  });
}

buildBoard();
const token = initialToken();
if (token) connect(token);
else askForToken();
