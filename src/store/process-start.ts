/**
 * When a process on this host started, from Linux's /proc: a lease whose pid belongs to a
 * process started after the lease was taken is not held by that process (the pid was reused).
 */
import { readFileSync } from 'node:fs';

/** /proc reports start times in USER_HZ clock ticks since boot: 100 a second on Linux. */
const TICKS_PER_SECOND = 100;

/** When `pid` started; null where this cannot be told (not Linux, process gone, unreadable). */
export function processStartTime(pid: number): Date | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces; starttime is field 22.
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const bootLine = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!Number.isFinite(ticks) || !bootLine) return null;
    return new Date((Number(bootLine[1]) + ticks / TICKS_PER_SECOND) * 1000);
  } catch {
    return null;
  }
}
