// The quota review in plain JavaScript: the benchmark's reference for the Leptos app.
//
// It does what src/views/spaces/ does, against the same server: checks the session (logging
// in as the demo admin when there is none), fetches every page of the org spaces, renders
// each page as it arrives with the same markup (li.space-row with .quota-bar[role=progressbar],
// the summary, the .load-done status), sorts by any key in either order and filters by name
// on each keystroke. It is written the way a careful hand would write it without a
// framework: each row's element is built once, a new row is inserted at its sorted place
// (binary search), re-sorting and filtering reorder the existing elements, and the Intl
// formatters are made once. Only Chinese (zh-CN), the demo's language, and the default
// thresholds (80 / 95 %) are supported: the benchmark needs no more.

const LANG = 'zh-CN';
const numberFormat = new Intl.NumberFormat(LANG);
const dateFormat = new Intl.DateTimeFormat(LANG, {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
});
const collator = new Intl.Collator('zh');
const THRESHOLDS = { warning: 80, critical: 95 };
const PAGE_SIZE = 50;

const STATE_TEXT = {
  ok: '正常', warning: '接近上限', critical: '即将用尽', over: '已超额', unlimited: '不限容量', unknown: '未知',
};
const STATE_ICON = { ok: '✓', warning: '⚠', critical: '‼', over: '✖', unlimited: '∞', unknown: '?' };

// ---- numbers, as src/format.rs and src/quota.rs compute them --------------------------------

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];

function formatBytes(bytes) {
  let v = Math.abs(bytes);
  let unit = 0;
  while (v >= 1024 && unit < UNITS.length - 1) { v /= 1024; unit += 1; }
  let rounded = unit === 0 || v >= 100 ? Math.round(v) : Math.round(v * 10) / 10;
  if (rounded >= 1024 && unit < UNITS.length - 1) { rounded = 1; unit += 1; }
  return `${numberFormat.format(bytes < 0 ? -rounded : rounded)} ${UNITS[unit]}`;
}

const percentBp = (bp) => `${numberFormat.format(Math.round(bp / 10) / 10)}%`;

/** used / quota in basis points, exact (BigInt once the product leaves the safe range). */
function fillBp(used, quota) {
  if (!(quota > 0)) return null;
  const u = Math.max(used, 0);
  if (u * 10000 <= Number.MAX_SAFE_INTEGER) return Math.floor((u * 10000) / quota);
  return Number((BigInt(u) * 10000n) / BigInt(quota));
}

/** A lenient integer: numbers and numeric strings, anything else null. */
function int(v) {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return null;
}

function usageOf(space) {
  const usedRaw = int(space.usedQuota);
  const used = usedRaw !== null && usedRaw >= 0 ? usedRaw : null;
  const q = int(space.quota);
  const quota = q === -1 ? 'unlimited' : q !== null && q >= 0 ? q : 'unknown';
  const bp = typeof quota === 'number' && used !== null ? fillBp(used, quota) : null;
  return { used, quota, bp };
}

function stateOf(u) {
  if (u.quota === 'unlimited') return 'unlimited';
  if (u.quota === 'unknown' || u.used === null) return 'unknown';
  if (u.used > u.quota) return 'over';
  if (u.quota === 0) return 'ok';
  const bp = u.bp ?? 0;
  if (bp >= THRESHOLDS.critical * 100) return 'critical';
  if (bp >= THRESHOLDS.warning * 100) return 'warning';
  return 'ok';
}

function barPercent(u) {
  if (u.quota === 0 && (u.used ?? 0) > 0) return 100;
  if (u.bp !== null) return Math.min(u.bp, 10000) / 100;
  return 0;
}

function epochMs(text) {
  if (typeof text !== 'string' || !/^\d{4}-\d\d-\d\d[T ]/.test(text)) return null;
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : null;
}

function wireTime(text) {
  if (text === undefined || text === null) return '—';
  const ms = epochMs(text);
  if (ms !== null) return dateFormat.format(new Date(ms));
  return text === '' ? '—' : text;
}

// ---- rows ------------------------------------------------------------------------------------

const template = document.createElement('template');
template.innerHTML = `<li class="space-row"><div class="space-head"><a class="space-name"></a><span class="space-percent"></span></div><div class="quota-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100"><div class="quota-fill"></div></div><div class="space-meta"><span class="space-amounts"></span><span class="space-state"><span class="state-icon" aria-hidden="true"></span> <span class="state-notes"></span></span><span class="space-modified"></span></div></li>`;
const rowTemplate = template.content.firstChild;

class Row {
  constructor(space) {
    this.id = String(space.spaceId ?? '');
    this.name = String(space.spaceName ?? '');
    this.folded = this.name.toLowerCase();
    this.usage = usageOf(space);
    this.state = stateOf(this.usage);
    this.modified = epochMs(space.modifyTime);
    this.modifiedText = wireTime(space.modifyTime);
    this.el = null;
  }

  element() {
    if (this.el) return this.el;
    const u = this.usage;
    const el = rowTemplate.cloneNode(true);
    const display = this.name.trim() === '' ? '（未命名）' : this.name;
    el.className = `space-row state-${this.state}`;
    el.dataset.spaceId = this.id;
    const head = el.firstChild;
    const link = head.firstChild;
    link.href = `/spaces/${encodeURIComponent(this.id)}`;
    link.title = display;
    link.textContent = display;
    if (u.bp !== null) head.lastChild.textContent = percentBp(u.bp);
    const bar = head.nextSibling;
    bar.className = `quota-bar state-${this.state}`;
    const percent = barPercent(u);
    if (u.quota !== 'unlimited') bar.setAttribute('aria-valuenow', String(Math.round(percent)));
    let valueText;
    if (u.quota === 'unlimited') valueText = '不限容量';
    else if (u.bp !== null) valueText = percentBp(u.bp);
    else if (u.quota === 0) valueText = '未分配容量';
    else valueText = '用量未知';
    bar.setAttribute('aria-valuetext', valueText);
    bar.setAttribute('aria-label', `${this.name.trim() === '' ? '' : this.name} 的容量使用情况`);
    bar.firstChild.style.width = `${percent}%`;
    const meta = bar.nextSibling;
    const amounts = meta.firstChild;
    if (u.used !== null && u.quota === 'unlimited') amounts.textContent = `已用 ${formatBytes(u.used)}，不限容量`;
    else if (u.used !== null && typeof u.quota === 'number') amounts.textContent = `已用 ${formatBytes(u.used)} / 共 ${formatBytes(u.quota)}`;
    else amounts.textContent = '用量未知';
    const stateEl = amounts.nextSibling;
    stateEl.firstChild.textContent = STATE_ICON[this.state];
    const notes = [STATE_TEXT[this.state]];
    if (u.quota === 0) notes.push('未分配容量');
    if (u.used === 0) notes.push('空');
    stateEl.lastChild.replaceWith(notes.join(' · '));
    meta.lastChild.textContent = `修改于 ${this.modifiedText}`;
    this.el = el;
    return el;
  }
}

// ---- order: src/state/review.rs ----------------------------------------------------------------

const MAX = Number.MAX_SAFE_INTEGER;

function sortValue(row, key) {
  const u = row.usage;
  switch (key) {
    case 'usage':
      if (u.quota === 'unlimited') return -1;
      if (u.quota === 0 && u.used !== null) return u.used > 0 ? MAX : 0;
      return u.bp;
    case 'used': return u.used;
    case 'quota': return u.quota === 'unlimited' ? MAX : u.quota === 'unknown' ? null : u.quota;
    case 'modified': return row.modified;
    default: return null; // name: by collation below
  }
}

function byName(a, b) {
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function comparator(key, desc) {
  if (key === 'name') return desc ? (a, b) => byName(b, a) : byName;
  return (a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x !== null && y !== null) {
      if (x !== y) return desc ? y - x : x - y;
    } else if (x !== null) return -1;
    else if (y !== null) return 1;
    return byName(a, b);
  };
}

// ---- the page ------------------------------------------------------------------------------------

const $ = (s) => document.querySelector(s);
const list = $('ul.space-list');
const statusEl = $('.review-status');
const filterNote = $('.review-filter-note');
const sortSelect = $('select.sort-key');
const orderButton = $('button.sort-order');
const filterInput = $('input.name-filter');

const view = { sort: 'usage', desc: true, filter: '' };
const rows = [];
/** The rows shown, in order; list's children are exactly their elements. */
let shown = [];
let compare = comparator(view.sort, view.desc);
let needle = '';
let pages = 0;

const matches = (row) => needle === '' || row.folded.includes(needle);

/** Places new rows at their sorted positions (binary search), one DOM insert each. */
function insertRows(fresh) {
  for (const row of fresh) {
    rows.push(row);
    if (!matches(row)) continue;
    let lo = 0;
    let hi = shown.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(shown[mid], row) < 0) lo = mid + 1; else hi = mid;
    }
    list.insertBefore(row.element(), lo < shown.length ? shown[lo].el : null);
    shown.splice(lo, 0, row);
  }
}

/** Sort or filter changed: recompute the visible order and move the elements into it. */
function relayout() {
  compare = comparator(view.sort, view.desc);
  needle = view.filter.trim().toLowerCase();
  shown = rows.filter(matches).sort(compare);
  list.replaceChildren(...shown.map((r) => r.element()));
  renderFilterNote();
}

function renderFilterNote() {
  const text = view.filter.trim();
  if (text === '' || rows.length === 0) { filterNote.replaceChildren(); return; }
  const p = document.createElement('p');
  if (shown.length === 0) {
    p.className = 'empty-state no-match';
    p.textContent = `没有名称包含“${text}”的空间。`;
  } else {
    p.className = 'filter-count';
    p.setAttribute('role', 'status');
    p.textContent = `显示 ${shown.length} / ${rows.length} 个空间`;
  }
  filterNote.replaceChildren(p);
}

function renderStatus(phase, error) {
  if (phase === 'loading') {
    statusEl.innerHTML = '<div class="load-progress" role="status"><progress class="page-progress"></progress><span></span></div>';
    statusEl.querySelector('span').textContent = `已加载 ${pages} 页，共 ${rows.length} 个空间…`;
  } else if (phase === 'done' && rows.length === 0) {
    statusEl.innerHTML = '<p class="empty-state">这个组织还没有任何空间。</p>';
  } else if (phase === 'done') {
    statusEl.innerHTML = '<p class="load-done" role="status"></p>';
    statusEl.firstChild.textContent = `共 ${rows.length} 个空间`;
  } else {
    statusEl.innerHTML = '<div class="error-panel" role="alert"><p></p></div>';
    statusEl.querySelector('p').textContent = `出错了：${error}`;
  }
}

function renderSummary() {
  let used = 0; let allotted = 0; let usedLimited = 0;
  const counts = { ok: 0, warning: 0, critical: 0, over: 0, unlimited: 0, unknown: 0 };
  const limited = [];
  for (const r of rows) {
    const u = r.usage;
    used += u.used ?? 0;
    if (typeof u.quota === 'number') {
      allotted += u.quota;
      usedLimited += u.used ?? 0;
      if ((u.used ?? 0) > 0) limited.push(r);
    }
    counts[r.state] += 1;
  }
  const byUsage = comparator('usage', true);
  const fullest = [];
  for (const r of limited) { // the five fullest, without sorting them all
    let i = fullest.length;
    while (i > 0 && byUsage(r, fullest[i - 1]) < 0) i -= 1;
    if (i < 5) { fullest.splice(i, 0, r); if (fullest.length > 5) fullest.pop(); }
  }
  const share = allotted > 0 ? percentBp(fillBp(usedLimited, allotted)) : '—';
  const summary = $('section.summary');
  summary.hidden = rows.length === 0;
  const totals = summary.querySelector('.summary-totals');
  totals.innerHTML = '<div class="total"><span class="total-label">总已用</span><span class="total-value summary-used"></span></div>'
    + '<div class="total"><span class="total-label">已分配容量（有限额空间）</span><span class="total-value summary-allotted"></span><span class="total-detail"></span></div>'
    + '<div class="total"><span class="total-label">不限容量</span><span class="total-detail summary-unlimited"></span></div>';
  totals.querySelector('.summary-used').textContent = formatBytes(used);
  totals.querySelector('.summary-allotted').textContent = formatBytes(allotted);
  totals.querySelector('.summary-allotted + .total-detail').textContent = `其中已用 ${formatBytes(usedLimited)}（${share}）`;
  totals.querySelector('.summary-unlimited').textContent = `${counts.unlimited} 个不限容量空间，已用 ${formatBytes(used - usedLimited)}`;
  const chips = summary.querySelector('.state-chips');
  chips.replaceChildren(...Object.keys(counts).filter((s) => counts[s] > 0 || s !== 'unknown').map((s) => {
    const li = document.createElement('li');
    li.className = `state-chip state-${s}`;
    li.dataset.state = s;
    li.innerHTML = '<span aria-hidden="true"></span> <span></span> <strong class="chip-count"></strong>';
    li.firstChild.textContent = STATE_ICON[s];
    li.children[1].replaceWith(STATE_TEXT[s]);
    li.lastChild.textContent = String(counts[s]);
    return li;
  }));
  summary.querySelector('ol.fullest').replaceChildren(...fullest.map((r) => {
    const li = document.createElement('li');
    li.className = `fullest-item state-${r.state}`;
    const a = document.createElement('a');
    a.href = `/spaces/${encodeURIComponent(r.id)}`;
    a.textContent = r.name;
    const pct = document.createElement('span');
    pct.className = 'fullest-pct';
    pct.innerHTML = '<span aria-hidden="true"></span> ';
    pct.firstChild.textContent = STATE_ICON[r.state];
    pct.append(r.usage.bp !== null ? percentBp(r.usage.bp) : '已超额');
    li.append(a, pct);
    return li;
  }));
}

async function getJson(url, init) {
  const r = await fetch(url, { credentials: 'same-origin', ...init });
  if (!r.ok) throw new Error(`${r.status} ${url.split('?')[0]}`);
  return r.json();
}

/** The app checks the session first (GET /api/me); so does the reference. */
async function ensureSession() {
  const r = await fetch('/api/me', { credentials: 'same-origin' });
  if (r.ok) return r.json();
  return getJson('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ authCode: 'demo-admin' }),
  });
}

async function loadAll() {
  renderStatus('loading');
  const seen = new Set();
  let token = null;
  for (;;) {
    const q = new URLSearchParams({ spaceType: 'org' });
    if (token) q.set('nextToken', token);
    q.set('maxResults', String(PAGE_SIZE));
    q.set('unionId', 'me');
    const page = await getJson(`/v1.0/drive/spaces?${q}`);
    const fresh = [];
    for (const s of page.spaces || []) {
      const row = new Row(s);
      if (!seen.has(row.id)) { seen.add(row.id); fresh.push(row); }
    }
    insertRows(fresh);
    pages += 1;
    renderSummary();
    renderFilterNote();
    const next = page.nextToken;
    if (!next || next === token) break;
    token = next;
    renderStatus('loading');
  }
  renderStatus('done');
}

sortSelect.addEventListener('change', () => {
  view.sort = sortSelect.value;
  view.desc = view.sort !== 'name';
  orderButton.textContent = view.desc ? '降序 ↓' : '升序 ↑';
  relayout();
});
orderButton.addEventListener('click', () => {
  view.desc = !view.desc;
  orderButton.textContent = view.desc ? '降序 ↓' : '升序 ↑';
  relayout();
});
filterInput.addEventListener('input', () => {
  view.filter = filterInput.value;
  relayout();
});

try {
  const me = await ensureSession();
  $('.user-name').textContent = me?.name ?? '';
  await loadAll();
} catch (e) {
  renderStatus('failed', e.message);
}
