// Busy time of the whole machine from /proc/stat, as a cross-check of the
// node processes' own CPU figures. This kernel charges process CPU by timer
// tick (CONFIG_TICK_CPU_ACCOUNTING, HZ=250): a process that wakes on a timer,
// works 100 µs and sleeps again is charged ~300 µs on average, so
// `process.cpuUsage()` overstates the cost of light, bursty load. Idle time
// in /proc/stat is measured without ticks (NO_HZ_IDLE). Also: this
// process's own CPU since a `process.cpuUsage()` reading, in ms.
import { readFileSync } from 'node:fs'

/** This process's CPU (user + system) in ms since `since`, a `process.cpuUsage()` reading. */
export function cpuMsSince (since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1000
}

/** Cumulative idle and total jiffies of all CPUs, or undefined where /proc/stat is not readable. */
export interface MachineTimes { idle: number, total: number }

/** The machine's CPU times now. */
export function machineTimes (): MachineTimes | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
    return { idle: fields[3]! + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) }
  } catch {
    return undefined
  }
}

/** Average number of busy cores between two readings (undefined when either is missing). */
export function busyCores (before: MachineTimes | undefined, after: MachineTimes | undefined, cores: number): number | undefined {
  if (before == null || after == null || after.total <= before.total) return undefined
  return Math.round(cores * (1 - (after.idle - before.idle) / (after.total - before.total)) * 100) / 100
}
