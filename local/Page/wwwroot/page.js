// The runner's page: reads /_local/api/ (polling for counters, server-sent events for the bus) and drives its controls.
'use strict';

const POLL_MS = 1500;
const MAX_EVENTS = 200;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

const state = { platform: null, architecture: null, events: new Map(), open: new Set() };

function el(tag, attributes, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  element.append(...children.filter(child => child !== null && child !== undefined));
  return element;
}

function svg(tag, attributes, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttributes(element, attributes);
  element.append(...children);
  return element;
}

function setAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') element.textContent = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

// A <details> that stays open across the refreshes that redraw its table.
function details(key, summary, ...content) {
  const element = el('details', { 'data-key': key, open: state.open.has(key) }, el('summary', { text: summary }), ...content);
  element.addEventListener('toggle', () => (element.open ? state.open.add(key) : state.open.delete(key)));
  return element;
}

function api(path) {
  return '/_local/api/' + path;
}

async function getJson(path) {
  const response = await fetch(api(path), { cache: 'no-store' });
  if (!response.ok) throw new Error(`${response.status} from ${path}`);
  return response.json();
}

async function postJson(path, body) {
  const response = await fetch(api(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const json = await response.json().catch(() => ({ message: response.statusText }));
  return { ok: response.ok, status: response.status, json };
}

function setLive(live, text) {
  const badge = document.getElementById('live');
  badge.dataset.state = live;
  badge.textContent = text;
}

function showResult(id, ok, text) {
  const target = document.getElementById(id);
  target.dataset.ok = String(ok);
  target.textContent = text;
}

function problem(result) {
  const json = result.json || {};
  return `${result.status}${json.field ? ` ${json.field}:` : ''} ${json.message ?? JSON.stringify(json)}`;
}

function clock(iso) {
  const date = new Date(iso);
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function number(value) {
  return value === null || value === undefined ? '–' : String(value);
}

function replaceRows(tbody, rows) {
  tbody.replaceChildren(...rows);
}

// Functions

function renderFunctions(functions) {
  const rows = functions.map(f => el('tr', { 'data-function': f.name },
    el('td', {}, el('code', { text: f.name })),
    stat('invocations', f.invocations),
    stat('errors', f.errors, f.errors > 0),
    stat('throttles', f.throttles, f.throttles > 0),
    stat('timeouts', f.timeouts, f.timeouts > 0),
    stat('coldStarts', f.coldStarts),
    stat('p50Ms', f.p50Ms),
    stat('p99Ms', f.p99Ms),
    stat('instances', f.instances),
    stat('asyncPending', f.asyncPending),
    buildCell(f.build)));
  replaceRows(document.querySelector('#functions tbody'), rows);
  renderBuildErrors(functions.filter(f => f.build && f.build.state === 'failed'));
}

// Watch mode's latest rebuild of a function: building, swapped in (with when and how long), or failed.
function buildCell(build) {
  if (!build) {
    return el('td', { 'data-stat': 'build' });
  }
  const text = build.state === 'ok' ? `swapped in ${clock(build.at)} (${(build.durationMs / 1000).toFixed(1)} s)`
    : build.state === 'building' ? 'building…' : `failed ${clock(build.at)}, previous build serving`;
  return el('td', { class: build.state === 'failed' ? 'bad' : '', 'data-stat': 'build', 'data-build': build.state, text });
}

function renderBuildErrors(failed) {
  const banner = document.getElementById('build-errors');
  banner.hidden = failed.length === 0;
  banner.replaceChildren(...failed.map(f => el('div', {},
    el('strong', { text: `${f.name}: build failed; the previous build keeps serving` }),
    el('pre', { text: f.build.errors.join('\n') }))));
}

function stat(name, value, bad) {
  return el('td', { class: bad ? 'num bad' : 'num', 'data-stat': name, text: number(value) });
}

// Events

function idsOf(detail) {
  if (!detail || typeof detail !== 'object') return '';
  return Object.entries(detail)
    .filter(([key, value]) => typeof value === 'string' && key.endsWith('Id'))
    .slice(0, 3)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

function eventRow(matched, fresh) {
  const rules = matched.matchedRules.length === 0
    ? [el('span', { class: 'tag none', text: 'no rule' })]
    : matched.matchedRules.map(rule => el('span', { class: 'tag', 'data-rule': rule, text: rule }));
  return el('tr', { 'data-event-id': matched.id, 'data-detail-type': matched.detailType, class: fresh ? 'fresh' : null },
    el('td', { text: clock(matched.receivedAt) }),
    el('td', { text: matched.detailType }),
    el('td', {}, el('code', { text: matched.source })),
    el('td', {}, el('code', { text: idsOf(matched.event.detail) })),
    el('td', {}, el('div', { class: 'rules' }, ...rules)));
}

function addEvent(matched) {
  if (state.events.has(matched.id)) return;
  state.events.set(matched.id, matched);
  const tbody = document.querySelector('#events tbody');
  tbody.prepend(eventRow(matched, true));
  while (tbody.rows.length > MAX_EVENTS) {
    const last = tbody.rows[tbody.rows.length - 1];
    state.events.delete(last.dataset.eventId);
    last.remove();
  }
}

function followEvents() {
  // EventSource reconnects by itself (after a runner restart too); events already shown are not added twice.
  const source = new EventSource(api('events/stream?recent=100'));
  source.addEventListener('open', () => setLive('live', 'live'));
  source.addEventListener('error', () => setLive('disconnected', 'disconnected, retrying'));
  source.addEventListener('event', message => addEvent(JSON.parse(message.data)));
}

// Queues and dead letters

function renderQueues(queues) {
  const rows = queues.map(queue => {
    const dead = queue.kind === 'dead-letter';
    const cells = [
      el('td', {}, el('code', { text: queue.name }), dead ? el('div', { class: 'muted', text: `from ${queue.source}` }) : null),
      el('td', { class: dead && queue.visible > 0 ? 'num bad' : 'num', 'data-stat': 'visible', text: queue.visible }),
      el('td', { class: 'num', 'data-stat': 'inFlight', text: queue.inFlight }),
      el('td', { class: 'num', 'data-stat': 'delayed', text: queue.delayed }),
      el('td', { class: 'num', 'data-stat': 'sent', text: queue.sent }),
      el('td', { class: 'num', 'data-stat': 'received', text: queue.received }),
      el('td', {}, dead ? deadLetterCell(queue) : null),
    ];
    return el('tr', { 'data-queue': queue.name, 'data-kind': queue.kind }, ...cells);
  });
  replaceRows(document.querySelector('#queues tbody'), rows);
}

function deadLetterCell(queue) {
  const button = el('button', { type: 'button', class: 'small', 'data-redrive': queue.name, disabled: queue.messages.length === 0, text: 'Redrive' });
  button.addEventListener('click', () => redrive(queue.name, button));
  if (queue.messages.length === 0) return button;
  const reasons = el('ul', { class: 'plain' }, ...queue.messages.map(m => el('li', {},
    el('span', {}, el('code', { text: m.messageId.slice(0, 8) }), ' ', m.reason || 'no reason recorded'))));
  return el('div', {}, button, details(`dlq:${queue.name}`, `${queue.messages.length} message(s) and why`, reasons));
}

async function redrive(name, button) {
  button.disabled = true;
  const result = await postJson(`dlq/${encodeURIComponent(name)}/redrive`);
  showResult('redrive-result', result.ok, result.ok ? `Redrove ${result.json.redriven} message(s) from ${name}.` : problem(result));
  await refresh();
}

// Outbox

function renderOutbox(outbox) {
  document.getElementById('outbox-count').textContent = `${outbox.count} message(s), newest first`;
  const items = outbox.messages.map(mail => el('li', { 'data-mail-id': mail.id },
    el('div', { class: 'subject', text: mail.subject }),
    el('div', { class: 'meta', text: `${clock(mail.timestamp)} · ${mail.from} → ${mail.to.join(', ')}` }),
    mail.text ? details(`mail:${mail.id}`, 'text', el('pre', { text: mail.text })) : null));
  document.getElementById('outbox').replaceChildren(...items);
}

// Architecture

const COLUMNS = { route: 0, schedule: 0, rule: 0, bucket: 0, other: 0, queue: 1, function: 2 };
const COLUMN_X = [10, 400, 680];
const COLUMN_WIDTH = [260, 190, 240];
const COLUMN_TITLES = ['routes · schedules · rules · buckets', 'queues', 'functions'];
const NODE_HEIGHT = 34;
const ROW = 44;
const TOP = 28;

function layout(architecture) {
  const columns = [[], [], []];
  for (const node of architecture.nodes) columns[COLUMNS[node.kind] ?? 0].push(node);
  const position = new Map();
  const place = (column, nodes) => nodes.forEach((node, row) => position.set(node.id, { column, row }));
  place(0, columns[0]);
  // Queues and functions sit near the average row of what feeds them, which keeps most arrows short and uncrossed.
  for (const column of [1, 2]) {
    const weight = node => {
      const rows = architecture.edges.filter(e => e.to === node.id && position.has(e.from)).map(e => position.get(e.from).row);
      return rows.length === 0 ? Number.MAX_SAFE_INTEGER : rows.reduce((a, b) => a + b, 0) / rows.length;
    };
    const ordered = [...columns[column]].map(node => ({ node, weight: weight(node) })).sort((a, b) => a.weight - b.weight);
    let next = 0;
    for (const { node, weight: w } of ordered) {
      const row = Math.max(next, Number.isFinite(w) && w !== Number.MAX_SAFE_INTEGER ? Math.round(w) : next);
      position.set(node.id, { column, row });
      next = row + 1;
    }
  }

  return position;
}

function drawArchitecture(architecture) {
  const position = layout(architecture);
  const rows = Math.max(...[...position.values()].map(p => p.row)) + 1;
  const width = COLUMN_X[2] + COLUMN_WIDTH[2] + 10;
  const height = TOP + rows * ROW + 10;
  const box = id => {
    const p = position.get(id);
    return { x: COLUMN_X[p.column], y: TOP + p.row * ROW, w: COLUMN_WIDTH[p.column] };
  };

  const edges = architecture.edges.filter(e => position.has(e.from) && position.has(e.to)).map(edge => {
    const a = box(edge.from);
    const b = box(edge.to);
    const x1 = a.x + a.w;
    const y1 = a.y + NODE_HEIGHT / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_HEIGHT / 2;
    const bend = (x2 - x1) / 2;
    return svg('g', { class: 'edge', 'data-edge-id': edge.id },
      svg('path', { d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`, 'marker-end': 'url(#arrow)' }),
      svg('text', { x: x1 + 6, y: y1 - 5, 'data-label': '' }));
  });

  const nodes = architecture.nodes.filter(n => position.has(n.id)).map(node => {
    const b = box(node.id);
    return svg('g', { class: `node ${node.kind}`, 'data-node-id': node.id, transform: `translate(${b.x},${b.y})` },
      svg('title', { text: `${node.kind}: ${node.label}\n${node.detail}` }),
      svg('rect', { width: b.w, height: NODE_HEIGHT, rx: 5 }),
      svg('text', { x: 8, y: 14, text: clip(node.label, b.w) }),
      svg('text', { x: 8, y: 27, class: 'detail', text: clip(node.detail, b.w * 1.15) }));
  });

  const titles = COLUMN_TITLES.map((title, column) => svg('text', { x: COLUMN_X[column], y: 14, class: 'column-title', text: title }));
  const marker = svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8a93a6' })));
  const drawing = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height }, marker, ...titles, ...edges, ...nodes);
  document.getElementById('architecture-diagram').replaceChildren(drawing);

  const labels = new Map(architecture.nodes.map(n => [n.id, n.label]));
  const rowsOfTable = architecture.edges.map(edge => el('tr', { 'data-edge-id': edge.id },
    el('td', {}, el('code', { text: labels.get(edge.from) ?? edge.from })),
    el('td', {}, el('code', { text: labels.get(edge.to) ?? edge.to })),
    el('td', { class: 'num', 'data-stat': 'count' }),
    el('td', { class: 'num', 'data-stat': 'failed' })));
  replaceRows(document.querySelector('#edges tbody'), rowsOfTable);
  renderEdges(architecture.edges);
}

function clip(text, width) {
  const max = Math.floor(width / 6.6);
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function renderEdges(traffic) {
  const edges = new Map(state.architecture.edges.map(e => [e.id, e]));
  for (const current of traffic) {
    const edge = edges.get(current.id);
    if (!edge) continue;
    const counted = current.count !== null && current.count !== undefined;
    const text = !counted
      ? 'not counted'
      : `${current.count} ${edge.countLabel}` + (current.failed > 0 ? ` · ${current.failed} ${edge.failedLabel}` : '');
    const group = document.querySelector(`#architecture-diagram g.edge[data-edge-id="${CSS.escape(edge.id)}"]`);
    if (group) {
      group.classList.toggle('active', counted && current.count > 0);
      group.classList.toggle('failing', counted && current.failed > 0);
      group.dataset.count = counted ? current.count : '';
      group.dataset.failed = counted ? current.failed : '';
      group.querySelector('text').textContent = text;
    }

    const row = document.querySelector(`#edges tr[data-edge-id="${CSS.escape(edge.id)}"]`);
    if (row) {
      row.querySelector('[data-stat="count"]').textContent = counted ? `${current.count} ${edge.countLabel}` : 'not counted';
      const failed = row.querySelector('[data-stat="failed"]');
      failed.textContent = counted ? `${current.failed} ${edge.failedLabel}` : '';
      failed.className = counted && current.failed > 0 ? 'num bad' : 'num';
    }
  }
}

// Controls

function exampleFor(route) {
  const platform = state.platform;
  const key = route.routeKey;
  if (key === 'POST /orders') {
    return {
      path: route.path,
      headers: { 'idempotency-key': `page-${Date.now()}` },
      body: { customerId: platform.demoCustomerId ?? 'usr_…', items: [{ sku: 'DEMO-1', quantity: 1 }], paymentMethod: 'pm_card_visa' },
    };
  }

  if (key === 'POST /users') return { path: route.path, body: { email: `dev+${Date.now()}@example.com`, name: 'Local Developer' } };
  if (key === 'PUT /products/{sku}') return { path: '/products/DEMO-1', body: { name: 'Demo product', priceCents: 1999, stock: 100 } };
  return { path: route.path.replace('/{id}', platform.demoCustomerId && key.includes('/users/') ? `/${platform.demoCustomerId}` : '/{id}') };
}

function fillRoute(route) {
  const example = exampleFor(route);
  document.getElementById('route-method').value = route.method;
  document.getElementById('route-path').value = example.path;
  const headers = { 'content-type': 'application/json', ...(example.headers || {}) };
  if (route.authorization === 'jwt') headers.authorization = `Bearer ${state.platform.developmentToken}`;
  document.getElementById('route-headers').value = Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\n');
  document.getElementById('route-body').value = example.body ? JSON.stringify(example.body, null, 2) : '';
}

function parseHeaders(text) {
  const headers = {};
  for (const line of text.split('\n').map(l => l.trim()).filter(l => l.length > 0)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`Header line "${line}" is not "name: value".`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function setUpRouteForm() {
  const routes = state.platform.routes;
  const select = document.getElementById('route-select');
  select.replaceChildren(...routes.map((route, index) => el('option', { value: index, text: `${route.routeKey}  →  ${route.function}` })));
  document.getElementById('route-method').replaceChildren(...METHODS.map(m => el('option', { value: m, text: m })));
  select.addEventListener('change', () => fillRoute(routes[Number(select.value)]));
  const orders = routes.findIndex(r => r.routeKey === 'POST /orders');
  select.value = String(orders >= 0 ? orders : 0);
  if (routes.length > 0) fillRoute(routes[Number(select.value)]);

  document.getElementById('route-form').addEventListener('submit', async submit => {
    submit.preventDefault();
    let headers;
    try {
      headers = parseHeaders(document.getElementById('route-headers').value);
    } catch (error) {
      showResult('route-result', false, error.message);
      return;
    }

    const body = document.getElementById('route-body').value;
    const request = { method: document.getElementById('route-method').value, path: document.getElementById('route-path').value, headers };
    if (body.trim().length > 0) request.body = body;
    const result = await postJson('invoke-route', request);
    if (!result.ok) {
      showResult('route-result', false, problem(result));
      return;
    }

    const answer = result.json;
    let shown = answer.body;
    try { shown = JSON.stringify(JSON.parse(answer.body), null, 2); } catch { /* not JSON: shown as it is */ }
    showResult('route-result', answer.status < 400, `${answer.status} in ${answer.durationMs} ms\n${shown}`);
    document.getElementById('route-result').dataset.status = answer.status;
    refresh();
  });
}

function setUpEventForm() {
  const types = state.platform.eventTypes;
  const select = document.getElementById('event-type');
  select.replaceChildren(...types.map((type, index) => el('option', { value: index, text: `${type.detailType}  (${type.source})` })));
  const fill = () => {
    const type = types[Number(select.value)];
    if (!type) return;
    document.getElementById('event-source').value = type.source;
    document.getElementById('event-detail-type').value = type.detailType;
  };
  select.addEventListener('change', fill);
  fill();

  document.getElementById('event-form').addEventListener('submit', async submit => {
    submit.preventDefault();
    const result = await postJson('put-event', {
      source: document.getElementById('event-source').value,
      detailType: document.getElementById('event-detail-type').value,
      detail: document.getElementById('event-detail').value,
    });
    if (!result.ok) {
      showResult('event-result', false, problem(result));
      return;
    }

    const rules = result.json.matchedRules;
    showResult('event-result', true, `Event ${result.json.id} accepted; ${rules.length === 0 ? 'it matched no rule' : `matched ${rules.join(', ')}`}.`);
    addEvent(result.json);
  });
}

function setUpSchedules() {
  const items = state.platform.schedules.map(schedule => {
    const button = el('button', { type: 'button', class: 'small', 'data-fire': schedule.name, text: 'Fire now' });
    button.addEventListener('click', async () => {
      button.disabled = true;
      const result = await postJson(`schedules/${encodeURIComponent(schedule.name)}/fire`);
      button.disabled = false;
      showResult('schedule-result', result.ok, result.ok
        ? `Fired ${result.json.schedule} → ${result.json.function} (event ${result.json.eventId}).`
        : problem(result));
      refresh();
    });
    return el('li', { 'data-schedule': schedule.name },
      el('span', {}, el('code', { text: schedule.name }), ' ', el('span', { class: 'muted', text: `${schedule.expression} → ${schedule.function}` })),
      button);
  });
  document.getElementById('schedules').replaceChildren(...(items.length > 0 ? items : [el('li', { text: 'The platform has no schedules.' })]));
}

function setUpActivity() {
  document.getElementById('activity-form').addEventListener('submit', async submit => {
    submit.preventDefault();
    const orderId = document.getElementById('activity-order').value.trim();
    const target = document.getElementById('activity');
    showTrace(orderId);
    const response = await fetch(api(`orders/${encodeURIComponent(orderId)}/activity`), { cache: 'no-store' });
    const json = await response.json();
    if (!response.ok) {
      target.replaceChildren(el('p', { class: 'result', 'data-ok': 'false', text: `${json.field ?? ''} ${json.message}` }));
      return;
    }

    const events = el('table', { id: 'activity-events' },
      el('thead', {}, el('tr', {}, ...['time', 'detail-type', 'source', 'ids', 'matched rules'].map(t => el('th', { text: t })))),
      el('tbody', {}, ...json.events.map(e => eventRow(e, false))));
    const mails = el('ul', { id: 'activity-mails', class: 'mails' }, ...json.mails.map(mail => el('li', { 'data-mail-id': mail.id },
      el('div', { class: 'subject', text: mail.subject }),
      el('div', { class: 'meta', text: `${clock(mail.timestamp)} · ${mail.from} → ${mail.to.join(', ')}` }))));
    target.replaceChildren(
      el('h3', { text: `${json.events.length} event(s) mentioning ${json.orderId}` }), events,
      el('h3', { text: `${json.mails.length} mail(s) mentioning ${json.orderId}` }), mails);
  });
}

// The page's CSP forbids style attributes; geometry set through the CSSOM is allowed.
function traceBar(span, total) {
  const bar = el('span', { class: 'bar' });
  bar.style.marginLeft = `${(100 * span.offsetMs / total).toFixed(2)}%`;
  bar.style.width = `${Math.max(0.5, 100 * span.durationMs / total).toFixed(2)}%`;
  return bar;
}

async function showTrace(orderId) {
  const target = document.getElementById('trace');
  const response = await fetch(api(`traces/${encodeURIComponent(orderId)}`), { cache: 'no-store' });
  const json = await response.json();
  if (!response.ok) {
    target.replaceChildren(el('p', { class: 'result', 'data-ok': 'false', text: json.message }));
    return;
  }

  const total = Math.max(json.durationMs, 1);
  const rows = json.spans.map(span => el('tr', { 'data-kind': span.kind },
    el('td', { class: 'num', text: `+${Math.round(span.offsetMs)} ms` }),
    el('td', { class: 'num', text: `${Math.round(span.durationMs)} ms` }),
    el('td', { text: span.kind }),
    el('td', {}, el('code', { text: span.name })),
    el('td', { text: span.outcome }),
    el('td', { class: 'timeline' }, traceBar(span, total)),
    el('td', { class: 'muted', text: span.detail })));
  target.replaceChildren(
    el('h3', { text: `Trace ${json.traceId}: ${json.spans.length} step(s) over ${Math.round(json.durationMs)} ms, from ${clock(json.start)}` }),
    el('table', { id: 'trace-steps' },
      el('thead', {}, el('tr', {}, ...['offset', 'duration', 'kind', 'name', 'outcome', 'timeline', 'detail'].map(t => el('th', { text: t })))),
      el('tbody', {}, ...rows)));
}

// Polling

let refreshing = null;

function refresh() {
  refreshing ??= getJson('overview')
    .then(overview => {
      renderFunctions(overview.functions);
      renderQueues(overview.queues);
      renderEdges(overview.edges);
      renderOutbox(overview.outbox);
      document.body.dataset.refreshed = String(Date.now());
    })
    .catch(() => setLive('disconnected', 'disconnected, retrying'))
    .finally(() => { refreshing = null; });
  return refreshing;
}

async function poll() {
  await refresh();
  setTimeout(poll, POLL_MS);
}

async function start() {
  state.platform = await getJson('platform');
  document.getElementById('stack').textContent = state.platform.stack;
  document.getElementById('gateway-url').textContent = state.platform.gatewayUrl;
  state.architecture = await getJson('architecture');
  drawArchitecture(state.architecture);
  setUpRouteForm();
  setUpEventForm();
  setUpSchedules();
  setUpActivity();
  followEvents();
  poll();
}

start().catch(error => {
  setLive('disconnected', 'the runner did not answer');
  document.querySelector('main').prepend(el('p', { class: 'result', 'data-ok': 'false', text: `The page could not start: ${error.message}` }));
});
