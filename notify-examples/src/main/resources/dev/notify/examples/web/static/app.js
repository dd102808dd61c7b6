'use strict';
// The notify web example's page. Rules kept throughout: text from the server goes in with
// textContent (never innerHTML), every state-changing request carries the CSRF token, and the
// server is the only source of truth (the page re-reads after every change).

const FREQUENCIES = [
  ['ALWAYS', 'Always'],
  ['WHEN_LOGGED_OUT', 'When logged out'],
  ['NEVER', 'Never'],
];
const state = {me: null, csrf: null, tab: 'timeline', settings: null, panelOffset: 0, audio: null, popups: [],
  unreadDelay: 10, expanded: new Set(), panelTab: 'all'};

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'class') e.className = v;
    else if (k === 'data') Object.assign(e.dataset, v);
    else if (k === 'on') for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
    else if (k.startsWith('aria-') || k === 'role') e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return e;
}

// This tab, so the events its own saves cause are told apart from another tab's.
const TAB_ID = Math.random().toString(36).slice(2, 12);

async function api(method, path, body) {
  const init = {method: method, headers: {'X-Notify-Tab': TAB_ID}};
  if (method !== 'GET') init.headers['X-CSRF-Token'] = state.csrf;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  if (r.status === 401) {
    location.assign('/');
    throw new Error('signed out');
  }
  const data = await r.json();
  return {status: r.status, ok: r.ok, data: data};
}

function agentPath(rest) {
  return '/api/agents/' + encodeURIComponent(state.me) + rest;
}

function toast(text) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
}

// --- views ---

function show(view) {
  for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== 'view-' + view;
  for (const b of document.querySelectorAll('.nav[data-view]')) {
    b.classList.toggle('active', b.dataset.view === view);
  }
  if (view === 'mail') loadMail();
  if (view === 'simulator') loadPresence();
  if (view === 'organization') loadOrganization();
  if (view === 'deliveries') loadDeadLetters();
}

// --- settings page ---

async function loadSettings(message) {
  const r = await api('GET', agentPath('/settings'));
  state.settings = r.data;
  renderSettings();
  if (message) settingsMessage(message.text, message.error);
}

function settingsMessage(text, error) {
  const m = document.getElementById('settings-message');
  m.textContent = text;
  m.classList.toggle('error', !!error);
  m.hidden = false;
}

// A select's accessible name says which line and column it sets ("Mentioned in a note, Chat:
// Email"); the tooltip only says where the value comes from.
function frequencyName(option, channel, medium) {
  const o = optionOf(option);
  const c = channel && o && o.channels ? o.channels.find(x => x.id === channel) : null;
  return (o ? o.label : option) + (c ? ', ' + c.label : '') + ': ' + (medium === 'email' ? 'Email' : 'In-app');
}

function frequencySelect(option, channel, medium, value) {
  const s = el('select', {
    'aria-label': frequencyName(option, channel, medium),
    class: 'frequency ' + (value.locked ? 'locked' : value.from === 'you' ? 'mine' : 'inherited'),
    data: {option: option, channel: channel || '', medium: medium},
    title: value.locked ? 'Locked by your organisation' : value.from === 'you' ? 'Your choice' : 'From ' + value.from,
    disabled: !!value.locked,
  });
  // The delay the agent saved, not a fixed 10.
  const choices = medium === 'email'
    ? FREQUENCIES.concat([['IF_UNREAD', 'If still unread after ' + state.unreadDelay + ' min']]) : FREQUENCIES;
  for (const [id, label] of choices) {
    const from = value.locked ? 'locked by your organisation' : value.from;
    const o = el('option', {value: id}, label + (value.from !== 'you' && id === value.value ? ' (' + from + ')' : ''));
    if (id === value.value) o.selected = true;
    s.append(o);
  }
  s.addEventListener('change', () => {
    const f = s.value;
    if (channel === null && optionOf(option).channels) {
      saveSettings({allChannels: [{option: option, medium: medium, frequency: f}]});
    } else {
      saveSettings({changes: [{option: option, channel: channel, medium: medium, frequency: f}]});
    }
  });
  const cell = el('td', {}, s);
  if (value.locked) {
    cell.append(el('span', {class: 'lock', title: 'Locked by your organisation'}, 'Locked'));
  } else if (value.from === 'you') {
    cell.append(el('button', {
      type: 'button', class: 'reset', title: 'Follow the default again',
      'aria-label': 'Reset ' + frequencyName(option, channel, medium) + ' to the default', data: {resets: option + '/' + (channel || '') + '/' + medium},
      on: {click: () => saveSettings({changes: [{option: option, channel: channel, medium: medium, frequency: null}]})},
    }, 'Reset'));
  }
  return cell;
}

function optionOf(id) {
  for (const tab of state.settings.tabs) for (const o of tab.options) if (o.id === id) return o;
  return null;
}

function renderSettings() {
  const page = state.settings;
  for (const b of document.querySelectorAll('.tab')) {
    const active = b.dataset.tab === state.tab;
    b.classList.toggle('active', active);
    b.setAttribute('aria-selected', String(active));
    b.tabIndex = active ? 0 : -1; // one tab stop; arrow keys move between tabs
  }
  const body = document.querySelector('#settings-table tbody');
  body.replaceChildren();
  const tab = page.tabs.find(t => t.id === state.tab);
  let legacy = false;
  for (const o of tab.options) {
    const label = el('td', {class: 'label'}, o.label + (o.legacy ? '*' : ''));
    if (o.legacy) legacy = true;
    if (o.channels) {
      const expand = el('button', {
        type: 'button', class: 'expand', data: {expands: o.id}, 'aria-expanded': String(state.expanded.has(o.id)),
        on: {click: () => {
          // Kept open across saves and reloads of the table.
          if (state.expanded.has(o.id)) state.expanded.delete(o.id); else state.expanded.add(o.id);
          expand.setAttribute('aria-expanded', String(state.expanded.has(o.id)));
          for (const row of body.querySelectorAll('tr[data-channel-of="' + CSS.escape(o.id) + '"]')) row.hidden = !state.expanded.has(o.id);
        }},
      }, 'Per channel');
      label.append(expand);
      label.append(el('span', {class: 'hint'}, ' — the drop-downs on this line set all channels at once'));
      // The option's line shows its option-wide value; say when a channel has another.
      const differ = o.channels.filter(c => ['in_app', 'email'].some(m => c.media[m].value !== o.media[m].value));
      if (differ.length > 0) {
        label.append(el('span', {class: 'hint differs'}, ' (' + differ.map(c => c.label).join(', ') + ' set otherwise)'));
      }
    }
    const row = el('tr', {data: {option: o.id}}, label);
    row.append(frequencySelect(o.id, null, 'in_app', o.media.in_app));
    row.append(frequencySelect(o.id, null, 'email', o.media.email));
    body.append(row);
    for (const c of o.channels || []) {
      const cr = el('tr', {class: 'channel', data: {channelOf: o.id}}, el('td', {class: 'label channel-label'}, c.label));
      cr.append(frequencySelect(o.id, c.id, 'in_app', c.media.in_app));
      cr.append(frequencySelect(o.id, c.id, 'email', c.media.email));
      cr.hidden = !state.expanded.has(o.id);
      body.append(cr);
    }
  }
  document.getElementById('legacy-note').hidden = !legacy;
  const sounds = document.querySelector('#sounds-table tbody');
  sounds.replaceChildren();
  for (const sc of page.sounds) {
    sounds.append(el('tr', {class: 'sound-category'}, el('th', {colSpan: 3}, sc.label)));
    for (const row of sc.rows) {
      const select = el('select', {class: 'tone', 'aria-label': 'Sound for ' + sc.label + ', ' + row.label,
        data: {category: sc.category, channel: row.channel || ''}});
      select.append(el('option', {value: ''}, '— no sound —'));
      for (const t of page.tones) {
        const o = el('option', {value: t}, t);
        if (t === row.tone) o.selected = true;
        select.append(o);
      }
      select.addEventListener('change', () => saveSettings({tones: [{category: sc.category, channel: row.channel, tone: select.value || null}]}));
      const play = el('button', {type: 'button', class: 'play', 'aria-label': 'Play Sound, ' + sc.label + ', ' + row.label, on: {click: () => playTone(select.value || 'ding')}}, 'Play Sound');
      const clear = el('button', {
        type: 'button', class: 'clear', title: 'Clear this sound', 'aria-label': 'Clear the sound for ' + sc.label + ', ' + row.label,
        on: {click: () => saveSettings({tones: [{category: sc.category, channel: row.channel, tone: null}]})},
      }, '\u2715');
      clear.hidden = !row.tone;
      sounds.append(el('tr', {}, el('td', {class: 'label'}, row.label), el('td', {}, select, play), el('td', {}, clear)));
    }
  }
  document.getElementById('table-version').textContent = 'Values you did not choose follow ' +
    (page.organization ? page.organization + "'s default table " : 'the default table ') + page.defaultTable +
    '; a value marked Locked is set by your organisation for everyone.';
}

async function saveSettings(edit) {
  edit.version = state.settings.version;
  const r = await api('PUT', agentPath('/settings'), edit);
  if (r.status === 409) {
    await loadSettings({text: r.data.error, error: true});
  } else if (!r.ok) {
    await loadSettings({text: 'Not saved: ' + r.data.error, error: true});
  } else {
    state.settings = r.data;
    renderSettings();
    settingsMessage('Saved.', false);
  }
}

// --- quiet hours and the "if still unread" delay (beyond the seed) ---

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

async function loadTiming() {
  const t = (await api('GET', agentPath('/timing'))).data;
  const w = t.quietHours[0];
  document.getElementById('timing-zone').value = t.zone;
  document.getElementById('timing-from').value = w ? w.from : '19:00';
  document.getElementById('timing-to').value = w ? w.to : '08:00';
  document.getElementById('timing-delay').value = t.unreadDelayMinutes;
  state.unreadDelay = t.unreadDelayMinutes;
  if (state.settings) renderSettings();
  document.getElementById('digest-on').checked = !!t.digest;
  if (t.digest) {
    document.getElementById('digest-window').value = t.digest.windowMinutes;
    document.getElementById('digest-max').value = t.digest.max;
    document.getElementById('digest-first').checked = !!t.digest.flushFirst;
  }
  document.getElementById('throttle-on').checked = !!t.throttle;
  if (t.throttle) {
    document.getElementById('throttle-max').value = t.throttle.max;
    document.getElementById('throttle-window').value = t.throttle.windowMinutes;
  }
  const box = document.getElementById('timing-days');
  box.replaceChildren();
  for (const d of DAYS) {
    const c = el('input', {type: 'checkbox', value: d, checked: !!w && w.days.includes(d)});
    box.append(el('label', {class: 'day'}, c, d.slice(0, 3)));
  }
}

async function saveTiming(ev) {
  ev.preventDefault();
  const v = id => document.getElementById(id).value;
  const days = [...document.querySelectorAll('#timing-days input:checked')].map(c => c.value);
  const body = {
    zone: v('timing-zone'),
    quietHours: days.length === 0 ? [] : [{days: days, from: v('timing-from'), to: v('timing-to')}],
    unreadDelayMinutes: Number(v('timing-delay')),
    digest: !document.getElementById('digest-on').checked ? null : {
      windowMinutes: Number(v('digest-window')),
      max: Number(v('digest-max')),
      flushFirst: document.getElementById('digest-first').checked,
    },
    throttle: !document.getElementById('throttle-on').checked ? null : {
      max: Number(v('throttle-max')),
      windowMinutes: Number(v('throttle-window')),
    },
  };
  const r = await api('PUT', agentPath('/timing'), body);
  const m = document.getElementById('timing-message');
  m.hidden = false;
  m.classList.toggle('error', !r.ok);
  m.textContent = r.ok ? 'Saved.' : 'Not saved: ' + r.data.error;
  if (r.ok) {
    state.unreadDelay = r.data.unreadDelayMinutes;
    renderSettings();
  }
}

// --- notifications: badge, panel, pop-ups, sounds, browser notifications ---

function setBadge(n) {
  const b = document.getElementById('badge');
  b.textContent = n > 99 ? '99+' : String(n); // as the product caps it
  b.setAttribute('aria-label', n + ' unread');
  b.hidden = n === 0;
  document.title = (n > 0 ? '(' + n + ') ' : '') + 'Acme Help Desk — notify web example';
}

// What the settings page calls a medium.
function mediumLabel(id) {
  return id === 'email' ? 'Email' : id === 'in_app' ? 'In-app' : id;
}

// When, with the date: an item of last week is not one of today.
function when(iso) {
  return new Date(iso).toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'});
}

// The snoozes the panel offers, in minutes.
const SNOOZES = [[1, '1 minute'], [15, '15 minutes'], [60, '1 hour'], [24 * 60, '1 day']];

function snoozeSelect(label, props) {
  return el('select', {'aria-label': label, ...props},
    el('option', {value: ''}, 'Snooze…'),
    ...SNOOZES.map(([m, text]) => el('option', {value: String(m)}, 'For ' + text)));
}

async function snooze(ids, minutes) {
  const r = await api('POST', agentPath('/inbox/snooze'), {ids, minutes});
  if (r.ok) toast(r.data.count === 1 ? 'Snoozed for ' + SNOOZES.find(s => s[0] === minutes)[1] + '.'
    : r.data.count + ' notifications snoozed.');
}

// kind: 'unread' (the panel, selectable), 'archived' or 'snoozed'.
function panelItem(i, kind) {
  const li = el('li', {class: 'item' + (i.seen ? '' : ' unseen'), data: {id: i.id}});
  const body = el('div', {class: 'item-body'});
  if (kind === 'unread') {
    li.append(el('input', {type: 'checkbox', class: 'select', 'aria-label': 'Select: ' + i.text,
      on: {change: selectionChanged}}));
  }
  body.append(el('div', {class: 'item-label'}, i.label));
  body.append(el('div', {class: 'item-text'}, i.text));
  if (i.why) body.append(el('div', {class: 'item-why'}, 'Why: ' + i.why));
  const foot = el('div', {class: 'item-foot'}, el('time', {dateTime: i.createdAt}, when(i.createdAt)));
  if (kind === 'snoozed') {
    foot.append(el('span', {class: 'back-at'}, 'Back ' + when(i.snoozedUntil)));
  }
  if (i.target) {
    foot.append(el('a', {href: '#', class: 'target', on: {click: ev => { ev.preventDefault(); toast('This would open ' + i.target + '.'); }}}, 'Open ' + i.target));
  }
  if (kind === 'unread') {
    foot.append(el('button', {type: 'button', class: 'mark-read', 'aria-label': 'Mark read: ' + i.text,
      on: {click: () => api('POST', agentPath('/inbox/read'), {id: i.id})}}, 'Mark read'));
    foot.append(el('button', {type: 'button', class: 'archive', 'aria-label': 'Archive: ' + i.text,
      on: {click: () => api('POST', agentPath('/inbox/archive'), {id: i.id})}}, 'Archive'));
    foot.append(snoozeSelect('Snooze: ' + i.text, {class: 'snooze',
      on: {change: ev => { const m = Number(ev.target.value); if (m) snooze([i.id], m); }}}));
  }
  body.append(foot);
  li.append(body);
  return li;
}

// --- bulk: select items of the panel, then mark them read, archive or snooze them at once ---

function selectedIds() {
  return [...document.querySelectorAll('#panel-list input.select:checked')].map(c => c.closest('li').dataset.id);
}

function selectionChanged() {
  const all = document.querySelectorAll('#panel-list input.select');
  const ids = selectedIds();
  const selectAll = document.getElementById('select-all');
  selectAll.checked = all.length > 0 && ids.length === all.length;
  selectAll.indeterminate = ids.length > 0 && ids.length < all.length;
  document.getElementById('selected-count').textContent = ids.length ? ids.length + ' selected' : '';
  for (const id of ['bulk-read', 'bulk-archive', 'bulk-snooze']) document.getElementById(id).disabled = ids.length === 0;
}

async function bulk(path, extra) {
  const ids = selectedIds();
  if (ids.length === 0) return;
  const r = await api('POST', agentPath(path), {ids, ...extra});
  if (r.ok) toast(r.data.count + ' notification' + (r.data.count === 1 ? '' : 's') + ' changed.');
}

async function loadPanel(append) {
  if (!append) state.panelOffset = 0;
  const r = await api('GET', agentPath('/inbox?tab=' + state.panelTab + '&offset=' + state.panelOffset + '&limit=10'));
  const list = document.getElementById('panel-list');
  if (!append) list.replaceChildren();
  for (const i of r.data.items) list.append(panelItem(i, 'unread'));
  state.panelOffset += r.data.items.length;
  document.getElementById('panel-more').hidden = !r.data.more;
  document.getElementById('panel-empty').hidden = list.children.length > 0;
  selectionChanged();
  setBadge(r.data.badge);
  // Listed in the open panel: seen (still unread until read).
  const unseen = r.data.items.filter(i => !i.seen).map(i => i.id);
  if (unseen.length > 0) await api('POST', agentPath('/inbox/seen'), {ids: unseen});
}

async function loadArchive() {
  const r = await api('GET', agentPath('/inbox/archived'));
  const list = document.getElementById('panel-archived');
  list.replaceChildren(...r.data.items.map(i => panelItem(i, 'archived')));
  list.hidden = false;
  document.getElementById('panel-archived-empty').hidden = r.data.items.length > 0;
}

async function loadSnoozed() {
  const r = await api('GET', agentPath('/inbox/snoozed'));
  const list = document.getElementById('panel-snoozed');
  list.replaceChildren(...r.data.items.map(i => panelItem(i, 'snoozed')));
  list.hidden = false;
  document.getElementById('panel-snoozed-empty').hidden = r.data.items.length > 0;
}

// The panel is a dialog: opening moves focus into it, Escape or Close shuts it and gives focus
// back to the Notifications button.
function togglePanel(open) {
  const p = document.getElementById('panel');
  const bell = document.getElementById('notifications');
  p.hidden = open === undefined ? !p.hidden : !open;
  bell.setAttribute('aria-expanded', String(!p.hidden));
  if (!p.hidden) {
    loadPanel(false);
    document.getElementById('close-panel').focus();
  } else if (p.contains(document.activeElement) || document.activeElement === document.body) {
    bell.focus();
  }
}

// At most this many pop-ups show at once; the rest wait behind a "+N more" line.
const POPUPS_SHOWN = 3;

function popup(n) {
  const dismiss = () => {
    state.popups = state.popups.filter(b => b !== box);
    renderPopups();
  };
  const open = () => {
    dismiss();
    api('POST', agentPath('/inbox/read'), {id: n.id}).catch(() => {});
    toast('This would open ' + (n.target || 'the notification') + '.');
  };
  // Named by what it shows (axe: the visible text must be in the name); where it leads is a hint.
  const box = el('div', {class: 'popup', role: 'button', tabIndex: 0, data: {id: n.id},
    title: n.target ? 'Opens ' + n.target : 'Opens the notification',
    on: {click: open, keydown: ev => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); open(); } }}},
    el('div', {class: 'popup-label'}, n.label),
    el('div', {class: 'popup-text'}, n.text));
  if (n.why) box.append(el('div', {class: 'popup-why'}, n.why));
  state.popups.push(box);
  renderPopups();
  setTimeout(dismiss, 8000);
}

// The newest POPUPS_SHOWN pop-ups, and how many more wait: twelve never stack off the screen.
function renderPopups() {
  const shown = state.popups.slice(-POPUPS_SHOWN);
  const more = state.popups.length - shown.length;
  const box = document.getElementById('popups');
  box.replaceChildren(...shown, ...(more > 0 ? [el('div', {class: 'popup-more'}, '+' + more + ' more')] : []));
}

const TONES = {
  ding: [[988, 0, 0.35]],
  chime: [[659, 0, 0.3], [988, 0.15, 0.45]],
  pop: [[440, 0, 0.08]],
  bell: [[1319, 0, 0.8], [1976, 0, 0.5]],
};

function playTone(name) {
  document.body.dataset.lastSound = name; // what the tests read: audio itself is not observable
  try {
    if (!state.audio) state.audio = new AudioContext();
    const ctx = state.audio;
    for (const [freq, start, length] of TONES[name] || TONES.ding) {
      const o = ctx.createOscillator();
      const g = ctx.createGain();
      o.frequency.value = freq;
      g.gain.setValueAtTime(0.2, ctx.currentTime + start);
      g.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + start + length);
      o.connect(g).connect(ctx.destination);
      o.start(ctx.currentTime + start);
      o.stop(ctx.currentTime + start + length);
    }
  } catch (e) {
    // No audio device or no permission: the pop-up and the badge still show.
  }
}

function browserNotification(n) {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  try {
    new Notification(n.label, {body: n.text, tag: n.id});
    document.body.dataset.lastBrowserNotification = n.id;
  } catch (e) {
    // Some browsers only allow notifications from a service worker: the pop-up is enough.
  }
}

function onNotification(n) {
  setBadge(n.badge);
  if (n.popup) popup(n);
  if (n.sound) playTone(n.sound);
  browserNotification(n);
  if (!document.getElementById('panel').hidden) loadPanel(false);
}

function onRead(e) {
  setBadge(e.badge);
  const list = document.getElementById('panel-list');
  if (e.all && e.tab && e.tab !== 'all' && e.tab !== state.panelTab) {
    // Another tab of the panel was marked read: what this one lists may have changed.
    if (!document.getElementById('panel').hidden) loadPanel(false);
  } else if (e.all) {
    list.replaceChildren();
  } else {
    for (const id of e.ids) {
      for (const li of list.querySelectorAll('li.item')) if (li.dataset.id === id) li.remove();
    }
  }
  document.getElementById('panel-empty').hidden = list.children.length > 0;
  selectionChanged();
  // What left the panel may have been snoozed: an open list of snoozed items shows it.
  if (!document.getElementById('panel-snoozed').hidden) loadSnoozed();
}

// --- web push: desktop pop-ups when no tab is open (when the host runs with --web-push on) ---

async function startWebPush() {
  if (!('serviceWorker' in navigator)) return;
  const r = await fetch('/api/webpush');
  const info = await r.json();
  if (!info.enabled) return;
  state.pushKey = info.applicationServerKey;
  await navigator.serviceWorker.register('/sw.js');
  document.body.dataset.webPush = 'ready';
}

function keyBytes(base64url) {
  const s = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, c => c.charCodeAt(0));
}

// Subscribes this browser through its push service, then keeps the subscription on the server.
async function subscribeToPush() {
  if (!state.pushKey) return;
  const reg = await navigator.serviceWorker.ready;
  const sub = await reg.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: keyBytes(state.pushKey)});
  await savePushSubscription(sub.toJSON());
}

// What the server keeps: the browser's PushSubscription.toJSON() (tests give one of their own,
// since a headless browser cannot reach a real push service).
async function savePushSubscription(json) {
  const r = await api('POST', agentPath('/push'), json);
  if (r.ok) toast('Desktop pop-ups on, also with the tab closed.');
  return r.ok;
}

// --- live: one event stream per tab; the browser reconnects with Last-Event-ID ---

function connect() {
  const events = new EventSource(agentPath('/events'));
  events.addEventListener('notification', m => onNotification(JSON.parse(m.data)));
  events.addEventListener('read', m => onRead(JSON.parse(m.data)));
  events.addEventListener('presence', m => renderPresence(JSON.parse(m.data)));
  // Reconnected to another instance, which cannot replay what this tab missed: reload instead.
  events.addEventListener('resync', () => { loadPanel(false); loadSettings(); });
  // Saved in another tab: show it here, so an edit here starts from it.
  events.addEventListener('settings', m => {
    const e = JSON.parse(m.data);
    if (e.tab !== TAB_ID && state.settings && e.version !== state.settings.version) {
      loadSettings({text: 'Updated in another tab.', error: false});
    }
  });
  events.addEventListener('open', () => { document.body.dataset.live = 'yes'; });
  events.addEventListener('error', () => { document.body.dataset.live = 'no'; });
}

// Activity keeps the agent logged in; an idle page times out like the product's sessions do.
function heartbeats(timeoutSeconds) {
  const every = Math.max(1000, Math.min(30000, timeoutSeconds * 1000 / 3));
  let last = 0;
  const beat = () => {
    const now = Date.now();
    if (now - last >= every) {
      last = now;
      api('POST', agentPath('/heartbeat'), {}).catch(() => {});
    }
  };
  for (const ev of ['mousemove', 'keydown', 'click', 'scroll', 'focus']) {
    window.addEventListener(ev, beat, {passive: true});
  }
}

// --- simulator ---

async function loadPresence() {
  renderPresence((await api('GET', agentPath('/presence'))).data);
}

function renderPresence(p) {
  const ul = document.getElementById('presence');
  ul.replaceChildren();
  for (const [agent, presence] of Object.entries(p)) {
    ul.append(el('li', {class: presence, data: {agent: agent}}, agent + ': ' + presence.replace('_', ' ')));
  }
}

function list(id) {
  return document.getElementById(id).value.split(',').map(s => s.trim()).filter(s => s);
}

async function simulate(ev) {
  ev.preventDefault();
  const v = id => document.getElementById(id).value;
  const body = {
    kind: v('sim-kind'), channel: v('sim-channel'), customer: v('sim-customer'),
    conversation: v('sim-conversation'), assignee: v('sim-assignee'), actor: v('sim-actor'),
    mentions: list('sim-mentions'), teams: list('sim-teams'), object: v('sim-object'),
    app: v('sim-app'), text: v('sim-text'), newConversation: document.getElementById('sim-new').checked,
  };
  const r = await api('POST', agentPath('/simulate'), body);
  const ul = document.getElementById('sim-result');
  ul.replaceChildren();
  if (!r.ok) {
    ul.append(el('li', {class: 'error'}, r.data.error));
    return;
  }
  ul.append(el('li', {class: 'what'}, r.data.text));
  if (r.data.decisions.length === 0) ul.append(el('li', {}, 'Nobody is concerned.'));
  for (const d of r.data.decisions) {
    ul.append(el('li', {class: d.delivered ? 'told' : 'not-told'},
      (d.delivered ? '+ ' : '\u2212 ') + d.agent + ' (' + d.presence.replace('_', ' ') + '), ' + mediumLabel(d.medium) + ': ' + d.reason));
  }
  for (const h of r.data.held) {
    ul.append(el('li', {class: 'held'}, '\u23f8 ' + h.agent + ', ' + mediumLabel(h.medium) + ': ' + h.why));
  }
}

// --- the organisation's defaults and locks (beyond the seed; admins only) ---

const ALL_FREQUENCIES = FREQUENCIES.concat([['IF_UNREAD', 'If still unread']]);
const org = {page: null, pending: {}};

function frequencyName(value) {
  return (ALL_FREQUENCIES.find(f => f[0] === value) || [value, value])[1];
}

function orgMessage(text, error) {
  const m = document.getElementById('org-message');
  m.textContent = text;
  m.classList.toggle('error', !!error);
  m.hidden = false;
}

async function loadOrganization(message) {
  const r = await api('GET', agentPath('/organization'));
  if (!r.ok) {
    orgMessage(r.data.error, true);
    return;
  }
  org.page = r.data;
  org.pending = {};
  renderOrganization();
  if (message) orgMessage(message.text, message.error);
}

function renderOrganization() {
  const p = org.page;
  document.getElementById('org-version').textContent = p.name + "'s table " + p.tableVersion +
    ' (values marked "standard" are those of ' + p.standardVersion + ').';
  const body = document.querySelector('#org-table tbody');
  body.replaceChildren();
  let tab = null;
  for (const o of p.options) {
    if (o.tab !== tab) {
      tab = o.tab;
      body.append(el('tr', {class: 'sound-category'}, el('th', {colSpan: 3, scope: 'colgroup'}, tab)));
    }
    const row = el('tr', {data: {option: o.id}}, el('td', {class: 'label'}, o.label));
    for (const m of ['in_app', 'email']) {
      const key = o.id + '/' + m;
      const value = org.pending[key] || o.media[m].value;
      const s = el('select', {class: 'org-default', data: {option: o.id, medium: m}});
      s.setAttribute('aria-label', o.label + ', ' + (m === 'email' ? 'email' : 'in-app') + ' default');
      for (const [id, label] of m === 'email' ? ALL_FREQUENCIES : FREQUENCIES) {
        const opt = el('option', {value: id}, label + (id === o.media[m].standard ? ' (standard)' : ''));
        if (id === value) opt.selected = true;
        s.append(opt);
      }
      s.classList.toggle('changed', key in org.pending);
      s.addEventListener('change', () => {
        if (s.value === o.media[m].value) delete org.pending[key];
        else org.pending[key] = s.value;
        s.classList.toggle('changed', key in org.pending);
      });
      row.append(el('td', {}, s));
    }
    body.append(row);
  }
  const locks = document.querySelector('#org-locks tbody');
  locks.replaceChildren();
  if (p.locks.length === 0) locks.append(el('tr', {}, el('td', {colSpan: 5, class: 'hint'}, 'Nothing is locked.')));
  for (const l of p.locks) {
    const remove = el('button', {type: 'button', class: 'unlock', on: {click: () => saveOrganization(false, {locks: lockList().filter(x => !same(x, l))})}}, 'Unlock');
    remove.setAttribute('aria-label', 'Unlock ' + l.label + ' by ' + l.medium);
    locks.append(el('tr', {data: {lock: l.option + '/' + l.medium + '/' + (l.channel || '')}},
      el('td', {}, l.label), el('td', {}, l.medium === 'email' ? 'Email' : 'In-app'),
      el('td', {}, l.channel ? p.channels[l.channel] : 'All channels'),
      el('td', {}, frequencyName(l.frequency)), el('td', {}, remove)));
  }
  fillLockForm();
}

function same(a, b) {
  return a.option === b.option && a.medium === b.medium && (a.channel || null) === (b.channel || null);
}

function lockList() {
  return org.page.locks.map(l => ({option: l.option, medium: l.medium, channel: l.channel, frequency: l.frequency}));
}

function fillLockForm() {
  const option = document.getElementById('lock-option');
  if (option.options.length > 0) return;
  for (const o of org.page.options) option.append(el('option', {value: o.id}, o.label));
  const channel = document.getElementById('lock-channel');
  channel.append(el('option', {value: ''}, 'All channels'));
  for (const [id, label] of Object.entries(org.page.channels)) channel.append(el('option', {value: id}, label));
  const f = document.getElementById('lock-frequency');
  for (const [v, label] of ALL_FREQUENCIES) f.append(el('option', {value: v}, label));
}

/** The values of the organisation's table that differ from the standard one, with the changes on the page or not. */
function orgDefaults(withPending) {
  const out = [];
  for (const o of org.page.options) {
    for (const m of ['in_app', 'email']) {
      const v = (withPending && org.pending[o.id + '/' + m]) || o.media[m].value;
      if (v !== o.media[m].standard) out.push({option: o.id, medium: m, frequency: v});
    }
  }
  return out;
}

async function previewOrganization() {
  const r = await api('POST', agentPath('/organization/preview'), {defaults: orgDefaults(true)});
  const ul = document.getElementById('org-preview');
  ul.replaceChildren();
  if (!r.ok) {
    ul.append(el('li', {class: 'error'}, r.data.error));
    return;
  }
  if (r.data.changes.length === 0) {
    ul.append(el('li', {}, 'Nobody would notice: ' + r.data.to + ' decides as ' + r.data.from + ' for every agent.'));
  }
  for (const c of r.data.changes) {
    ul.append(el('li', {class: 'what'}, '\u201c' + c.label + '\u201d by ' + c.medium + ': ' + frequencyName(c.before) +
      ' \u2192 ' + frequencyName(c.after) + ' for ' + c.agents + ' of ' + r.data.agents + ' agents (' + c.examples.join(', ') + ')'));
  }
}

async function saveOrganization(withPending, change) {
  const body = Object.assign({version: org.page.version, defaults: orgDefaults(withPending), locks: lockList()}, change || {});
  const pending = withPending ? {} : org.pending;
  const r = await api('PUT', agentPath('/organization'), body);
  if (r.status === 409) {
    await loadOrganization({text: r.data.error, error: true});
  } else if (!r.ok) {
    orgMessage('Not saved: ' + r.data.error, true);
  } else {
    org.page = r.data;
    org.pending = pending;
    renderOrganization();
    orgMessage('Saved: agents now follow ' + r.data.name + "'s table " + r.data.tableVersion + '.', false);
    document.getElementById('org-preview').replaceChildren();
    await loadSettings();
  }
}

async function addLock(ev) {
  ev.preventDefault();
  const v = id => document.getElementById(id).value;
  const lock = {option: v('lock-option'), medium: v('lock-medium'), channel: v('lock-channel') || null, frequency: v('lock-frequency')};
  await saveOrganization(false, {locks: lockList().filter(x => !same(x, lock)).concat([lock])});
}

// --- deliveries: the delivery history and dead letters (beyond the seed; admins only) ---

async function searchDeliveries(ev) {
  ev.preventDefault();
  const agent = document.getElementById('deliveries-agent').value.trim();
  const action = document.getElementById('deliveries-action').value.trim();
  const q = agent ? 'agent=' + encodeURIComponent(agent) : 'action=' + encodeURIComponent(action);
  await showDeliveries(q);
}

// The deliveries now in a state (their last event), of one medium or all.
async function searchDeliveriesByState(ev) {
  ev.preventDefault();
  const state = document.getElementById('deliveries-state').value;
  const medium = document.getElementById('deliveries-medium').value.trim();
  const q = new URLSearchParams({state});
  if (medium) q.set('medium', medium);
  await showDeliveries(q.toString());
}

// One notification's timeline: every event of one delivery, from the decision to the arrival.
async function showDeliveries(q) {
  const r = await api('GET', agentPath('/deliveries?' + q));
  const ul = document.getElementById('deliveries-result');
  ul.replaceChildren();
  if (!r.ok) {
    ul.append(el('li', {class: 'error'}, r.data.error));
    return;
  }
  if (r.data.events.length === 0) ul.append(el('li', {}, 'Nothing recorded.'));
  for (const e of r.data.events) {
    const link = el('button', {type: 'button', class: 'small link', on: {click: () =>
      showDeliveries('delivery=' + encodeURIComponent(e.delivery))}}, e.delivery);
    link.setAttribute('aria-label', 'Timeline of ' + e.delivery);
    ul.append(el('li', {class: 'history', data: {kind: e.kind}},
      new Date(e.at).toLocaleString() + '  ', link, ': ' + e.why));
  }
}

async function loadDeadLetters() {
  const r = await api('GET', agentPath('/dead-letters'));
  const ul = document.getElementById('dead-letters');
  ul.replaceChildren();
  if (!r.ok) {
    ul.append(el('li', {class: 'error'}, r.data.error));
    return;
  }
  const body = document.querySelector('#summary-table tbody');
  body.replaceChildren();
  for (const c of r.data.summary) {
    body.append(el('tr', {}, ...[c.medium, c.scheduled, c.due, c.leased, c.done, c.dead, c.oldestDueSeconds]
      .map(v => el('td', {}, String(v)))));
  }
  if (r.data.deadLetters.length === 0) ul.append(el('li', {}, 'No dead letters.'));
  for (const l of r.data.deadLetters) {
    const redrive = el('button', {type: 'button', class: 'small', on: {click: async () => {
      await api('POST', agentPath('/dead-letters/redrive'), {id: l.id});
      await loadDeadLetters();
    }}}, 'Redrive');
    redrive.setAttribute('aria-label', 'Redrive ' + l.id);
    ul.append(el('li', {class: 'error'}, l.id + ' (' + l.kind + ', ' + l.attempts + ' attempt(s)): ' + l.message + ' ', redrive));
  }
}

async function purgeDeadLetters(ev) {
  ev.preventDefault();
  const kind = document.getElementById('purge-kind').value;
  const medium = document.getElementById('purge-medium').value.trim();
  const r = await api('POST', agentPath('/dead-letters/purge'), {kind, medium});
  document.getElementById('purge-result').textContent = r.ok
    ? 'Purged ' + r.data.purged + ' dead letter(s).' : r.data.error;
  await loadDeadLetters();
}

// --- mail ---

async function loadMail() {
  const r = await api('GET', agentPath('/mail'));
  const body = document.querySelector('#mail-table tbody');
  body.replaceChildren();
  document.getElementById('mail-hint').textContent = r.data.embedded
    ? 'What the embedded SMTP server received, newest first.'
    : 'Email goes to your SMTP server: look there.';
  const told = document.getElementById('mail-outcomes');
  told.replaceChildren();
  for (const o of r.data.outcomes) {
    told.append(el('li', {}, when(o.at) + ' ' + o.agent + ': ' + o.what));
  }
  for (const m of r.data.messages) {
    body.append(el('tr', {}, el('td', {}, m.to), el('td', {}, m.subject),
      el('td', {}, m.receivedAt ? el('time', {dateTime: m.receivedAt}, when(m.receivedAt)) : '')));
  }
}

// --- start ---

(async function start() {
  // The agent of this window: one browser may be signed in as several, one per window.
  state.me = new URLSearchParams(location.search).get('as');
  if (!state.me) {
    location.assign('/');
    return;
  }
  const me = await api('GET', agentPath('/me'));
  if (!me.ok) {
    // Signed in, but as someone else: say so, and offer the sign-in page.
    document.querySelector('main').replaceChildren(
      el('h1', {}, 'Not signed in as ' + state.me),
      el('p', {role: 'alert'}, me.data.error),
      el('p', {}, el('a', {href: '/'}, 'Sign in')));
    document.getElementById('sidebar').hidden = true;
    document.body.dataset.ready = 'yes';
    return;
  }
  state.me = me.data.agent;
  state.csrf = me.data.csrf;
  document.getElementById('whoami').textContent = 'Signed in as ' + state.me;
  const kind = document.getElementById('sim-kind');
  for (const k of me.data.kinds) kind.append(el('option', {value: k}, k.replace('_', ' ')));
  const channel = document.getElementById('sim-channel');
  for (const [id, label] of Object.entries(me.data.channels)) channel.append(el('option', {value: id}, label));
  document.getElementById('sim-form').addEventListener('submit', simulate);
  for (const b of document.querySelectorAll('.nav[data-view]')) b.addEventListener('click', () => show(b.dataset.view));
  const tabs = [...document.querySelectorAll('.tab')];
  for (const b of tabs) {
    b.addEventListener('click', () => { state.tab = b.dataset.tab; renderSettings(); });
    b.addEventListener('keydown', ev => {
      const step = {ArrowRight: 1, ArrowLeft: -1, Home: -tabs.length, End: tabs.length}[ev.key];
      if (step === undefined) return;
      ev.preventDefault();
      const i = Math.max(0, Math.min(tabs.length - 1, tabs.indexOf(b) + step));
      state.tab = tabs[i].dataset.tab;
      renderSettings();
      tabs[i].focus();
    });
  }
  document.getElementById('panel').addEventListener('keydown', ev => {
    if (ev.key === 'Escape') togglePanel(false);
  });
  document.getElementById('notifications').addEventListener('click', () => togglePanel());
  document.getElementById('close-panel').addEventListener('click', () => togglePanel(false));
  document.getElementById('panel-more').addEventListener('click', () => loadPanel(true));
  document.getElementById('panel-show-archived').addEventListener('click', loadArchive);
  document.getElementById('panel-show-snoozed').addEventListener('click', loadSnoozed);
  document.getElementById('select-all').addEventListener('change', ev => {
    for (const c of document.querySelectorAll('#panel-list input.select')) c.checked = ev.target.checked;
    selectionChanged();
  });
  document.getElementById('bulk-read').addEventListener('click', () => bulk('/inbox/read', {}));
  document.getElementById('bulk-archive').addEventListener('click', () => bulk('/inbox/archive', {}));
  const bulkSnooze = document.getElementById('bulk-snooze');
  bulkSnooze.replaceChildren(...snoozeSelect('', {}).children);
  bulkSnooze.addEventListener('change', () => {
    const m = Number(bulkSnooze.value);
    bulkSnooze.value = '';
    if (m) bulk('/inbox/snooze', {minutes: m});
  });
  document.getElementById('mark-all-read').addEventListener('click', () => api('POST', agentPath('/inbox/read-all'), {tab: state.panelTab}));
  const panelTabs = [...document.querySelectorAll('.panel-tab')];
  for (const b of panelTabs) {
    b.addEventListener('click', () => {
      state.panelTab = b.dataset.panelTab;
      for (const o of panelTabs) {
        o.setAttribute('aria-selected', String(o === b));
        o.tabIndex = o === b ? 0 : -1;
      }
      loadPanel(false);
    });
  }
  document.getElementById('mail-refresh').addEventListener('click', loadMail);
  document.getElementById('browser-notifications').addEventListener('click', async () => {
    if (!('Notification' in window)) return;
    const permission = await Notification.requestPermission();
    toast('Browser pop-ups: ' + permission);
    if (permission === 'granted') subscribeToPush().catch(e => toast('Desktop pop-ups with the tab closed: ' + e.message));
  });
  startWebPush();
  document.getElementById('signout').addEventListener('click', async () => {
    await api('POST', agentPath('/signout'), {});
    location.assign('/');
  });
  document.getElementById('timing-form').addEventListener('submit', saveTiming);
  document.getElementById('nav-organization').hidden = !me.data.admin;
  document.getElementById('nav-deliveries').hidden = !me.data.admin;
  document.getElementById('deliveries-form').addEventListener('submit', searchDeliveries);
  document.getElementById('deliveries-state-form').addEventListener('submit', searchDeliveriesByState);
  document.getElementById('purge-form').addEventListener('submit', purgeDeadLetters);
  document.getElementById('org-preview-button').addEventListener('click', previewOrganization);
  document.getElementById('org-save').addEventListener('click', () => saveOrganization(true));
  document.getElementById('lock-form').addEventListener('submit', addLock);
  show('settings');
  await loadSettings();
  await loadTiming();
  await loadPanel(false);
  connect();
  heartbeats(me.data.timeoutSeconds);
  document.body.dataset.ready = 'yes';
})();
