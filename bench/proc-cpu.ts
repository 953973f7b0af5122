/**
 * CPU time of processes from /proc (Linux): a figure that holds on a shared, noisy machine where
 * throughput does not — what one request costs, not how many fit beside the neighbours.
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime (+ the reaped children's, when `children`) of one process, in ms; 0 once it is gone. */
function ownMs(pid: number, children: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state, field 3.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
    return ticks * TICK_MS;
  } catch {
    return 0;
  }
}

/** The pids whose parent is `parent`. */
function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU ms of one process alone. */
export const processCpuMs = (pid: number): number => ownMs(pid, false);

/** CPU ms of a PostgreSQL cluster: the postmaster, its live backends and those already reaped. */
export function clusterCpuMs(postmasterPid: number): number {
  return ownMs(postmasterPid, true) + childrenOf(postmasterPid).reduce((s, pid) => s + ownMs(pid, false), 0);
}

/** The postmaster pid of a data directory (first line of postmaster.pid). */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
}
