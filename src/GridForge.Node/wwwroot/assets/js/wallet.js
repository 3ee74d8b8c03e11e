// The wallet of this page: the key in use (kept in memory only, unless stored encrypted on request), and sending
// transactions: read the chain's id, fee and the account's nonce, build the transaction, show it, sign it here, submit
// it, and follow it to its block.

import * as api from './api.js';
import { addressOf } from './crypto/bech32m.js';
import * as keys from './crypto/keys.js';
import { sign } from './crypto/tx.js';
import { toHex } from './crypto/bytes.js';
import { confirmDialog, toast } from './ui.js';
import { watt } from './format.js';

const listeners = new Set();
let current = null; // { signer, address, label, dev }
let nextLocalNonce = null;
let queue = Promise.resolve();

/** Transactions sent from this page in this session, newest first: {id, hex, name, summary, status, height, code, message}. */
export const activity = [];
const activityListeners = new Set();

export const account = () => current;
export const address = () => current?.address ?? null;

export function onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }
export function onActivity(fn) { activityListeners.add(fn); return () => activityListeners.delete(fn); }

function changed() { for (const fn of listeners) fn(current); }
function activityChanged() { for (const fn of activityListeners) fn(activity); }

export function use(signer, label, dev = false) {
  current = { signer, address: addressOf(signer.publicKey), label, dev };
  nextLocalNonce = null;
  changed();
}

export function signOut() {
  current = null;
  nextLocalNonce = null;
  changed();
}

export async function useDevName(name) {
  const status = await api.get('status');
  if (!status.devChain) throw new Error(`'${name}' is a dev key: its seed is public, and this chain (${status.chainId}) is not a dev chain.`);
  use(await keys.fromDevName(name), name, true);
}

/** Builds, shows, signs, submits and follows one transaction; resolves to its final status (or null if cancelled). */
export function send(message, { title, rows = [] } = {}) {
  const run = queue.then(() => sendNow(message, title ?? message.name, rows));
  queue = run.catch(() => {});
  return run;
}

async function sendNow(message, title, rows) {
  if (!current) throw new Error('Choose a key in the Wallet first.');
  const [status, acct] = await Promise.all([api.get('status'), api.get(`accounts/${current.address}`)]);
  if (current.dev && !status.devChain) throw new Error('Dev keys are refused on this chain.');
  // After the account's transactions already waiting at the node (another client's: a bot, the CLI), not only the committed ones.
  const nonce = Math.max(acct.pendingNonce, nextLocalNonce ?? 0);
  const fee = status.minFee;
  // Expires 1,000 blocks ahead, as the CLI's transactions do.
  const expiry = status.height + 1000;
  const ok = await confirmDialog(title, [
    ...rows,
    ['From', `${current.label} (${current.address})`],
    ['Fee', watt(fee)],
    ['Nonce', String(nonce)],
    ['Valid until block', String(expiry)],
    ['Chain', status.chainId],
  ], toHex(message.payload));
  if (!ok) return null;
  let tx = await sign(current.signer, { chainId: status.chainId, nonce, fee, expiry, message });
  const entry = { id: tx.id, hex: tx.hex, name: message.name, summary: title, status: 'sending', height: null, code: null, message: null };
  activity.unshift(entry);
  activityChanged();
  // Another client of the same account (a bot, the CLI, a second tab) may have taken this nonce first. The node then refused
  // this transaction at the door (nothing spent), and it can never be included: signing the same message again with the
  // next nonce sends what was confirmed exactly once. A few tries, each with a later nonce.
  for (let attempt = 0, tried = nonce; ; attempt++) {
    try {
      await api.post('transactions', { tx: tx.hex });
      nextLocalNonce = tried + 1;
      break;
    } catch (e) {
      if (e.code !== 'nonce_replayed' || attempt >= 4) {
        Object.assign(entry, { status: 'rejected', code: e.code, message: e.message });
        activityChanged();
        throw e;
      }
      const again = await api.get(`accounts/${current.address}`);
      tried = Math.max(again.pendingNonce, tried + 1);
      tx = await sign(current.signer, { chainId: status.chainId, nonce: tried, fee, expiry, message });
      Object.assign(entry, { id: tx.id, hex: tx.hex });
    }
  }
  entry.status = 'pending';
  activityChanged();
  const final = await follow(tx.id);
  Object.assign(entry, { status: final.status === 'committed' ? (final.success ? 'committed' : 'refused') : final.status,
    height: final.height ?? null, code: final.code ?? null, message: final.code ? api.humanize(final.code, final.message) : null });
  activityChanged();
  if (entry.status === 'committed') toast(`${title}: committed in block ${final.height}.`, 'success');
  else if (entry.status === 'refused') { nextLocalNonce = null; throw new Error(`${title}: included in block ${final.height} but refused — ${entry.message} The fee was paid.`); }
  else { nextLocalNonce = null; throw new Error(`${title}: ${entry.message ?? entry.status}`); }
  return final;
}

async function follow(id) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const s = await api.find(`transactions/${id}`);
    if (s && (s.status === 'committed' || s.status === 'rejected')) return s;
    await new Promise((r) => setTimeout(r, 400));
  }
  return { status: 'timeout', message: 'not included within a minute; it may still be.' };
}
