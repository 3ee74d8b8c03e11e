// The dashboard's shell: the header (chain, height, live state, the key in use), the router (#/page/…) and the pages.

import { h, put } from './dom.js';
import * as chain from './chain.js';
import * as live from './live.js';
import * as wallet from './wallet.js';
import { mountFeedback, toast } from './ui.js';
import { short, time } from './format.js';

const pages = {
  wallet: () => import('./pages/wallet.js'),
  market: () => import('./pages/market.js'),
  energy: () => import('./pages/energy.js'),
  grid: () => import('./pages/grid.js'),
  governance: () => import('./pages/governance.js'),
  explorer: () => import('./pages/explorer.js'),
};

const main = document.getElementById('main');
let cleanup = null;
let routeSeq = 0;

async function route() {
  const [name = 'wallet', ...params] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const load = pages[name] ?? pages.wallet;
  const seq = ++routeSeq;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (cleanup) { cleanup(); cleanup = null; }
  put(main, h('p', { class: 'progress', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading…'));
  try {
    const page = await load();
    if (seq !== routeSeq) return;
    const view = h('div', { class: 'page', 'data-page': name });
    put(main, view);
    document.title = `${page.title} · GridForge`;
    cleanup = (await page.render(view, params)) ?? null;
    if (seq !== routeSeq && cleanup) { cleanup(); cleanup = null; }
  } catch (e) {
    put(main, h('p', { class: 'message error', role: 'alert' }, e.message));
  }
}

function header() {
  const statusEl = document.getElementById('status');
  const dot = h('span', { class: 'live-dot', 'aria-hidden': 'true' });
  const liveText = h('span', { class: 'visually-hidden' });
  const height = h('span', { class: 'height' });
  const who = h('a', { href: '#/wallet', class: 'who' });
  put(statusEl, dot, liveText, height, who);
  live.onConnection((on) => {
    dot.classList.toggle('on', on);
    liveText.textContent = on ? 'Live' : 'Reconnecting';
  });
  const showChain = ({ status }) => {
    put(height, status ? `${status.chainId} · block ${status.height}` : '');
    height.setAttribute('title', status?.latestTime ? `latest block at ${time(status.latestTime)}` : '');
  };
  chain.onChange(showChain);
  live.onBlock((b) => put(height, `${chain.current().status?.chainId ?? ''} · block ${b.header.height}`));
  const showWho = (acct) => put(who, acct ? `${acct.label} · ${short(acct.address, 6)}` : 'No key — open the wallet');
  wallet.onChange(showWho);
  showWho(wallet.account());
  return showChain;
}

async function boot() {
  mountFeedback(document.getElementById('toasts'));
  const showChain = header();
  try {
    showChain(await chain.load());
  } catch (e) {
    toast(e.message, 'error', 0);
  }
  live.start();
  window.addEventListener('hashchange', route);
  await route();
}

boot();
