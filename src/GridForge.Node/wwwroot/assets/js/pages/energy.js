// My energy: the household's meters, what they produced and consumed per slot, how each trade settled, certificates
// (retire them), and contracts (create a residential trading rule, see what it did).

import { h, put, render as show, field, select, table, card } from '../dom.js';
import * as api from '../api.js';
import * as wallet from '../wallet.js';
import * as tx from '../crypto/tx.js';
import * as chain from '../chain.js';
import { onBlockThrottled } from '../live.js';
import { busy } from '../ui.js';
import { pairedBars } from '../charts.js';
import { price, parsePrice, parseInteger, parseUnits, watt, wh, clock, time, slotLabel } from '../format.js';

export const title = 'My energy';

export async function render(root) {
  const meters = h('div'), chart = h('div'), settlements = h('div'), certificates = h('div'), contracts = h('div'), create = h('div');
  put(root, h('h1', null, 'My energy'), h('div', { class: 'grid-2' }, meters, chart), settlements, h('div', { class: 'grid-2' }, certificates, create), contracts);
  let selectedContract = null;

  async function refresh() {
    const a = wallet.address();
    if (!a) {
      put(meters, card('Meters', h('p', { class: 'empty' }, 'Choose a key in the Wallet to see your energy.')));
      for (const el of [chart, settlements, certificates, contracts, create]) put(el);
      return;
    }
    const now = chain.currentSlot();
    const [ms, energy, settled, certs, cs] = await Promise.all([
      api.get(`meters?owner=${a}`), api.get(`energy/${a}?from=${Math.max(0, now - 95)}&to=${now}`), api.get(`market/accounts/${a}/settlements`),
      api.get(`market/accounts/${a}/certificates`), api.get(`contracts?account=${a}`)]);
    show(meters, ms, () => card('Meters', table(null, ['Meter', 'Zone', 'Kind', 'Technology', 'Rated', 'Last reading'], ms.map((m) => [
      h('code', null, m.id), m.zone, m.kind, m.technology, `${(m.ratedPowerW / 1000).toLocaleString('en-US')} kW`, m.lastSlot ? slotLabel(m.lastSlot, chain.slotSeconds()) : 'none yet',
    ]), 'No meter is registered to you (the DSO registers meters).')));
    const bySlot = new Map(energy.map((e) => [e.slot, e]));
    const points = [];
    for (let s = Math.max(0, now - 95); s <= now; s++) {
      const e = bySlot.get(s);
      points.push({ slot: s, a: e?.produced ?? 0, b: e?.consumed ?? 0, bought: e?.bought ?? 0, sold: e?.sold ?? 0 });
    }
    const produced = points.reduce((n, p) => n + p.a, 0), consumed = points.reduce((n, p) => n + p.b, 0);
    show(chart, points, () => card('Produced and consumed, last 24 hours',
      h('div', { class: 'legend' }, h('span', null, h('span', { class: 'sw a' }), 'produced'), h('span', null, h('span', { class: 'sw b' }), 'consumed')),
      pairedBars(points, { label: `Produced ${wh(produced)} and consumed ${wh(consumed)} over the last 96 slots`, fmt: wh, xLabel: (p) => clock(p.slot * chain.slotSeconds()), names: ['produced', 'consumed'] }),
      h('details', null, h('summary', null, 'The numbers'), table(null, ['Slot', 'Produced', 'Consumed', 'Bought', 'Sold'],
        points.filter((p) => p.a || p.b || p.bought || p.sold).map((p) => [clock(p.slot * chain.slotSeconds()), wh(p.a), wh(p.b), wh(p.bought), wh(p.sold)]), 'Nothing metered yet.'))));
    show(settlements, settled.slice(-20), () => card('Settlement per trade',
      h('p', { class: 'hint' }, 'A trade settles once its slot\'s metering window has closed: the delivered part is paid, the rest released, and a seller that under-delivered pays a penalty.'),
      table(null, ['Slot', 'Trade', 'You', 'Delivered', 'Buyer paid', 'Seller received', 'Penalty', 'Certified'], settled.slice(-20).reverse().map((x) => [
        slotLabel(x.slot, chain.slotSeconds()), String(x.trade), x.buyer === a ? 'bought' : 'sold', wh(x.delivered), watt(x.buyerPaid), watt(x.sellerReceived), watt(x.penalty), wh(x.certifiedWh),
      ]), 'No trade of yours has settled yet.')));
    show(certificates, certs.slice(-20), () => card('Green certificates', table(null, ['Certificate', 'Slot', 'Zone', 'Source', 'Wh', 'Retired', ''], certs.slice(-20).reverse().map((c) => [
      String(c.id), clock(c.slot * chain.slotSeconds()), c.zone, c.technology, c.wh.toLocaleString('en-US'), c.retired.toLocaleString('en-US'), c.retired < c.wh ? retireForm(c) : 'all claimed',
    ]), 'No certificates yet: they come with delivered solar or wind energy you bought.')));
    showContracts(cs);
  }

  function retireForm(c) {
    const amount = h('input', { type: 'text', name: `retire-${c.id}`, value: String(c.wh - c.retired), size: 6, 'aria-label': `Wh of certificate ${c.id} to retire` });
    const go = h('button', { type: 'button', class: 'small' }, 'Retire');
    const out = h('div');
    go.addEventListener('click', () => busy(go, out, 'Retiring…', async () => {
      const q = parseInteger(amount.value, 'Wh', { min: 1, max: c.wh - c.retired });
      await wallet.send(tx.retireCertificate({ certificate: c.id, wh: q }), { title: `Retire ${wh(q)} of certificate ${c.id}`, rows: [['Claim', `${wh(q)} of ${c.technology} energy from ${c.zone}`]] });
      refresh();
    }));
    return h('div', { class: 'row' }, amount, go, out);
  }

  async function showContracts(list) {
    const [history, orders] = await contractDetail(list);
    show(contracts, [list, selectedContract, history, orders], () => contractsCard(list, history, orders));
  }

  async function contractDetail(list) {
    if (selectedContract === null && list.length) selectedContract = list[list.length - 1].id;
    const c = list.find((x) => x.id === selectedContract);
    if (!c) return [[], []];
    return Promise.all([api.get(`contracts/${c.id}/history`), c.template === 'residential' ? api.get(`contracts/${c.id}/orders`) : []]);
  }

  function contractsCard(list, history, orders) {
    const rows = list.slice().reverse().map((c) => [
      h('button', { type: 'button', class: 'small', on: { click: () => { selectedContract = c.id; showContracts(list); } } }, `#${c.id}`),
      c.template, h('span', { class: ['badge', c.status] }, c.status), `${slotLabel(c.start, chain.slotSeconds())} → ${slotLabel(c.end, chain.slotSeconds())}`,
      c.template === 'residential' ? `sell above ${wh(c.terms.reserveWh)} at ≥ ${price(c.terms.floorPrice)}; buy ≤ ${wh(c.terms.buyLimitWh)} at ≤ ${price(c.terms.ceilingPrice)}` : c.template,
    ]);
    const detail = h('div');
    const whole = card('Contracts', table(null, ['Contract', 'Template', 'Status', 'Runs', 'Terms'], rows, 'No contracts yet.'), detail);
    const c = list.find((x) => x.id === selectedContract);
    if (!c) return whole;
    const terminate = h('button', { type: 'button', class: 'secondary' }, 'End this contract');
    const out = h('div');
    terminate.addEventListener('click', () => busy(terminate, out, 'Ending…', async () => {
      await wallet.send(tx.terminateContract({ contract: c.id }), { title: `End contract ${c.id}`, rows: [['Notice', `${c.noticeSlots} slots`], ['Termination fee', watt(c.terminationFee)]] });
      refresh();
    }));
    put(detail, h('h3', null, `What contract #${c.id} did`),
      table(null, ['Time', 'Step', 'Details'], history.slice(-25).reverse().map((e) => [time(e.time), e.kind,
        Object.entries(e.attributes).filter(([k]) => k !== 'contract').map(([k, v]) => `${k}: ${v}`).join(', ')]), 'Nothing yet.'),
      orders.length ? h('h3', null, 'Orders it placed') : null,
      orders.length ? table(null, ['Order', 'Slot', 'Side', 'Price', 'Filled', 'Status'], orders.slice(-10).reverse().map((o) => [String(o.id), clock(o.slot * chain.slotSeconds()), o.side, price(o.price), `${wh(o.filled)} / ${wh(o.quantity)}`, o.status])) : null,
      c.status === 'active' || c.status === 'proposed' ? h('div', { class: 'actions' }, terminate) : null, out);
    return whole;
  }

  function createForm() {
    const zone = select('c-zone', chain.zones().map((z) => [z, z]), chain.zones()[0]);
    const reserve = h('input', { type: 'text', name: 'reserve', value: '50' });
    const floor = h('input', { type: 'text', name: 'floor', value: '0.06' });
    const limit = h('input', { type: 'text', name: 'buy-limit', value: '2500' });
    const ceiling = h('input', { type: 'text', name: 'ceiling', value: '0.15' });
    const budget = h('input', { type: 'text', name: 'budget', value: '5' });
    const green = h('input', { type: 'checkbox', name: 'green' });
    const days = h('input', { type: 'text', name: 'days', value: '30' });
    const out = h('div');
    const go = h('button', { type: 'submit', class: 'primary' }, 'Review and create');
    const form = h('form', { class: 'stack', novalidate: true },
      h('p', { class: 'hint' }, 'Every slot it offers your forecast surplus above the reserve at the floor price, and bids for your shortfall up to the limit at the ceiling price (all-in), within the daily budget.'),
      h('div', { class: 'row' }, field('Zone', zone), field('Keep in reserve, Wh', reserve), field('Sell at no less than, WATT/kWh', floor)),
      h('div', { class: 'row' }, field('Buy at most, Wh per slot', limit), field('Pay no more than, WATT/kWh all-in', ceiling), field('Daily budget, WATT', budget)),
      h('div', { class: 'row' }, field('Run for, days', days), h('div', { class: 'field check' }, h('label', null, green, ' Buy green energy only'))),
      go, out);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      busy(go, out, 'Creating…', async () => {
        const perDay = Math.round(86400 / chain.slotSeconds());
        const start = chain.currentSlot() + 2;
        const end = start + parseInteger(days.value, 'Days', { min: 1, max: 3650 }) * perDay - 1;
        const terms = { zone: zone.value, reserveWh: parseInteger(reserve.value, 'Reserve', { min: 0 }), floorPrice: parsePrice(floor.value),
          buyLimitWh: parseInteger(limit.value, 'Buy limit', { min: 0 }), ceilingPrice: parsePrice(ceiling.value), dailyBudget: parseUnits(budget.value, { allowZero: true }), greenOnly: green.checked };
        await wallet.send(tx.createResidential({ start, end, ...terms }), { title: 'Create a residential trading rule', rows: [
          ['Zone', terms.zone], ['Sells', `surplus above ${wh(terms.reserveWh)} at ≥ ${price(terms.floorPrice)}`], ['Buys', `up to ${wh(terms.buyLimitWh)} a slot at ≤ ${price(terms.ceilingPrice)} all-in${terms.greenOnly ? ', green only' : ''}`],
          ['Budget', `${watt(terms.dailyBudget)} a day`], ['From', slotLabel(start, chain.slotSeconds())], ['To', slotLabel(end, chain.slotSeconds())]] });
        selectedContract = null;
        refresh();
      });
    });
    put(create, card('New residential trading rule', form));
  }

  createForm();
  await refresh();
  const offs = [onBlockThrottled(() => refresh().catch(() => {}), 5000), wallet.onChange(() => refresh())];
  return () => offs.forEach((off) => off());
}
