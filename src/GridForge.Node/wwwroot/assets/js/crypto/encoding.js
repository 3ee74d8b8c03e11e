// GridForge's canonical binary encoding (docs/transactions.md; CanonicalWriter.cs): fixed-width little-endian integers,
// u32-length-prefixed byte strings and UTF-8 text, one-byte booleans. 64-bit values are BigInt.

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

export class Writer {
  #buf = new Uint8Array(256);
  #len = 0;

  #reserve(n) {
    if (this.#len + n > this.#buf.length) {
      const next = new Uint8Array(Math.max(this.#buf.length * 2, this.#len + n));
      next.set(this.#buf.subarray(0, this.#len));
      this.#buf = next;
    }
    const at = this.#len;
    this.#len += n;
    return new DataView(this.#buf.buffer, at, n);
  }

  u8(v) { check(v, 0, 0xff, 'u8'); this.#reserve(1).setUint8(0, v); return this; }
  bool(v) { return this.u8(v ? 1 : 0); }
  u16(v) { check(v, 0, 0xffff, 'u16'); this.#reserve(2).setUint16(0, v, true); return this; }
  u32(v) { check(v, 0, 0xffffffff, 'u32'); this.#reserve(4).setUint32(0, v, true); return this; }
  u64(v) { const b = big(v, 0n, U64_MAX, 'u64'); this.#reserve(8).setBigUint64(0, b, true); return this; }
  i64(v) { const b = big(v, I64_MIN, I64_MAX, 'i64'); this.#reserve(8).setBigInt64(0, b, true); return this; }

  raw(bytes) {
    const at = this.#len;
    this.#reserve(bytes.length);
    this.#buf.set(bytes, at);
    return this;
  }

  bytes(bytes) { return this.u32(bytes.length).raw(bytes); }
  string(text) { return this.bytes(new TextEncoder().encode(text)); }
  fixed(bytes, size, what) {
    if (bytes.length !== size) throw new RangeError(`${what} must be ${size} bytes`);
    return this.raw(bytes);
  }

  toBytes() { return this.#buf.slice(0, this.#len); }
}

function check(v, min, max, what) {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${what} out of range: ${v}`);
}

function big(v, min, max, what) {
  const b = typeof v === 'bigint' ? v : Number.isSafeInteger(v) ? BigInt(v) : NaN;
  if (typeof b !== 'bigint' || b < min || b > max) throw new RangeError(`${what} out of range: ${v}`);
  return b;
}
