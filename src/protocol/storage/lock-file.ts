/**
 * The lock file beside a session file (`session.db.lock`): it names the
 * process that has the session open, so a second opener can say who holds it.
 *
 * It is a label, not the lock. Mutual exclusion comes from SQLite's exclusive
 * locking mode, an OS file lock that the kernel drops when its process dies,
 * even by `kill -9`. So a lock file left behind by a dead process (or naming
 * a PID since reused by another program) never blocks anyone: whoever gets
 * the SQLite lock rewrites it.
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

export const lockFileOf = (file: string): string => `${file}.lock`;

interface LockLabel {
  pid: number;
  host: string;
  since: string;
}

/** The PID the lock file names, if it names one on this host. */
export function lockHolder(file: string): number | undefined {
  try {
    const label = JSON.parse(readFileSync(lockFileOf(file), 'utf8')) as Partial<LockLabel>;
    if (typeof label.pid !== 'number' || !Number.isInteger(label.pid) || label.pid <= 0) return undefined;
    if (label.host !== undefined && label.host !== hostname()) return undefined;
    return label.pid;
  } catch {
    return undefined;
  }
}

/** Whether a process with this PID exists (EPERM means it does, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes our label, atomically (write aside, then rename over). */
export function writeLockLabel(file: string): void {
  const label: LockLabel = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const aside = `${lockFileOf(file)}.${process.pid}.tmp`;
  writeFileSync(aside, `${JSON.stringify(label)}\n`, { mode: 0o600 });
  renameSync(aside, lockFileOf(file));
}

/** Removes the label if it is ours. */
export function removeLockLabel(file: string): void {
  if (lockHolder(file) !== process.pid) return;
  try {
    unlinkSync(lockFileOf(file));
  } catch {
    // already gone
  }
}
