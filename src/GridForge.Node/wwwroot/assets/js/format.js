// Numbers as people read them. The chain counts money in µ-units (1 WATT = 1,000,000 µWATT), energy in Wh, prices in
// µWATT per kWh and time in Unix seconds; amounts are parsed to BigInt so nothing is lost to floating point.

const MICRO = 1_000_000n;

/** µ-units (number or BigInt) → "1,234.5" with up to 6 decimals. */
export function units(micro, decimals = 6) {
  const m = BigInt(micro);
  const neg = m < 0n;
  const a = neg ? -m : m;
  const whole = (a / MICRO).toLocaleString('en-US');
  let frac = (a % MICRO).toString().padStart(6, '0').slice(0, decimals).replace(/0+$/, '');
  return (neg ? '−' : '') + whole + (frac ? '.' + frac : '');
}

export const watt = (micro) => `${units(micro)} WATT`;
export const grid = (micro) => `${units(micro)} GRID`;

/** "12.5" → 12500000n; throws with a sentence when it is not a positive amount with at most 6 decimals. */
export function parseUnits(text, { allowZero = false } = {}) {
  const t = String(text).trim().replace(/,/g, '');
  const m = /^(\d{1,13})(?:\.(\d{1,6}))?$/.exec(t);
  if (!m) throw new Error('enter an amount such as 12.5 (at most 6 decimals)');
  const v = BigInt(m[1]) * MICRO + BigInt((m[2] ?? '').padEnd(6, '0'));
  if (v === 0n && !allowZero) throw new Error('the amount must be more than zero');
  return v;
}

/** A whole number from a form field, within bounds. */
export function parseInteger(text, what, { min = -(2 ** 53 - 1), max = 2 ** 53 - 1 } = {}) {
  const t = String(text).trim().replace(/,/g, '');
  if (!/^-?\d+$/.test(t)) throw new Error(`${what} must be a whole number`);
  const v = Number(t);
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new Error(`${what} must be between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}`);
  return v;
}

/** µWATT/kWh → "0.0800 WATT/kWh". */
export const price = (p) => (p === null || p === undefined ? '—' : `${(Number(p) / 1e6).toFixed(4)} WATT/kWh`);

/** "0.08" (WATT per kWh) → 80000 µWATT/kWh. */
export function parsePrice(text) {
  const t = String(text).trim();
  const m = /^(-?)(\d{1,7})(?:\.(\d{1,6}))?$/.exec(t);
  if (!m) throw new Error('enter a price in WATT per kWh, such as 0.08');
  const v = Number(m[2]) * 1e6 + Number((m[3] ?? '').padEnd(6, '0'));
  return m[1] ? -v : v;
}

export const wh = (w) => (Math.abs(w) >= 10_000 ? `${(w / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} kWh` : `${Number(w).toLocaleString('en-US', { maximumFractionDigits: 0 })} Wh`);

export const short = (text, n = 10) => (text && text.length > n * 2 + 1 ? `${text.slice(0, n)}…${text.slice(-6)}` : text ?? '');

export function time(unix) {
  if (unix === null || unix === undefined) return '—';
  return new Date(unix * 1000).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

export const clock = (unix) => new Date(unix * 1000).toISOString().slice(11, 16);

/** A slot by its start: "2026-12-02 10:15 UTC (slot 1995000)". */
export const slotLabel = (slot, slotSeconds) => `${time(slot * slotSeconds)} · slot ${slot}`;

export const percent = (part, whole) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '—');
