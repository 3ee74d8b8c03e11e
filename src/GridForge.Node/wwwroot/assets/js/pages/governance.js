// Governance and staking: proposals with their live tallies and a vote; validators, the era, bonds and nominations.

import { h, put, render as show, field, table, card } from '../dom.js';
import * as api from '../api.js';
import * as wallet from '../wallet.js';
import * as tx from '../crypto/tx.js';
import { onBlockThrottled } from '../live.js';
import { busy } from '../ui.js';
import { grid as fmtGrid, parseUnits, percent, short } from '../format.js';

export const title = 'Governance';

function tally(t) {
  const total = t.yes + t.no + t.abstain;
  const bar = h('div', { class: 'tally', role: 'img', 'aria-label': `yes ${percent(t.yes, total)}, no ${percent(t.no, total)}, abstain ${percent(t.abstain, total)}` });
  for (const [k, v] of [['yes', t.yes], ['no', t.no], ['abstain', t.abstain]]) {
    const part = h('span', { class: k });
    part.style.width = total > 0 ? `${(100 * v) / total}%` : '0';
    bar.append(part);
  }
  return h('div', null, bar, h('small', { class: 'hint' },
    `yes ${fmtGrid(t.yes)} · no ${fmtGrid(t.no)} · abstain ${fmtGrid(t.abstain)} · turnout ${percent(t.turnout, t.totalActive)} of bonded GRID`,
    t.quorumReached ? ' · quorum reached' : ' · no quorum yet', t.thresholdReached ? ' · passing' : ' · not passing', t.live ? ' (live)' : ' (final)'));
}

export async function render(root) {
  const proposals = h('div'), era = h('div'), validators = h('div'), mine = h('div');
  put(root, h('h1', null, 'Governance and staking'), proposals, h('div', { class: 'grid-2' }, era, mine), validators);

  async function showProposals() {
    const list = await api.get('governance/proposals');
    show(proposals, list, () => card('Proposals', table(null, ['#', 'What', 'Status', 'Tally', 'Voting ends at block', ''], list.slice().reverse().map((p) => [
      String(p.id), h('div', null, h('strong', null, p.action), h('div', { class: 'hint' }, p.description), h('div', { class: 'hint' }, `by ${short(p.proposer, 8)}`)),
      h('span', { class: ['badge', p.status] }, p.status), tally(p.tally), String(p.votingEnd), p.status === 'voting' ? voteButtons(p) : (p.outcome ?? ''),
    ]), 'No proposals. Any GRID holder with the deposit may propose (gridforge governance propose).')));
  }

  function voteButtons(p) {
    const out = h('div');
    const buttons = ['yes', 'no', 'abstain'].map((choice) => {
      const b = h('button', { type: 'button', class: 'small' }, choice);
      b.addEventListener('click', () => busy(b, out, 'Voting…', async () => {
        await wallet.send(tx.vote({ proposal: p.id, choice }), { title: `Vote ${choice} on proposal ${p.id}`, rows: [['Proposal', p.action], ['Weight', 'your bonded GRID at the tally']] });
        showProposals();
      }));
      return b;
    });
    return h('div', null, h('div', { class: 'actions' }, buttons), out);
  }

  async function showStaking() {
    const [e, vs, candidates] = await Promise.all([api.get('staking/era'), api.get('staking/validators'), api.get('staking/candidates')]);
    put(era, card(`Era ${e.era}`, h('dl', { class: 'facts' },
      h('dt', null, 'Blocks'), h('dd', null, `${e.startHeight} – ${e.lastHeight} (now ${e.height})`),
      h('dt', null, 'Bonded'), h('dd', null, fmtGrid(e.totalActive)),
      h('dt', null, 'Reward so far'), h('dd', null, fmtGrid(e.pendingEraReward)))));
    put(validators, card('Validators',
      table(null, ['Validator', 'Power', 'Own', 'Backing', 'Commission', 'Blocks this era', 'Nominators'], vs.map((v) => [
        h('a', { href: `#/explorer/account/${v.address}` }, short(v.address, 10)), v.power.toLocaleString('en-US'), fmtGrid(v.own), fmtGrid(v.total),
        `${(v.commissionPpb / 1e7).toFixed(2)}%`, String(v.points), String(v.nominators.length),
      ]), 'No validators.'),
      h('h3', null, 'Candidates'),
      table(null, ['Account', 'Commission', 'Bonded', 'In the set'], candidates.map((c) => [
        h('a', { href: `#/explorer/account/${c.address}` }, short(c.address, 10)), `${(c.commissionPpb / 1e7).toFixed(2)}%`, fmtGrid(c.active), c.inCurrentSet ? 'yes' : 'no',
      ]), 'No one has declared intent to validate.')));
    return candidates;
  }

  async function showMine(candidates) {
    const a = wallet.address();
    if (!a) { put(mine, card('Your stake', h('p', { class: 'empty' }, 'Choose a key in the Wallet to bond, nominate and vote.'))); return; }
    const me = await api.get(`staking/accounts/${a}`);
    const amount = h('input', { type: 'text', name: 'bond', inputmode: 'decimal', placeholder: '1000' });
    const bOut = h('div');
    const bondBtn = h('button', { type: 'button', class: 'primary' }, 'Review and bond');
    bondBtn.addEventListener('click', () => busy(bondBtn, bOut, 'Bonding…', async () => {
      const micro = parseUnits(amount.value);
      await wallet.send(tx.bond({ amount: micro }), { title: `Bond ${amount.value} GRID`, rows: [['Effect', 'reserved, votes and backs validators; unbonding waits some eras']] });
      refresh();
    }));
    const unbondBtn = h('button', { type: 'button' }, 'Review and unbond');
    unbondBtn.addEventListener('click', () => busy(unbondBtn, bOut, 'Unbonding…', async () => {
      const micro = parseUnits(amount.value);
      await wallet.send(tx.unbond({ amount: micro }), { title: `Unbond ${amount.value} GRID`, rows: [['Effect', 'stops voting and backing; withdrawable after the unbonding eras']] });
      refresh();
    }));
    const picks = candidates.map((c) => h('input', { type: 'checkbox', name: 'nominate', value: c.address, checked: me.nominations.includes(c.address) }));
    const nOut = h('div');
    const nominateBtn = h('button', { type: 'button' }, 'Review and nominate');
    nominateBtn.addEventListener('click', () => busy(nominateBtn, nOut, 'Nominating…', async () => {
      const targets = picks.filter((p) => p.checked).map((p) => p.value);
      if (targets.length === 0) throw new Error('Choose at least one validator.');
      await wallet.send(tx.nominate({ targets }), { title: `Nominate ${targets.length} validator${targets.length > 1 ? 's' : ''}`, rows: targets.map((t) => ['Back', t]) });
      refresh();
    }));
    put(mine, card('Your stake',
      h('dl', { class: 'facts' }, h('dt', null, 'Bonded'), h('dd', null, fmtGrid(me.active)), h('dt', null, 'Unbonding'), h('dd', null, fmtGrid(me.unlocking)),
        h('dt', null, 'Role'), h('dd', null, me.role), h('dt', null, 'Reward this era so far'), h('dd', null, fmtGrid(me.pendingReward))),
      h('div', { class: 'row' }, field('GRID', amount), h('div', { class: 'actions' }, bondBtn, unbondBtn)), bOut,
      h('fieldset', null, h('legend', null, 'Back validators with your bond'),
        candidates.length ? candidates.map((c, i) => h('div', { class: 'field check' }, h('label', null, picks[i], ` ${short(c.address, 10)}`))) : h('p', { class: 'empty' }, 'No candidates.'),
        nominateBtn, nOut)));
  }

  async function refresh() {
    const [, candidates] = await Promise.all([showProposals(), showStaking()]);
    await showMine(candidates);
  }

  await refresh();
  const offs = [onBlockThrottled(() => { showProposals().catch(() => {}); }, 3000), wallet.onChange(() => refresh())];
  return () => offs.forEach((off) => off());
}
