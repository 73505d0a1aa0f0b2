import type { Random } from './random.js'

/** Bytes decoders treat specially: zero, the varint continuation bit, all ones, signed edges. */
const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x0a, 0x12, 0x1a, 0x08, 0x10]

/** A varint far past any limit (2^35 - 1): a length field that promises the moon. */
const VARINT_BOMB = [0xff, 0xff, 0xff, 0xff, 0x7f]

/** One protobuf-looking field with a random tag and wire type and a plausible or absurd length. */
function protobufish (rng: Random): number[] {
  const field = rng.int(20) + 1
  const wire = rng.pick([0, 1, 2, 2, 2, 5, 3, 4, 6, 7])
  const out = [(field << 3) | wire]
  if (wire === 2) {
    const length = rng.chance(0.8) ? rng.int(40) : rng.next()
    let rest = length
    do {
      out.push((rest & 0x7f) | (rest > 0x7f ? 0x80 : 0))
      rest = Math.floor(rest / 128)
    } while (rest > 0)
    for (let i = 0; i < Math.min(length, 40); i++) out.push(rng.int(256))
  } else {
    for (let i = 0; i < rng.int(10); i++) out.push(rng.int(256))
  }
  return out
}

/** Random bytes: plain noise, or a run of protobuf-looking fields. */
export function randomInput (rng: Random, maxLength = 512): Uint8Array {
  if (rng.chance(0.5)) return rng.bytes(rng.int(maxLength))
  const out: number[] = []
  const fields = rng.int(12) + 1
  for (let i = 0; i < fields; i++) out.push(...protobufish(rng))
  return Uint8Array.from(out)
}

/**
 * A mutation of `seed`: bit flips, interesting bytes, inserted, deleted or
 * duplicated runs, truncation, a splice with another seed, or a varint bomb.
 * Several mutations may stack.
 */
export function mutate (seed: Uint8Array, rng: Random, others: readonly Uint8Array[] = []): Uint8Array {
  let bytes = Array.from(seed)
  const rounds = 1 + (rng.chance(0.3) ? rng.int(4) : 0)
  for (let r = 0; r < rounds; r++) {
    const at = rng.int(bytes.length + 1)
    switch (rng.int(9)) {
      case 0: // flip 1..8 bits
        for (let i = 0, n = rng.int(8) + 1; i < n && bytes.length > 0; i++) {
          const pos = rng.int(bytes.length)
          bytes[pos] = bytes[pos]! ^ (1 << rng.int(8))
        }
        break
      case 1:
        if (bytes.length > 0) bytes[rng.int(bytes.length)] = rng.pick(INTERESTING)
        break
      case 2:
        bytes.splice(at, 0, ...rng.bytes(rng.int(16) + 1))
        break
      case 3:
        bytes.splice(at, rng.int(32) + 1)
        break
      case 4:
        bytes = bytes.slice(0, at)
        break
      case 5: {
        const start = rng.int(bytes.length)
        bytes.splice(at, 0, ...bytes.slice(start, start + rng.int(64) + 1))
        break
      }
      case 6: {
        const other = others.length > 0 ? rng.pick(others) : seed
        const from = rng.int(other.length)
        bytes = [...bytes.slice(0, at), ...other.slice(from, from + rng.int(other.length - from + 1))]
        break
      }
      case 7:
        bytes.splice(at, rng.int(5), ...VARINT_BOMB)
        break
      default:
        bytes.splice(at, 0, ...protobufish(rng))
    }
  }
  return Uint8Array.from(bytes)
}
