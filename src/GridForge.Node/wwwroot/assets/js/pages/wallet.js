// Wallet: the key (new, key file, dev name, or unlocked from this browser's encrypted store), balances, transfers,
// WATT deposits and redemptions through the dev chain's sandbox bank, and what this page sent.

import { h, put, field, select, table, card } from '../dom.js';
import * as api from '../api.js';
import * as wallet from '../wallet.js';
import * as keys from '../crypto/keys.js';
import { isAddress, addressOf } from '../crypto/bech32m.js';
import * as tx from '../crypto/tx.js';
import { backend } from '../crypto/primitives.js';
import { onBlockThrottled } from '../live.js';
import { busy, message, toast } from '../ui.js';
import * as chain from '../chain.js';
import { grid as fmtGrid, watt, parseUnits, short, time } from '../format.js';

export const title = 'Wallet';

/** An address from grid1…, or a dev name on a dev chain. */
export async function resolveAddress(text) {
  const t = String(text).trim();
  if (isAddress(t)) return t;
  if (keys.isDevName(t) && chain.current().status?.devChain) return addressOf((await keys.fromDevName(t)).publicKey);
  throw new Error(`'${t}' is not an address (grid1…)${chain.current().status?.devChain ? ' or a dev name' : ''}.`);
}

export async function render(root) {
  const keyCard = h('div');
  const balances = h('div', { 'aria-live': 'polite' });
  const sendCard = h('div');
  const bankCard = h('div');
  const activityCard = h('div');
  put(root, h('h1', null, 'Wallet'), h('div', { class: 'grid-2' }, keyCard, balances), h('div', { class: 'grid-2' }, sendCard, bankCard), activityCard);

  const showKey = () => put(keyCard, wallet.account() ? keyInUse() : chooseKey());
  const showBalances = async () => {
    const a = wallet.address();
    if (!a) { put(balances, card('Balances', h('p', { class: 'empty' }, 'Choose a key to see its balances.'))); return; }
    try {
      const acct = await api.get(`accounts/${a}`);
      put(balances, card('Balances',
        h('dl', { class: 'balances' },
          h('dt', null, 'WATT free'), h('dd', { 'data-balance': 'watt-free' }, watt(acct.watt.free)),
          h('dt', null, 'WATT reserved'), h('dd', { 'data-balance': 'watt-reserved' }, watt(acct.watt.reserved)),
          h('dt', null, 'GRID free'), h('dd', { 'data-balance': 'grid-free' }, fmtGrid(acct.grid.free)),
          h('dt', null, 'GRID reserved'), h('dd', { 'data-balance': 'grid-reserved' }, fmtGrid(acct.grid.reserved))),
        h('p', { class: 'hint' }, `Reserved: escrow of your resting orders and bonded GRID. Next nonce ${acct.nonce}, as of block ${acct.height}.`)));
    } catch (e) {
      put(balances, card('Balances', h('p', { class: 'message error', role: 'alert' }, e.message)));
    }
  };

  function chooseKey() {
    const out = h('div');
    const dev = chain.current().status?.devChain;
    const devName = h('input', { type: 'text', name: 'dev-name', list: 'dev-names', autocomplete: 'off', placeholder: 'alice, member-01 …' });
    const useDev = h('button', { type: 'button', class: 'primary' }, 'Use dev account');
    useDev.addEventListener('click', () => busy(useDev, out, 'Deriving…', () => wallet.useDevName(devName.value.trim())));
    const fileInput = h('input', { type: 'file', name: 'key-file', accept: '.key,.json,application/json' });
    const paste = h('textarea', { name: 'key-json', rows: 3, placeholder: '{"type":"ed25519","seed":"…"}' });
    const importBtn = h('button', { type: 'button' }, 'Import key');
    importBtn.addEventListener('click', () => busy(importBtn, out, 'Reading the key…', async () => {
      const text = fileInput.files?.[0] ? await fileInput.files[0].text() : paste.value;
      if (!text.trim()) throw new Error('Choose a key file or paste its contents.');
      wallet.use(await keys.fromKeyFile(text), 'imported key');
    }));
    const create = h('button', { type: 'button' }, 'Create a new key');
    create.addEventListener('click', () => busy(create, out, 'Creating…', async () => { wallet.use(await keys.generate(), 'new key'); toast('New key created: download its key file or save it encrypted, or it is gone when you leave.', 'info', 10000); }));
    const stored = keys.storedKeys();
    const storedPick = select('stored', stored.map((k) => [k.address, `${k.label} · ${short(k.address, 8)}`]));
    const pass = h('input', { type: 'password', name: 'passphrase', autocomplete: 'current-password' });
    const unlock = h('button', { type: 'button' }, 'Unlock');
    unlock.addEventListener('click', () => busy(unlock, out, 'Deriving the key from your passphrase…', async () => {
      const entry = stored.find((k) => k.address === storedPick.value);
      wallet.use(await keys.unlock(storedPick.value, pass.value), entry?.label ?? 'stored key');
    }));
    const forget = h('button', { type: 'button', class: 'secondary' }, 'Forget');
    forget.addEventListener('click', () => { keys.forget(storedPick.value); showKey(); });
    return card('Your key',
      h('p', null, 'Keys stay in this browser: transactions are signed here and only signed bytes go to the node.'),
      dev ? h('fieldset', null, h('legend', null, 'Dev account (dev chains only; the keys are public)'),
        field('Dev name', devName, 'alice, bob, charlie, dso, issuer, validator, or a community member such as member-01'),
        h('datalist', { id: 'dev-names' }, keys.DEV_NAMES.map((n) => h('option', { value: n })), h('option', { value: 'member-01' })), useDev) : null,
      stored.length ? h('fieldset', null, h('legend', null, 'Stored in this browser (encrypted)'), field('Key', storedPick), field('Passphrase', pass), h('div', { class: 'actions' }, unlock, forget)) : null,
      h('fieldset', null, h('legend', null, 'Key file from gridforge keys new'), field('Key file', fileInput), field('…or paste it', paste), importBtn),
      h('fieldset', null, h('legend', null, 'New key'), create),
      out);
  }

  function keyInUse() {
    const a = wallet.account();
    const out = h('div');
    const pass1 = h('input', { type: 'password', name: 'new-passphrase', autocomplete: 'new-password' });
    const pass2 = h('input', { type: 'password', name: 'repeat-passphrase', autocomplete: 'new-password' });
    const label = h('input', { type: 'text', name: 'label', value: a.label });
    const save = h('button', { type: 'button' }, 'Save encrypted');
    save.addEventListener('click', () => busy(save, out, 'Encrypting (600,000 rounds of PBKDF2)…', async () => {
      if (pass1.value !== pass2.value) throw new Error('The two passphrases differ.');
      await keys.store(a.signer, label.value || a.label, pass1.value);
      message(out, 'Saved, encrypted with your passphrase, in this browser only.', 'success');
    }));
    const download = h('button', { type: 'button' }, 'Download key file');
    download.addEventListener('click', () => {
      const url = URL.createObjectURL(new Blob([keys.toKeyFile(a.signer)], { type: 'application/json' }));
      const link = h('a', { href: url, download: `${a.label.replace(/[^a-z0-9-]+/gi, '-')}.key` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
    const out2 = h('button', { type: 'button', class: 'secondary', on: { click: () => wallet.signOut() } }, 'Sign out');
    const signer = h('p', { class: 'hint' });
    backend().then((b) => put(signer, `Signing with ${b === 'webcrypto' ? 'the browser\'s WebCrypto Ed25519' : 'the noble-ed25519 library (this page has no WebCrypto Ed25519)'}.`));
    return card('Your key',
      h('p', null, h('strong', null, a.label), a.dev ? ' (dev account: its key is public)' : ''),
      h('p', null, h('code', { class: 'address', 'data-address': a.address }, a.address)),
      signer,
      a.dev ? null : h('details', null, h('summary', null, 'Keep this key'),
        h('p', { class: 'hint' }, 'Stored keys are encrypted (PBKDF2-SHA-256 → AES-GCM) with your passphrase; it is never stored or sent.'),
        field('Name', label), field('Passphrase (8 characters or more)', pass1), field('Repeat it', pass2), h('div', { class: 'actions' }, save, download)),
      h('div', { class: 'actions' }, out2), out);
  }

  function sendForm() {
    const to = h('input', { type: 'text', name: 'to', autocomplete: 'off', placeholder: 'grid1…' });
    const token = select('token', [['WATT', 'WATT'], ['GRID', 'GRID']], 'WATT');
    const amount = h('input', { type: 'text', name: 'amount', inputmode: 'decimal', placeholder: '12.5' });
    const out = h('div');
    const go = h('button', { type: 'submit', class: 'primary' }, 'Review and send');
    const form = h('form', { class: 'stack', novalidate: true }, field('To', to, 'An address; on a dev chain also a dev name'), h('div', { class: 'row' }, field('Amount', amount), field('Token', token)), go, out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      busy(go, out, 'Sending…', async () => {
        const recipient = await resolveAddress(to.value);
        const micro = parseUnits(amount.value);
        await wallet.send(tx.transfer({ to: recipient, token: token.value, amount: micro }), {
          title: `Send ${amount.value} ${token.value}`, rows: [['To', recipient], ['Amount', `${amount.value} ${token.value}`]] });
        amount.value = '';
        showBalances();
      });
    });
    put(sendCard, card('Send WATT or GRID', form));
  }

  async function bankForms() {
    const status = chain.current().status;
    if (!status?.devChain) {
      put(bankCard, card('WATT in and out', h('p', null, 'WATT is minted by licensed issuers against bank deposits and burned on redemption. This chain has no sandbox bank; ask your issuer.')));
      return;
    }
    const issuers = (await api.get('watt/issuers')).filter((i) => i.active);
    // The dev chain's sandbox ramp goes through the dev community's own issuer (the active one that is not the default), whose bridge
    // the community runs every slot (docs/community.md); a chain without it uses its default issuer.
    const ramp = issuers.find((i) => !i.default) ?? issuers.find((i) => i.default) ?? issuers[0];
    const amount = h('input', { type: 'text', name: 'deposit-amount', inputmode: 'decimal', placeholder: '100' });
    const payer = h('input', { type: 'text', name: 'payer', value: 'my-bank-account' });
    const out = h('div');
    const deposit = h('button', { type: 'button', class: 'primary' }, 'Deposit at the sandbox bank');
    const list = h('div');
    deposit.addEventListener('click', () => busy(deposit, out, 'Depositing…', async () => {
      if (!wallet.address()) throw new Error('Choose a key first.');
      const d = await api.post('sandbox-bank/deposits', { issuer: ramp ? ramp.address : null, beneficiary: wallet.address(), amount: Number(parseUnits(amount.value)), payer: payer.value || 'sandbox' });
      message(out, `Deposited: reference ${d.reference}. The issuer's bridge mints the WATT to you on chain (the dev community's bridge runs every slot; without it, run gridforge watt bridge --from community-issuer --attestor community-issuer --once).`, 'success');
      showDeposits();
    }));
    const rAmount = h('input', { type: 'text', name: 'redeem-amount', inputmode: 'decimal', placeholder: '25.5' });
    const rRef = h('input', { type: 'text', name: 'payout-ref', value: 'my-bank-account' });
    const rOut = h('div');
    const redeem = h('button', { type: 'button' }, 'Review and redeem');
    redeem.addEventListener('click', () => busy(redeem, rOut, 'Redeeming…', async () => {
      if (issuers.length === 0) throw new Error('This chain has no active issuer.');
      const micro = parseUnits(rAmount.value);
      await wallet.send(tx.redeem({ issuer: ramp.address, amount: micro, payoutReference: rRef.value }), {
        title: `Redeem ${rAmount.value} WATT`, rows: [['Issuer', ramp.address], ['Paid out to', rRef.value]] });
      showBalances();
      showDeposits();
    }));
    async function showDeposits() {
      const a = wallet.address();
      if (!a) { put(list); return; }
      const [deposits, redemptions] = await Promise.all([api.get('sandbox-bank/deposits'),
        Promise.all(issuers.map((i) => api.get(`watt/issuers/${i.address}/redemptions?status=all`))).then((l) => l.flat())]);
      const mine = deposits.filter((d) => d.beneficiary === a).slice(-5).reverse();
      const out = redemptions.filter((r) => r.holder === a).slice(-5).reverse();
      put(list, table('Your deposits', ['Reference', 'Amount', 'Received', 'Minted'],
        mine.map((d) => [d.reference, watt(d.amount), time(d.receivedAt), d.mintedBy ? 'yes' : 'waiting for the issuer']), 'No deposits yet.'),
      out.length ? table('Your redemptions', ['Redemption', 'Amount', 'Pay out to', 'Status'],
        out.map((r) => [String(r.id), watt(r.amount), r.payoutReference, h('span', { class: ['badge', r.status], 'data-redemption': r.status }, r.status === 'paid' ? `paid (${r.bankReference ?? ''})` : 'waiting for the issuer\'s payout')])) : null);
    }
    put(bankCard, card('WATT in and out (sandbox bank)',
      h('p', { class: 'hint' }, 'Dev chain: play money at the node\'s sandbox bank, minted and paid out by the issuer\'s bridge.'),
      h('div', { class: 'row' }, field('Amount (fiat)', amount), field('From bank account', payer)), deposit, out, list,
      h('hr'),
      h('div', { class: 'row' }, field('Redeem WATT', rAmount), field('Pay out to', rRef)), redeem, rOut));
    showDeposits();
  }

  const showActivity = () => put(activityCard, card('Sent from this page',
    table(null, ['What', 'Status', 'Block', 'Transaction'], wallet.activity.map((t) => [
      t.summary,
      h('span', { class: ['badge', t.status], 'data-status': t.status }, t.status, t.message ? ` — ${t.message}` : ''),
      t.height ? h('a', { href: `#/explorer/block/${t.height}` }, String(t.height)) : '—',
      h('details', null, h('summary', null, h('a', { href: `#/explorer/tx/${t.id}` }, short(t.id, 8))), h('code', { class: 'hex', 'data-signed-tx': t.id }, t.hex)),
    ]), 'Nothing sent yet.')));

  showKey();
  showBalances();
  sendForm();
  bankForms().catch((e) => put(bankCard, card('WATT in and out', h('p', { class: 'message error' }, e.message))));
  showActivity();
  const offs = [
    wallet.onChange(() => { showKey(); showBalances(); bankForms().catch(() => {}); }),
    wallet.onActivity(showActivity),
    onBlockThrottled(showBalances, 1500),
  ];
  return () => offs.forEach((off) => off());
}
