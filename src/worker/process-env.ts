/**
 * What the worker's process needs in its environment before it starts; glibc reads MALLOC_ARENA_MAX
 * only at exec, so whoever starts the worker sets it (the stack here, the bench, `npm run
 * start:worker`). The worker allocates from many threads (the Temporal core's, libuv's, the workflow
 * thread), and glibc gives each thread's allocations arenas of their own that it rarely returns: with
 * 10,000 open cases the worker held 1,238 MiB with glibc's default and 1,023 MiB with two arenas
 * (the bench's growth run, 2026-12-07). A value already set wins.
 */
export function workerProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2' };
}
