import { workerProcessEnv } from './process-env';

describe("the worker process's environment", () => {
  it('bounds glibc to two malloc arenas unless the operator chose otherwise, keeping everything else', () => {
    expect(workerProcessEnv({ DATABASE_URL: 'postgres://db/x' })).toEqual({ DATABASE_URL: 'postgres://db/x', MALLOC_ARENA_MAX: '2' });
    expect(workerProcessEnv({ MALLOC_ARENA_MAX: '4' })).toEqual({ MALLOC_ARENA_MAX: '4' });
  });
});
