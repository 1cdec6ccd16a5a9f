import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/*
 * CPU time and resident memory of a process and its descendants, read from /proc (Linux only):
 * utime + stime of /proc/<pid>/stat in clock ticks, RSS from /proc/<pid>/statm in pages.
 */

let ticksPerSecond: number | null = null;
function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number.parseInt(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }), 10) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}
const PAGE_BYTES = 4096;

interface Stat {
  pid: number;
  ppid: number;
  cpuTicks: number;
}

function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function rssBytes(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_BYTES;
  } catch {
    return 0;
  }
}

function tree(root: number): Stat[] {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readStat(Number(d)))
    .filter((s): s is Stat => s !== null);
  const out: Stat[] = [];
  const want = new Set([root]);
  // Parents come before children in pid order almost always; loop until stable to be sure.
  for (let grew = true; grew;) {
    grew = false;
    for (const s of all) {
      if (!want.has(s.pid) && want.has(s.ppid)) {
        want.add(s.pid);
        grew = true;
      }
    }
  }
  for (const s of all) if (want.has(s.pid)) out.push(s);
  return out;
}

export interface ProcSample {
  cpuMs: number;
  rssBytes: number;
}

export function sample(pid: number): ProcSample {
  const stats = tree(pid);
  const ticks = stats.reduce((sum, s) => sum + s.cpuTicks, 0);
  return { cpuMs: (ticks * 1000) / clockTicks(), rssBytes: stats.reduce((sum, s) => sum + rssBytes(s.pid), 0) };
}

/** Samples RSS every `everyMs` so a phase reports its peak, not just its end. */
export class Watch {
  private readonly start: ProcSample;
  private peakRss: number;
  private readonly timer: NodeJS.Timeout;
  constructor(
    readonly name: string,
    private readonly pid: number,
    everyMs = 500,
  ) {
    this.start = sample(pid);
    this.peakRss = this.start.rssBytes;
    this.timer = setInterval(() => {
      this.peakRss = Math.max(this.peakRss, sample(this.pid).rssBytes);
    }, everyMs);
    this.timer.unref();
  }
  stop(): { name: string; cpuMs: number; rssMiB: number; peakRssMiB: number } {
    clearInterval(this.timer);
    const end = sample(this.pid);
    const mib = (b: number): number => Math.round((b / 1024 / 1024) * 10) / 10;
    return {
      name: this.name,
      cpuMs: Math.round(end.cpuMs - this.start.cpuMs),
      rssMiB: mib(end.rssBytes),
      peakRssMiB: mib(Math.max(this.peakRss, end.rssBytes)),
    };
  }
}
