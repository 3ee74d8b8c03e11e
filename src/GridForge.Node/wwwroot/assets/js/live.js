// The node's live streams (Server-Sent Events): one block stream and one market stream for the whole page, shared by
// every view that listens. EventSource reconnects by itself; the header shows whether the page is live.

import { streamUrl } from './api.js';

const listeners = { block: new Set(), market: new Set(), state: new Set() };
const sources = {};
let connected = false;

function open(name, path, event) {
  if (sources[name]) return;
  const source = new EventSource(streamUrl(path));
  sources[name] = source;
  source.addEventListener(event, (e) => {
    let data;
    try { data = JSON.parse(e.data); } catch { return; }
    for (const fn of listeners[name]) {
      try { fn(data); } catch (err) { console.warn('live listener failed', err); }
    }
  });
  source.addEventListener('open', () => setConnected(true));
  source.addEventListener('error', () => setConnected(source.readyState === EventSource.OPEN));
}

function setConnected(value) {
  if (connected === value) return;
  connected = value;
  for (const fn of listeners.state) fn(value);
}

export function start() {
  open('block', 'stream/blocks', 'block');
  open('market', 'market/stream', 'market');
}

/** Calls fn for each committed block ({header, transactions, events}); returns the unsubscribe function. */
export function onBlock(fn) { listeners.block.add(fn); return () => listeners.block.delete(fn); }

/** Calls fn for each market or settlement event ({height, module, kind, attributes}). */
export function onMarket(fn) { listeners.market.add(fn); return () => listeners.market.delete(fn); }

export function onConnection(fn) { listeners.state.add(fn); fn(connected); return () => listeners.state.delete(fn); }

/** Runs fn at most once per `ms` while blocks arrive (views refresh from the API on new blocks without flooding it). */
export function onBlockThrottled(fn, ms = 2000) {
  let last = 0, timer = null;
  return onBlock((b) => {
    const now = Date.now();
    if (now - last >= ms) { last = now; fn(b); return; }
    if (!timer) timer = setTimeout(() => { timer = null; last = Date.now(); fn(b); }, ms - (now - last));
  });
}
