// Market: a delivery slot's books (depth per zone), the day's prices and volumes, trades as they happen, the user's
// orders (amend, cancel) and the order form with its all-in cost (price plus the grid fee now) before signing.

import { h, put, render as show, field, select, table, card } from '../dom.js';
import * as api from '../api.js';
import * as wallet from '../wallet.js';
import * as tx from '../crypto/tx.js';
import * as chain from '../chain.js';
import { onMarket, onBlockThrottled } from '../live.js';
import { busy } from '../ui.js';
import { depthChart, barLine } from '../charts.js';
import { price, parsePrice, parseInteger, watt, wh, clock, slotLabel } from '../format.js';

export const title = 'Market';

let chosenSlot = null;

/** µWATT an order holds in escrow (Escrow.Need): a buy ceil(q × p / 1000), nothing at a price ≤ 0; a sell at a negative
 *  price what it could have to pay, ceil(q × −p / 1000); in BigInt, as q × p can pass 2^53. */
export function escrowOf(side, p, q) {
  const v = BigInt(q) * BigInt(side === 'buy' ? p : -p);
  if (v <= 0n) return 0n;
  return v / 1000n + (v % 1000n > 0n ? 1n : 0n);
}

/** What an order would do against the book now: fills at each counterpart's all-in price (its price ± the current fee of
 *  its route), then the rest. Side 'buy': asks whose price + fee ≤ limit (any price for a market order). */
export function estimate({ side, zone, limit, quantity, market }, books, links) {
  const feeOf = (from, to) => {
    if (from === to) return { fee: links.localFee, room: Infinity };
    const l = links.links.find((x) => x.from === from && x.to === to);
    return l ? { fee: l.fee, room: Math.max(0, l.room) } : null;
  };
  const candidates = [];
  for (const z of books?.zones ?? []) {
    const route = side === 'buy' ? feeOf(z.zone, zone) : feeOf(zone, z.zone);
    if (!route) continue;
    const levels = side === 'buy' ? z.asks : z.bids;
    for (const l of levels) {
      const allIn = side === 'buy' ? l.price + route.fee : l.price - route.fee;
      candidates.push({ zone: z.zone, price: l.price, fee: route.fee, allIn, quantity: l.quantity, room: route.room });
    }
  }
  candidates.sort((a, b) => (side === 'buy' ? a.allIn - b.allIn : b.allIn - a.allIn));
  let left = quantity, paid = 0n;
  const fills = [];
  const roomLeft = new Map();
  for (const c of candidates) {
    if (left <= 0) break;
    if (!market && (side === 'buy' ? c.allIn > limit : c.allIn < limit)) break;
    const room = roomLeft.has(c.zone) ? roomLeft.get(c.zone) : c.room;
    const q = Math.min(left, c.quantity, room);
    if (q <= 0) continue;
    roomLeft.set(c.zone, room - q);
    fills.push({ ...c, q });
    // What the trade moves (DESIGN §3): a buyer pays ceil(q × all-in / 1000), a seller gets floor(q × (price − fee) / 1000).
    const v = BigInt(q) * BigInt(c.allIn);
    paid += side === 'buy' ? v / 1000n + (v % 1000n > 0n ? 1n : 0n) : v / 1000n - (v % 1000n < 0n ? 1n : 0n);
    left -= q;
  }
  return { fills, filled: quantity - left, rest: left, value: paid };
}

export async function render(root) {
  const picker = h('div');
  const depth = h('div');
  const day = h('div');
  const tradesCard = h('div');
  const mine = h('div');
  const formCard = h('div');
  put(root, h('h1', null, 'Market'), picker, h('div', { class: 'grid-2' }, formCard, tradesCard), depth, day, mine);

  let books = null, links = null, open = [];
  const liveTrades = [];

  // One select for the page's life: its options follow the clock without taking the person's focus or choice away.
  const slotSelect = h('select', { name: 'slot' });
  slotSelect.addEventListener('change', () => { chosenSlot = Number(slotSelect.value); refreshSlot(); refreshDay(); });
  const slotHint = h('p', { class: 'hint' });
  put(picker, card('Delivery slot', field('Slot (15 minutes of delivery; orders until 5 minutes before it starts)', slotSelect), slotHint));
  let shown = '';
  async function loadSlots() {
    open = await api.get('market/open');
    const slots = chain.tradableSlots();
    const before = chosenSlot;
    if (!slots.includes(chosenSlot)) chosenSlot = open.find((s) => slots.includes(s)) ?? slots[0] ?? null;
    const key = slots.join(',') + '|' + open.join(',');
    if (key !== shown) {
      shown = key;
      put(slotSelect, slots.map((s) => h('option', { value: s, selected: s === chosenSlot }, `${slotLabel(s, chain.slotSeconds())}${open.includes(s) ? ' · book open' : ''}`)));
    }
    put(slotHint, `${open.length} books hold orders; any slot of the next day takes them. Chain time ${chain.current().status?.latestTime ? clock(chain.current().status.latestTime) : '—'} UTC.`);
    return before !== chosenSlot;
  }

  async function refreshSlot() {
    if (chosenSlot === null) { put(depth, card('Order books', h('p', { class: 'empty' }, 'No slot takes orders now.'))); return; }
    const slot = chosenSlot;
    // A slot's book exists from its first order on; before that it is empty.
    [books, links] = await Promise.all([open.includes(slot) ? api.find(`market/slots/${slot}/book`) : null, api.get(`market/slots/${slot}/links`)]);
    books ??= { slot, resting: 0, trades: 0, zones: chain.zones().map((zone) => ({ zone, bids: [], asks: [] })) };
    if (slot !== chosenSlot) return;
    const zones = books?.zones ?? [];
    put(depth, card(`Order books · ${slotLabel(slot, chain.slotSeconds())}`,
      h('p', { class: 'hint' }, `${books.resting} resting orders, ${books.trades} trades so far. Bids green (buyers' all-in prices), asks red.`),
      h('div', { class: 'grid-3' }, zones.map((z) => h('div', { class: 'zone-book', 'data-zone': z.zone },
        h('h3', null, `Zone ${z.zone}`),
        depthChart(z.bids, z.asks, { label: `Depth of zone ${z.zone}`, priceFmt: (p) => (p / 1e6).toFixed(3), qtyFmt: wh }),
        table(null, ['Side', 'Price', 'Wh', 'Orders'], [
          ...z.asks.slice(0, 5).reverse().map((l) => [h('span', { class: 'sell' }, 'ask'), price(l.price), l.quantity.toLocaleString('en-US'), l.orders]),
          ...z.bids.slice(0, 5).map((l) => [h('span', { class: 'buy' }, 'bid'), price(l.price), l.quantity.toLocaleString('en-US'), l.orders]),
        ], 'No resting orders.'))))));
    updateCost();
  }

  async function refreshDay() {
    if (chosenSlot === null) return;
    const perDay = Math.round(86400 / chain.slotSeconds());
    const from = chosenSlot - (chosenSlot % perDay);
    const summary = await api.get(`market/summary?from=${from}&to=${from + perDay - 1}`);
    const traded = summary.filter((s) => s.trades > 0);
    put(day, card('Prices and volumes over the day',
      h('div', { class: 'legend' }, h('span', null, h('span', { class: 'sw bar' }), 'volume traded'), h('span', null, h('span', { class: 'sw line' }), 'average price')),
      barLine(summary.map((s) => ({ slot: s.slot, bar: s.volumeWh, line: s.averagePrice })), {
        label: `Volume and average price per slot on ${new Date(from * chain.slotSeconds() * 1000).toISOString().slice(0, 10)}: ${traded.length} slots traded`,
        barFmt: wh, lineFmt: (p) => (p / 1e6).toFixed(3), xLabel: (p) => clock(p.slot * chain.slotSeconds()),
      }),
      h('details', null, h('summary', null, 'The numbers'), table(null, ['Slot', 'Trades', 'Volume', 'Average', 'Low', 'High', 'Average all-in'],
        traded.map((s) => [clock(s.slot * chain.slotSeconds()), s.trades, wh(s.volumeWh), price(s.averagePrice), price(s.lowPrice), price(s.highPrice), price(s.averageAllIn)]), 'No trades this day yet.'))));
  }

  const tradeRow = (t) => [clock((t.slot ?? 0) * chain.slotSeconds()), `${t.sellZone} → ${t.buyZone}`, price(t.price), price(t.fee), wh(t.quantity),
    wallet.address() && (t.buyer === wallet.address() || t.seller === wallet.address()) ? h('strong', { class: 'mine' }, t.buyer === wallet.address() ? 'you bought' : 'you sold') : ''];
  function showTrades() {
    put(tradesCard, card('Trades, live',
      h('div', { 'aria-live': 'polite', class: 'live-trades' },
        table(null, ['Slot', 'Route', 'Price', 'Grid fee', 'Quantity', ''], liveTrades.slice(0, 15).map(tradeRow), 'Waiting for trades…'))));
  }

  async function seedTrades() {
    if (chosenSlot === null) return;
    const trades = await api.get(`market/slots/${chosenSlot}/trades`);
    for (const t of trades.slice(-15)) liveTrades.push({ slot: t.slot, buyZone: t.buyZone, sellZone: t.sellZone, price: t.price, fee: t.fee, quantity: t.quantity, buyer: t.buyer, seller: t.seller });
    liveTrades.reverse();
    showTrades();
  }

  async function showMine() {
    const a = wallet.address();
    if (!a) { put(mine, card('Your orders', h('p', { class: 'empty' }, 'Choose a key in the Wallet to trade.'))); return; }
    const [orders, trades] = await Promise.all([api.get(`market/accounts/${a}/orders`), api.get(`market/accounts/${a}/trades`)]);
    const recent = orders.slice(-12).reverse();
    show(mine, [a, recent, trades.slice(-10)], () => card('Your orders',
      table(null, ['Order', 'Slot', 'Side', 'Zone', 'Price', 'Filled / quantity', 'Escrow', 'Status', ''], recent.map((o) => [
        String(o.id), clock(o.slot * chain.slotSeconds()), h('span', { class: o.side }, o.side), o.zone, price(o.price),
        `${wh(o.filled)} / ${wh(o.quantity)}`, watt(o.escrow), h('span', { class: ['badge', o.status], 'data-order-status': o.status }, o.status, o.reason && o.reason !== 'none' ? ` (${o.reason})` : ''),
        o.status === 'resting' ? orderActions(o) : '',
      ]), 'No orders yet.'),
      h('h3', null, 'Your trades'),
      table(null, ['Slot', 'Side', 'Route', 'Price you pay / get', 'Quantity', 'Settlement'], trades.slice(-10).reverse().map((t) => [
        clock(t.slot * chain.slotSeconds()), t.buyer === a ? 'bought' : 'sold', `${t.sellZone} → ${t.buyZone}`,
        price(t.buyer === a ? t.buyerPrice : t.sellerPrice), wh(t.quantity),
        t.settlement ? `delivered ${wh(t.settlement.delivered)}` : 'after the metering window',
      ]), 'No trades yet.')));
  }

  function orderActions(o) {
    const p = h('input', { type: 'text', name: `amend-price-${o.id}`, value: (o.price / 1e6).toString(), 'aria-label': `New price of order ${o.id}, WATT/kWh`, size: 7 });
    const q = h('input', { type: 'text', name: `amend-qty-${o.id}`, value: String(o.remaining), 'aria-label': `New remaining quantity of order ${o.id}, Wh`, size: 6 });
    const amend = h('button', { type: 'button', class: 'small' }, 'Amend');
    const cancel = h('button', { type: 'button', class: 'small secondary' }, 'Cancel');
    const out = h('div');
    amend.addEventListener('click', () => busy(amend, out, 'Amending…', async () => {
      const newPrice = parsePrice(p.value), newQty = parseInteger(q.value, 'Quantity', { min: 1 });
      await wallet.send(tx.amendOrder({ order: o.id, price: newPrice === o.price ? null : newPrice, quantity: newQty === o.remaining ? null : newQty }),
        { title: `Amend order ${o.id}`, rows: [['Price', price(newPrice)], ['Remaining', wh(newQty)], ['Note', 'Only a smaller quantity at the same price keeps the order\'s place in the queue.']] });
      showMine();
    }));
    cancel.addEventListener('click', () => busy(cancel, out, 'Cancelling…', async () => {
      await wallet.send(tx.cancelOrder({ order: o.id }), { title: `Cancel order ${o.id}`, rows: [['Escrow released', watt(o.escrow)]] });
      showMine();
    }));
    return h('div', { class: 'row' }, p, q, amend, cancel, out);
  }

  // The order form.
  const side = select('side', [['buy', 'Buy'], ['sell', 'Sell']], 'buy');
  const type = select('type', [['limit', 'Limit'], ['market', 'Market (with a protection price)']], 'limit');
  const tif = select('tif', [['gtc', 'Good till gate closure (gtc)'], ['ioc', 'Immediate or cancel (ioc)'], ['fok', 'Fill or kill (fok)']], 'gtc');
  const zone = select('zone', chain.zones().map((z) => [z, z]), chain.zones()[0]);
  const priceIn = h('input', { type: 'text', name: 'price', inputmode: 'decimal', value: '0.12' });
  const qty = h('input', { type: 'text', name: 'quantity', inputmode: 'numeric', value: '500' });
  const cost = h('div', { class: 'cost', 'aria-live': 'polite', 'data-cost': '' });
  const out = h('div');
  const place = h('button', { type: 'submit', class: 'primary' }, 'Review and place');
  const form = h('form', { class: 'stack', novalidate: true },
    h('div', { class: 'row' }, field('Side', side), field('Type', type), field('Time in force', tif)),
    h('div', { class: 'row' }, field('Zone', zone, 'Where you take or deliver the energy'), field('Price, WATT/kWh', priceIn, 'A buy\'s price is all-in: the grid fee comes out of it'), field('Quantity, Wh', qty)),
    cost, place, out);
  type.addEventListener('change', () => { tif.disabled = type.value === 'market'; updateCost(); });
  for (const el of [side, tif, zone, priceIn, qty]) el.addEventListener('input', updateCost);

  function readForm() {
    const p = parsePrice(priceIn.value);
    const q = parseInteger(qty.value, 'Quantity', { min: 1, max: 1_000_000_000 });
    return { side: side.value, market: type.value === 'market', kind: type.value === 'market' ? 'market' : tif.value, zone: zone.value, price: p, quantity: q };
  }

  function updateCost() {
    let o;
    try { o = readForm(); } catch (e) { put(cost, e.message); return; }
    if (!books || !links) { put(cost, 'Choose an open slot.'); return; }
    const est = estimate({ side: o.side, zone: o.zone, limit: o.price, quantity: o.quantity, market: o.market }, books, links);
    const feeNote = est.fills.length ? est.fills.map((f) => `${wh(f.q)} from ${f.zone} at ${price(f.price)} ${o.side === 'buy' ? '+' : '−'} grid fee ${price(f.fee)}`).join('; ') : null;
    const lines = [];
    if (o.side === 'buy') {
      lines.push(h('div', null, h('strong', null, `Escrow at signing: ${watt(escrowOf('buy', o.price, o.quantity))}`), ` (${wh(o.quantity)} at up to ${price(o.price)} all-in)`));
      lines.push(est.filled > 0
        ? h('div', null, `Now it would buy ${wh(est.filled)} for about ${watt(est.value)} all-in — ${feeNote}.`)
        : h('div', null, 'Nothing in the book crosses it now.'));
    } else {
      lines.push(est.filled > 0
        ? h('div', null, h('strong', null, `Now it would sell ${wh(est.filled)} for about ${watt(est.value)} after grid fees`), ` — ${feeNote}.`)
        : h('div', null, 'No bid crosses it now.'));
      if (o.price < 0) lines.push(h('div', null, h('strong', null, `Escrow at signing: ${watt(escrowOf('sell', o.price, o.quantity))}`), ' (at a negative price the seller pays)'));
      lines.push(h('div', { class: 'hint' }, 'Selling needs a production meter in the zone; a seller receives the price (or a resting buyer\'s price minus the grid fee).'));
    }
    if (est.rest > 0) lines.push(h('div', { class: 'hint' }, o.market || o.kind === 'ioc' ? `${wh(est.rest)} would be cancelled (immediate or cancel).` : o.kind === 'fok' ? 'Fill or kill: it would be refused unless all of it fills.' : `${wh(est.rest)} would rest in the book until gate closure.`));
    lines.push(h('div', { class: 'hint' }, `Grid fee now: ${price(links.localFee)} within a zone; ${links.links.filter((l) => l.to === o.zone || l.from === o.zone).map((l) => `${l.from}→${l.to} ${price(l.fee)} (room ${wh(l.room)})`).join(', ') || 'no links'}.`));
    put(cost, ...lines);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(place, out, 'Placing…', async () => {
      if (chosenSlot === null) throw new Error('No book is open.');
      const o = readForm();
      await wallet.send(tx.placeOrder({ slot: chosenSlot, side: o.side, kind: o.kind, zone: o.zone, price: o.price, quantity: o.quantity }), {
        title: `${o.side === 'buy' ? 'Buy' : 'Sell'} ${wh(o.quantity)} in ${o.zone}`,
        rows: [['Slot', slotLabel(chosenSlot, chain.slotSeconds())], ['Order', `${o.kind} ${o.side} at ${price(o.price)}${o.side === 'buy' ? ' all-in' : ''}`],
          ['Escrow', watt(escrowOf(o.side, o.price, o.quantity))], ['Cost now', cost.textContent]],
      });
      showMine();
      refreshSlot();
    });
  });
  put(formCard, card('Place an order', form));

  await loadSlots();
  await Promise.all([refreshSlot(), refreshDay(), seedTrades(), showMine()]);

  let pending = false;
  const offs = [
    onMarket((e) => {
      if (e.kind === 'trade') {
        const a = e.attributes;
        liveTrades.unshift({ slot: Number(a.slot), buyZone: a.buy_zone, sellZone: a.sell_zone, price: Number(a.price), fee: Number(a.fee), quantity: Number(a.quantity), buyer: a.buyer, seller: a.seller });
        liveTrades.length = Math.min(liveTrades.length, 50);
        showTrades();
        if (wallet.address() && (a.buyer === wallet.address() || a.seller === wallet.address())) showMine();
      }
      if (Number(e.attributes?.slot) === chosenSlot && !pending) {
        pending = true;
        setTimeout(() => { pending = false; refreshSlot().catch(() => {}); }, 800);
      }
    }),
    onBlockThrottled(() => {
      loadSlots().then((moved) => { if (moved) { refreshSlot(); refreshDay(); } }).catch(() => {});
      showMine().catch(() => {});
    }, 4000),
    onBlockThrottled(() => refreshDay().catch(() => {}), 15000),
    wallet.onChange(() => showMine()),
  ];
  return () => offs.forEach((off) => off());
}

