import { z } from 'zod';

/** One dependency's state: `error` says what is wrong. */
export const CheckSchema = z.object({
  status: z.enum(['ok', 'error']),
  error: z.string().optional().describe('why the dependency is down'),
  pollers: z.number().int().optional().describe('worker: how many processes polled the task queue recently'),
});
export type Check = z.infer<typeof CheckSchema>;

export const LiveSchema = z.object({ status: z.literal('ok') });

/** The readiness answer, as orchestrators and load balancers read it (200 when `ok`, 503 otherwise). */
export const ReadinessSchema = z.object({
  status: z.enum(['ok', 'error']),
  checks: z.object({ database: CheckSchema, temporal: CheckSchema, worker: CheckSchema }).partial().catchall(CheckSchema),
});
export type Readiness = z.infer<typeof ReadinessSchema>;

/** A probe resolves with extra fields when its dependency is up, and throws (or times out) when not. */
export type Probe = () => Promise<Partial<Check> | void>;

const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/?#\s]+@/gi;

/** Runs the probes at once, each bounded by `timeoutMs`, so a hung dependency is reported rather than waited for. */
export async function readiness(probes: Record<string, Probe>, timeoutMs = 3_000): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]): Promise<[string, Check]> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        });
        const extra = await Promise.race([probe(), timeout]);
        return [name, { status: 'ok', ...(extra ?? {}) }];
      } catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.replace(URL_PASSWORD, '$1***@').slice(0, 300);
        return [name, { status: 'error', error: message || 'unavailable' }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  return { status: entries.every(([, c]) => c.status === 'ok') ? 'ok' : 'error', checks };
}
