// DOM helpers of the admin page. Everything the node returns (names, reasons,
// intel metadata) is untrusted: it only ever becomes text nodes or attribute
// values, never markup.

/** Creates an element; `attrs` become attributes (`class`, `title`, `data-*`), children strings become text. */
export function el (tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (value != null && value !== false) node.setAttribute(name, String(value))
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue
    node.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return node
}

/** Replaces all children of `node`. */
export function fill (node, ...children) {
  node.replaceChildren()
  for (const child of children.flat(Infinity)) {
    if (child != null) node.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
}

const pad = n => String(n).padStart(2, '0')

/** `2026-12-07 09:14:03` in the browser's local time. */
export function formatTime (ms) {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** `3 s`, `5 min`, `2 h`, `4 d`. */
export function formatDuration (ms) {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min`
  if (s < 86400) return `${Math.floor(s / 3600)} h`
  return `${Math.floor(s / 86400)} d`
}

/** A long key or id shortened for a table cell (the full value is in the title). */
export function short (value, head = 10, tail = 6) {
  return value.length <= head + tail + 1 ? value : `${value.slice(0, head)}…${value.slice(-tail)}`
}
