/** Where progress goes: stderr, so that stdout carries only the report. */
export interface ProgressStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  update(done: number, total: number, label: string): void;
  finish(): void;
}

/** A redrawn bar on a terminal; one plain line per step otherwise (CI logs, pipes, files). */
export function createProgress(stream: ProgressStream): Progress {
  if (!stream.isTTY) {
    return {
      update(done, total, label) {
        stream.write(`[${done}/${total} ${percentOf(done, total)}%] ${label}\n`);
      },
      finish() {},
    };
  }
  let drawn = false;
  return {
    update(done, total, label) {
      const width = 30;
      const filled = Math.round((Math.min(done, total) / Math.max(total, 1)) * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const line = `${bar} ${String(percentOf(done, total)).padStart(3)}% ${done}/${total} ${label}`;
      // \x1b[2K clears the previous line before the bar is redrawn over it.
      const columns = stream.columns && stream.columns > 0 ? stream.columns : 100;
      stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, columns - 1))}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}

function percentOf(done: number, total: number): number {
  return total === 0 ? 100 : Math.min(100, Math.floor((done * 100) / total));
}
