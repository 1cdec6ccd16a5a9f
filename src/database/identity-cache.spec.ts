import type { AppConfig } from '../config/config';
import { IdentityCache } from './identity-cache';
import type { OrganisationRepository, UserRecord } from './organisation.repository';

const officer: UserRecord = { id: 'officer-stic', name: 'Officer', role: 'officer', organisationId: null, bureauCode: 'stic', jurisdictionId: 'shenzhen' };

/** The repository as the cache sees it: the users it holds, and how often each lookup reached it. */
function store(users: Record<string, UserRecord | Error>): { repo: OrganisationRepository; reads: string[] } {
  const reads: string[] = [];
  const repo = {
    user: (id: string) => {
      reads.push(`user:${id}`);
      const u = users[id];
      return u instanceof Error ? Promise.reject(u) : Promise.resolve(u ?? null);
    },
    userNames: (ids: string[]) => {
      reads.push(`names:${ids.join(',')}`);
      const broken = ids.map((id) => users[id]).find((u) => u instanceof Error);
      if (broken) return Promise.reject(broken);
      return Promise.resolve(new Map(ids.flatMap((id) => (users[id] ? [[id, (users[id] as UserRecord).name] as const] : []))));
    },
    conflictOrganisationIds: (id: string) => {
      reads.push(`conflicts:${id}`);
      return Promise.resolve(['org-lingxi']);
    },
  } as unknown as OrganisationRepository;
  return { repo, reads };
}

const config = (identityCacheMs: number): AppConfig => ({ identityCacheMs }) as AppConfig;

describe('IdentityCache', () => {
  it('reads a user once while it is fresh, and again once a change made here forgets it', async () => {
    const { repo, reads } = store({ 'officer-stic': officer });
    const cache = new IdentityCache(repo, config(60_000));
    expect(await cache.user('officer-stic')).toEqual(officer);
    expect(await cache.user('officer-stic')).toEqual(officer);
    expect(await cache.conflictOrganisationIds('officer-stic')).toEqual(['org-lingxi']);
    expect(await cache.conflictOrganisationIds('officer-stic')).toEqual(['org-lingxi']);
    expect(reads).toEqual(['user:officer-stic', 'conflicts:officer-stic']);

    cache.forgetUser('officer-stic');
    cache.forgetConflicts('officer-stic');
    await cache.user('officer-stic');
    await cache.conflictOrganisationIds('officer-stic');
    expect(reads).toEqual(['user:officer-stic', 'conflicts:officer-stic', 'user:officer-stic', 'conflicts:officer-stic']);
  });

  it('keeps neither an absent user nor a failed read', async () => {
    const { repo, reads } = store({ broken: new Error('connection reset') });
    const cache = new IdentityCache(repo, config(60_000));
    expect(await cache.user('nobody')).toBeNull();
    expect(await cache.user('nobody')).toBeNull();
    await expect(cache.user('broken')).rejects.toThrow('connection reset');
    await expect(cache.user('broken')).rejects.toThrow('connection reset');
    expect(reads).toEqual(['user:nobody', 'user:nobody', 'user:broken', 'user:broken']);
  });

  it('reads on every request when IDENTITY_CACHE_MS is 0', async () => {
    const { repo, reads } = store({ 'officer-stic': officer });
    const cache = new IdentityCache(repo, config(0));
    await cache.user('officer-stic');
    await cache.user('officer-stic');
    expect(reads).toEqual(['user:officer-stic', 'user:officer-stic']);
  });

  it('reads the names a response shows once while fresh, asking only for those it has not read', async () => {
    const supervisor: UserRecord = { ...officer, id: 'supervisor-stic', name: 'Supervisor' };
    const { repo, reads } = store({ 'officer-stic': officer, 'supervisor-stic': supervisor });
    const cache = new IdentityCache(repo, config(60_000));
    expect(await cache.userNames(['officer-stic', 'system'])).toEqual(new Map([['officer-stic', 'Officer']]));
    // The system actor names no user, and is not asked for again either.
    expect(await cache.userNames(['system', 'supervisor-stic', 'officer-stic'])).toEqual(
      new Map([
        ['supervisor-stic', 'Supervisor'],
        ['officer-stic', 'Officer'],
      ]),
    );
    expect(await cache.userNames(['officer-stic', 'supervisor-stic', 'system'])).toHaveProperty('size', 2);
    expect(reads).toEqual(['names:officer-stic,system', 'names:supervisor-stic']);

    // A rename made here shows at once.
    cache.forgetUser('officer-stic');
    await cache.userNames(['officer-stic', 'supervisor-stic']);
    expect(reads).toEqual(['names:officer-stic,system', 'names:supervisor-stic', 'names:officer-stic']);
  });

  it('keeps no failed read of names, and reads names on every response when IDENTITY_CACHE_MS is 0', async () => {
    const { repo, reads } = store({ 'officer-stic': officer, broken: new Error('connection reset') });
    const cache = new IdentityCache(repo, config(60_000));
    await expect(cache.userNames(['broken', 'officer-stic'])).rejects.toThrow('connection reset');
    await expect(cache.userNames(['broken', 'officer-stic'])).rejects.toThrow('connection reset');
    expect(reads).toEqual(['names:broken,officer-stic', 'names:broken,officer-stic']);

    const uncached = store({ 'officer-stic': officer });
    const off = new IdentityCache(uncached.repo, config(0));
    await off.userNames(['officer-stic']);
    await off.userNames(['officer-stic']);
    expect(uncached.reads).toEqual(['names:officer-stic', 'names:officer-stic']);
  });
});
