// Transactions built and signed in the browser, byte for byte as the CLI builds them (Transaction.cs):
//   u8 version=1, string chain id, [32] sender, u64 nonce, u64 fee, u64 expiry, u8 module, u16 type, bytes payload,
//   [64] Ed25519 signature over SHA-256("gridforge tx v1" 0x00 ‖ everything before it);
//   id = SHA-256("gridforge txid" 0x00 ‖ all bytes).
// Each message below mirrors its C# record's Encode(); tests/GridForge.Dashboard.Tests compares the bytes.

import { Writer } from './encoding.js';
import { parseAddress, parseMeterId } from './bech32m.js';
import { concat, toHex } from './bytes.js';
import { domainHash } from './primitives.js';

export const TX_VERSION = 1;
export const TOKENS = { GRID: 1, WATT: 2 };
export const SIDES = { buy: 0, sell: 1 };
// Order kinds on the wire: limit gtc, limit ioc, limit fok, market (ioc at its protection price).
export const ORDER_KINDS = { gtc: 0, ioc: 1, fok: 2, market: 3 };
export const VOTES = { yes: 1, no: 2, abstain: 3 };
export const METER_KINDS = { production: 1, consumption: 2, both: 3 };
export const TECHNOLOGIES = { solar: 1, wind: 2, battery: 3, grid: 4, other: 5 };

const msg = (module, type, name, encode) => {
  const w = new Writer();
  encode(w);
  return { module, type, name, payload: w.toBytes() };
};

const address = (w, text) => w.fixed(parseAddress(text), 32, 'address');

/** tokens.transfer: to, u8 token, u64 amount (µ-units). */
export const transfer = ({ to, token, amount }) =>
  msg(1, 1, 'tokens.transfer', (w) => { address(w, to); w.u8(TOKENS[token]).u64(amount); });

/** stablecoin.redeem: issuer, u64 amount, string payout reference. */
export const redeem = ({ issuer, amount, payoutReference }) =>
  msg(2, 2, 'stablecoin.redeem', (w) => { address(w, issuer); w.u64(amount).string(payoutReference); });

/** staking.bond: u64 amount (µGRID). */
export const bond = ({ amount }) => msg(3, 1, 'staking.bond', (w) => w.u64(amount));

/** staking.unbond: u64 amount (µGRID). */
export const unbond = ({ amount }) => msg(3, 2, 'staking.unbond', (w) => w.u64(amount));

/** staking.nominate: u32 count, then each target's address. */
export const nominate = ({ targets }) =>
  msg(3, 6, 'staking.nominate', (w) => { w.u32(targets.length); for (const t of targets) address(w, t); });

/** governance.vote: u64 proposal, u8 choice. */
export const vote = ({ proposal, choice }) => msg(4, 2, 'governance.vote', (w) => w.u64(proposal).u8(VOTES[choice]));

/** grid.set_capacity: from, to, i64 first, i64 last, bool both, bool reset, i64 capacity (0 when reset). */
export const setCapacity = ({ from, to, first, last, capacity, both }) =>
  msg(5, 6, 'grid.set_capacity', (w) => {
    const reset = capacity === null || capacity === undefined;
    w.string(from).string(to).i64(first).i64(last).bool(both).bool(reset).i64(reset ? 0 : capacity);
  });

/** metering.register_meter: meter key, owner, zone, u8 kind, u8 technology, i64 rated W, i64 import and export registers, serial. */
export const registerMeter = ({ meter, owner, zone, kind, technology, ratedPowerW, importRegister = 0, exportRegister = 0, serial = '' }) =>
  msg(6, 1, 'metering.register_meter', (w) => {
    w.fixed(parseMeterId(meter), 32, 'meter');
    address(w, owner);
    w.string(zone).u8(METER_KINDS[kind]).u8(TECHNOLOGIES[technology]).i64(ratedPowerW).i64(importRegister).i64(exportRegister).string(serial);
  });

/** market.place_order: i64 slot, u8 side, u8 kind, string zone, i64 price (µWATT/kWh), i64 quantity (Wh). */
export const placeOrder = ({ slot, side, kind, zone, price, quantity }) =>
  msg(7, 1, 'market.place_order', (w) => w.i64(slot).u8(SIDES[side]).u8(ORDER_KINDS[kind]).string(zone).i64(price).i64(quantity));

/** market.amend_order: u64 order, bool has price, i64 price, bool has quantity, i64 quantity. */
export const amendOrder = ({ order, price = null, quantity = null }) =>
  msg(7, 2, 'market.amend_order', (w) => w.u64(order).bool(price !== null).i64(price ?? 0).bool(quantity !== null).i64(quantity ?? 0));

/** market.cancel_order: u64 order. */
export const cancelOrder = ({ order }) => msg(7, 3, 'market.cancel_order', (w) => w.u64(order));

/** settlement.retire_certificate: u64 certificate, i64 Wh. */
export const retireCertificate = ({ certificate, wh }) => msg(8, 3, 'settlement.retire_certificate', (w) => w.u64(certificate).i64(wh));

/** contracts.create with the residential template (1): no counterparty, start, end, notice, fee, then the terms. */
export const createResidential = ({ start, end, noticeSlots = 0, terminationFee = 0, zone, reserveWh, floorPrice, buyLimitWh, ceilingPrice,
  dailyBudget, greenOnly = false, preferredCounterparties = [], preferredZones = [] }) =>
  msg(9, 1, 'contracts.create', (w) => {
    w.u8(1).raw(new Uint8Array(32)).i64(start).i64(end).u32(noticeSlots).u64(terminationFee);
    w.string(zone).i64(reserveWh).i64(floorPrice).i64(buyLimitWh).i64(ceilingPrice).u64(dailyBudget).bool(greenOnly);
    w.u32(preferredCounterparties.length);
    for (const a of preferredCounterparties) address(w, a);
    w.u32(preferredZones.length);
    for (const z of preferredZones) w.string(z);
  });

/** contracts.terminate: u64 contract. */
export const terminateContract = ({ contract }) => msg(9, 3, 'contracts.terminate', (w) => w.u64(contract));

/** The unsigned body of a transaction. */
export function encodeBody({ chainId, sender, nonce, fee, expiry, message }) {
  const w = new Writer();
  w.u8(TX_VERSION).string(chainId).fixed(sender, 32, 'sender').u64(nonce).u64(fee).u64(expiry)
    .u8(message.module).u16(message.type).bytes(message.payload);
  return w.toBytes();
}

/** Builds and signs a transaction: its bytes, hex and id (the hash the node answers with). */
export async function sign(signer, { chainId, nonce, fee, expiry, message }) {
  const body = encodeBody({ chainId, sender: signer.publicKey, nonce, fee, expiry, message });
  const signature = await signer.sign(await domainHash('gridforge tx v1', body));
  const bytes = concat(body, signature);
  return { bytes, hex: toHex(bytes), id: toHex(await domainHash('gridforge txid', bytes)) };
}
