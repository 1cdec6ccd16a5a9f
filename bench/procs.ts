import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Client as PgClient } from 'pg';

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

export function readStat(pid: number): Stat | null {
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

export interface CpuRow {
  name: string;
  cpuMs: number;
  rssMiB: number;
  peakRssMiB: number;
  /** PostgreSQL only: CPU ms of the backends serving each application_name (api, worker…). */
  bySession?: Record<string, number>;
}

/** Something whose CPU (and memory) a phase measures from its start to stop(). */
export interface Meter {
  readonly name: string;
  stop(): Promise<CpuRow>;
}

const mib = (b: number): number => Math.round((b / 1024 / 1024) * 10) / 10;

/** Samples RSS every `everyMs` so a phase reports its peak, not just its end. */
export class Watch implements Meter {
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
  stop(): Promise<CpuRow> {
    clearInterval(this.timer);
    const end = sample(this.pid);
    return Promise.resolve({
      name: this.name,
      cpuMs: Math.round(end.cpuMs - this.start.cpuMs),
      rssMiB: mib(end.rssBytes),
      peakRssMiB: mib(Math.max(this.peakRss, end.rssBytes)),
    });
  }
}

/** The bench's own process (its children are measured on their own). */
export class SelfWatch implements Meter {
  readonly name = 'bench';
  private readonly start = process.cpuUsage();
  private peakRss = process.memoryUsage.rss();
  private readonly timer = setInterval(() => {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss());
  }, 500).unref();
  stop(): Promise<CpuRow> {
    clearInterval(this.timer);
    const used = process.cpuUsage(this.start);
    const rss = process.memoryUsage.rss();
    return Promise.resolve({
      name: this.name,
      cpuMs: Math.round((used.user + used.system) / 1000),
      rssMiB: mib(rss),
      peakRssMiB: mib(Math.max(rss, this.peakRss)),
    });
  }
}

/**
 * PostgreSQL's CPU for one database: the backend processes serving it (pg_stat_activity), read from
 * /proc every `everyMs`. A backend present at the start counts from its ticks then, one born later
 * from zero; one that exits between two samples loses what it did since the last (the apps keep
 * pooled sessions, so little). The bench's own sessions (application_name bench…) are left out;
 * the server's shared processes (WAL writer, checkpointer, autovacuum) serve every database and are
 * not counted. Memory is shared and not reported.
 */
export class PgWatch implements Meter {
  readonly name = 'postgres';
  private readonly base = new Map<number, number>();
  private readonly last = new Map<number, { ticks: number; app: string }>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> = Promise.resolve();
  private constructor(private readonly pg: PgClient) {}

  static async start(databaseUrl: string, everyMs = 250): Promise<PgWatch> {
    const pg = new PgClient({ connectionString: databaseUrl, application_name: 'bench-pgwatch' });
    await pg.connect();
    const w = new PgWatch(pg);
    for (const b of await w.backends()) {
      const s = readStat(b.pid);
      if (s) {
        w.base.set(b.pid, s.cpuTicks);
        w.last.set(b.pid, { ticks: s.cpuTicks, app: b.app });
      }
    }
    w.timer = setInterval(() => {
      w.polling = w.poll().catch(() => undefined);
    }, everyMs);
    w.timer.unref();
    return w;
  }

  private async backends(): Promise<{ pid: number; app: string }[]> {
    const { rows } = await this.pg.query<{ pid: number; app: string }>(
      `SELECT pid, application_name AS app FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name NOT LIKE 'bench%'`,
    );
    return rows;
  }

  private async poll(): Promise<void> {
    for (const b of await this.backends()) {
      const s = readStat(b.pid);
      if (!s) continue;
      if (!this.last.has(b.pid) && !this.base.has(b.pid)) this.base.set(b.pid, 0);
      this.last.set(b.pid, { ticks: s.cpuTicks, app: b.app || '?' });
    }
  }

  async stop(): Promise<CpuRow> {
    if (this.timer) clearInterval(this.timer);
    await this.polling;
    await this.poll().catch(() => undefined);
    await this.pg.end();
    const bySession: Record<string, number> = {};
    let ticks = 0;
    for (const [pid, l] of this.last) {
      const t = l.ticks - (this.base.get(pid) ?? 0);
      ticks += t;
      bySession[l.app] = (bySession[l.app] ?? 0) + Math.round((t * 1000) / clockTicks());
    }
    return { name: this.name, cpuMs: Math.round((ticks * 1000) / clockTicks()), rssMiB: 0, peakRssMiB: 0, bySession };
  }
}
