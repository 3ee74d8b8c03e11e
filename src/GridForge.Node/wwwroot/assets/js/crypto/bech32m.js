// Bech32m (BIP-350), as src/GridForge.Core/Encoding/Bech32m.cs: addresses are grid1…, meter ids meter1….

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const CONST = 0x2bc830a3;
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values) {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ GEN[i]) >>> 0;
  }
  return chk;
}

const hrpExpand = (hrp) => [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];

function convertBits(data, from, to, pad) {
  let acc = 0, bits = 0;
  const out = [], maxv = (1 << to) - 1;
  for (const v of data) {
    acc = (acc << from) | v;
    bits += from;
    while (bits >= to) { bits -= to; out.push((acc >> bits) & maxv); }
    acc &= (1 << bits) - 1;
  }
  if (pad) { if (bits > 0) out.push((acc << (to - bits)) & maxv); }
  else if (bits >= from || ((acc << (to - bits)) & maxv) !== 0) return null;
  return out;
}

export function encode(hrp, bytes) {
  const values = convertBits(bytes, 8, 5, true);
  const chk = polymod([...hrpExpand(hrp), ...values, 0, 0, 0, 0, 0, 0]) ^ CONST;
  let s = hrp + '1';
  for (const v of values) s += CHARSET[v];
  for (let i = 0; i < 6; i++) s += CHARSET[(chk >>> (5 * (5 - i))) & 31];
  return s;
}

/** The bytes of a Bech32m string with the expected prefix; throws an Error saying what is wrong. */
export function decode(text, hrp) {
  const t = String(text).trim();
  if (t.length > 120 || t.length < hrp.length + 7) throw new Error('wrong length');
  if (/[^\x21-\x7e]/.test(t)) throw new Error('invalid character');
  const lower = t.toLowerCase();
  if (lower !== t && t.toUpperCase() !== t) throw new Error('mixed case');
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || lower.slice(0, sep) !== hrp) throw new Error(`expected the prefix '${hrp}1'`);
  const values = [];
  for (const c of lower.slice(sep + 1)) {
    const i = CHARSET.indexOf(c);
    if (i < 0) throw new Error(`invalid character '${c}'`);
    values.push(i);
  }
  if (polymod([...hrpExpand(hrp), ...values]) !== CONST) throw new Error('checksum mismatch');
  const data = convertBits(values.slice(0, -6), 5, 8, false);
  if (!data) throw new Error('invalid padding');
  return Uint8Array.from(data);
}

export const ADDRESS_PREFIX = 'grid';
export const METER_PREFIX = 'meter';

export const addressOf = (publicKey) => encode(ADDRESS_PREFIX, publicKey);

/** The 32-byte key of a grid1… address; throws with the reason when it is not one. */
export function parseAddress(text) {
  const bytes = decode(text, ADDRESS_PREFIX);
  if (bytes.length !== 32) throw new Error(`an address holds 32 bytes, this one ${bytes.length}`);
  return bytes;
}

export function parseMeterId(text) {
  const bytes = decode(text, METER_PREFIX);
  if (bytes.length !== 32) throw new Error(`a meter id holds 32 bytes, this one ${bytes.length}`);
  return bytes;
}

export function isAddress(text) {
  try { parseAddress(text); return true; } catch { return false; }
}
