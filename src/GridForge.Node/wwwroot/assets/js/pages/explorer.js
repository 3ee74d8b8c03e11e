// Explorer: the latest blocks and transactions (live), a block, a transaction with its events decoded, an account,
// and a search box that takes a height, a block or transaction hash, or an address.

import { h, put, table, card } from '../dom.js';
import * as api from '../api.js';
import { onBlock } from '../live.js';
import { isAddress } from '../crypto/bech32m.js';
import { grid as fmtGrid, watt, wh, price, short, time, clock } from '../format.js';
import * as chain from '../chain.js';

export const title = 'Explorer';

const link = (href, text) => h('a', { href }, text);
const blockLink = (height) => link(`#/explorer/block/${height}`, String(height));
const txLink = (hash) => link(`#/explorer/tx/${hash}`, short(hash, 8));
const accountLink = (address) => link(`#/explorer/account/${address}`, short(address, 8));

/** Events as a table: module, kind and every attribute as text (on-chain strings are shown, never interpreted). */
export function eventsTable(events) {
  return table(null, ['Module', 'Event', 'Details'], events.map((e) => [e.module, e.kind,
    h('dl', { class: 'facts' }, Object.entries(e.attributes ?? {}).flatMap(([k, v]) => [h('dt', null, k),
      h('dd', null, isAddress(v) ? accountLink(v) : String(v))]))]), 'No events.');
}

/** Where a search term leads: a height, a block hash, a transaction hash, or an account. */
export async function resolveSearch(term) {
  const t = term.trim();
  if (/^\d+$/.test(t)) return `#/explorer/block/${t}`;
  if (isAddress(t)) return `#/explorer/account/${t}`;
  if (/^[0-9a-fA-F]{64}$/.test(t)) {
    if (await api.find(`blocks/${t.toLowerCase()}`)) return `#/explorer/block/${t.toLowerCase()}`;
    if (await api.find(`transactions/${t.toLowerCase()}`)) return `#/explorer/tx/${t.toLowerCase()}`;
    throw new Error('No block or transaction has that hash on this node.');
  }
  throw new Error('Search by block height, block or transaction hash (64 hexadecimal characters), or address (grid1…).');
}

function searchBar() {
  const input = h('input', { type: 'search', name: 'q', placeholder: 'Height, hash or address', 'aria-label': 'Search the chain' });
  const out = h('div');
  const form = h('form', { class: 'searchbar', role: 'search' }, input, h('button', { type: 'submit', class: 'primary' }, 'Search'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    put(out);
    try { location.hash = await resolveSearch(input.value); } catch (err) { put(out, h('p', { class: 'message error', role: 'alert' }, err.message)); }
  });
  return h('div', null, form, out);
}

export async function render(root, params) {
  const [kind, id] = params;
  put(root, h('h1', null, 'Explorer'), searchBar());
  const body = h('div');
  root.append(body);
  if (kind === 'block') return blockPage(body, id);
  if (kind === 'tx') return txPage(body, id);
  if (kind === 'account') return accountPage(body, id);
  return home(body);
}

async function home(body) {
  const blocks = [], txs = [];
  const blocksEl = h('div'), txsEl = h('div');
  put(body, h('div', { class: 'grid-2' }, blocksEl, txsEl));
  const head = await api.get('blocks/latest').catch(() => null);
  const top = head?.header.height ?? 0;
  const older = await Promise.all(Array.from({ length: Math.min(10, top) }, (_, i) => api.get(`blocks/${top - i}`)));
  for (const b of older) blocks.push({ height: b.header.height, time: b.header.time, hash: b.header.hash, count: b.transactions.length });
  for (const b of older) for (const t of b.transactions) if (txs.length < 15) txs.push({ hash: t, height: b.header.height, success: null });
  const show = () => {
    put(blocksEl, card('Latest blocks', h('div', { 'aria-live': 'polite' }, table(null, ['Block', 'Time', 'Transactions', 'Hash'],
      blocks.slice(0, 10).map((b) => [blockLink(b.height), time(b.time), String(b.count), short(b.hash, 8)])))));
    put(txsEl, card('Latest transactions', table(null, ['Transaction', 'Block', 'Outcome'],
      txs.slice(0, 15).map((t) => [txLink(t.hash), blockLink(t.height), t.success === null ? '' : h('span', { class: ['badge', t.success ? 'committed' : 'refused'] }, t.success ? 'ok' : t.code)]), 'No transactions yet.')));
  };
  show();
  return onBlock((b) => {
    blocks.unshift({ height: b.header.height, time: b.header.time, hash: b.header.hash, count: b.transactions.length });
    blocks.length = Math.min(blocks.length, 10);
    for (const t of b.transactions.slice().reverse()) txs.unshift({ hash: t.hash, height: b.header.height, success: t.success, code: t.code });
    txs.length = Math.min(txs.length, 15);
    show();
  });
}

async function blockPage(body, id) {
  const b = await api.get(`blocks/${id}`);
  const height = b.header.height;
  const [txs, events] = await Promise.all([api.get(`blocks/${height}/transactions`), api.get(`blocks/${height}/events`)]);
  const hd = b.header;
  put(body,
    card(`Block ${height}`, h('dl', { class: 'facts' },
      h('dt', null, 'Time'), h('dd', null, time(hd.time)), h('dt', null, 'Hash'), h('dd', null, h('code', null, hd.hash)),
      h('dt', null, 'Previous'), h('dd', null, height > 1 ? link(`#/explorer/block/${height - 1}`, hd.previousHash) : h('code', null, hd.previousHash)),
      h('dt', null, 'State root'), h('dd', null, h('code', null, hd.stateRoot)), h('dt', null, 'Transactions root'), h('dd', null, h('code', null, hd.transactionsRoot)),
      h('dt', null, 'Proposer'), h('dd', null, accountLink(hd.proposer)), h('dt', null, 'Commit signatures'), h('dd', null, String(b.lastCommitSignatures)),
      h('dt', null, 'Chain'), h('dd', null, hd.chainId)),
    h('div', { class: 'actions' }, height > 1 ? link(`#/explorer/block/${height - 1}`, '← previous') : null, link(`#/explorer/block/${height + 1}`, 'next →'))),
    card('Transactions', table(null, ['#', 'Transaction', 'Message', 'Sender', 'Fee', 'Outcome'], txs.map((t) => [String(t.index), txLink(t.hash), t.message, accountLink(t.sender), watt(t.fee),
      h('span', { class: ['badge', t.success ? 'committed' : 'refused'] }, t.success ? 'ok' : t.code ?? '—')]), 'No transactions in this block.')),
    card('End-of-block events (settlement, gate closure, eras, contracts)', eventsTable(events)));
}

async function txPage(body, hash) {
  const t = await api.get(`transactions/${hash}`);
  let detail = null;
  if (t.height) detail = (await api.get(`blocks/${t.height}/transactions`)).find((x) => x.hash === t.hash) ?? null;
  put(body,
    card(`Transaction ${short(t.hash, 10)}`, h('dl', { class: 'facts' },
      h('dt', null, 'Hash'), h('dd', null, h('code', null, t.hash)),
      h('dt', null, 'Status'), h('dd', null, h('span', { class: ['badge', t.success === false ? 'refused' : t.status] }, t.success === false ? 'refused' : t.status)),
      t.height ? [h('dt', null, 'Block'), h('dd', null, blockLink(t.height), ` (position ${t.index})`)] : null,
      detail ? [h('dt', null, 'Message'), h('dd', null, detail.message), h('dt', null, 'Sender'), h('dd', null, accountLink(detail.sender)),
        h('dt', null, 'Nonce'), h('dd', null, String(detail.nonce)), h('dt', null, 'Fee'), h('dd', null, watt(detail.fee))] : null,
      t.code ? [h('dt', null, 'Refused'), h('dd', null, api.humanize(t.code, t.message))] : null)),
    card('Events', eventsTable(t.events ?? [])));
}

async function accountPage(body, address) {
  if (!isAddress(address)) throw new Error('That is not an address (grid1…).');
  const [acct, stake, meters, orders, trades, contracts] = await Promise.all([
    api.get(`accounts/${address}`), api.get(`staking/accounts/${address}`), api.get(`meters?owner=${address}`),
    api.get(`market/accounts/${address}/orders`), api.get(`market/accounts/${address}/trades`), api.get(`contracts?account=${address}`)]);
  const ss = chain.slotSeconds();
  put(body,
    card('Account', h('dl', { class: 'facts' },
      h('dt', null, 'Address'), h('dd', null, h('code', null, address)),
      h('dt', null, 'WATT'), h('dd', null, `${watt(acct.watt.free)} free, ${watt(acct.watt.reserved)} reserved`),
      h('dt', null, 'GRID'), h('dd', null, `${fmtGrid(acct.grid.free)} free, ${fmtGrid(acct.grid.reserved)} reserved`),
      h('dt', null, 'Transactions sent'), h('dd', null, String(acct.nonce)),
      h('dt', null, 'Staking'), h('dd', null, `${stake.role}, ${fmtGrid(stake.active)} bonded`),
      h('dt', null, 'As of block'), h('dd', null, String(acct.height)))),
    card('Meters', table(null, ['Meter', 'Zone', 'Kind', 'Technology'], meters.map((m) => [h('code', null, m.id), m.zone, m.kind, m.technology]), 'No meters.')),
    card('Recent orders', table(null, ['Order', 'Slot', 'Side', 'Zone', 'Price', 'Filled', 'Status'], orders.slice(-10).reverse().map((o) => [
      String(o.id), clock(o.slot * ss), o.side, o.zone, price(o.price), `${wh(o.filled)} / ${wh(o.quantity)}`, o.status]), 'No orders.')),
    card('Recent trades', table(null, ['Slot', 'Side', 'Route', 'Price', 'Quantity'], trades.slice(-10).reverse().map((t) => [
      clock(t.slot * ss), t.buyer === address ? 'bought' : 'sold', `${t.sellZone} → ${t.buyZone}`, price(t.price), wh(t.quantity)]), 'No trades.')),
    card('Contracts', table(null, ['Contract', 'Template', 'Status'], contracts.map((c) => [`#${c.id}`, c.template, c.status]), 'No contracts.')),
    h('p', { class: 'hint' }, 'The node keeps no index of an account\'s transactions; the tables above are what the chain\'s state holds for it.'));
}
