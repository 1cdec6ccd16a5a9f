import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { OrganisationRepository, type JurisdictionRecord, type OrganisationRecord, type UserRecord } from './organisation.repository';

interface Entry<T> {
  until: number;
  value: Promise<T>;
}

/** Entries kept at most per map: a burst of distinct users evicts the oldest, never grows without bound. */
const MAX_ENTRIES = 10_000;

/**
 * Who a request's token names, read once per IDENTITY_CACHE_MS rather than on every request: the user
 * (by the token's subject), an organisation, and the organisations a user declared conflicts with.
 * Changes made through this process (IdentityService, ConflictService) forget what they change at once;
 * other API instances and the identity CLI cannot reach this memory, so there a change shows within the
 * TTL (3 s by default), which is why it stays short. A user that does not exist is never kept, so a
 * user created anywhere signs in at once. The TTL runs on the monotonic clock, not the business clock.
 */
@Injectable()
export class IdentityCache {
  private readonly ttlMs: number;
  private readonly users = new Map<string, Entry<UserRecord | null>>();
  private readonly orgs = new Map<string, Entry<OrganisationRecord | null>>();
  private readonly conflicts = new Map<string, Entry<string[]>>();
  private readonly jurisdictions = new Map<string, Entry<JurisdictionRecord | null>>();
  /** Users' names for the responses that show people (null: no such user, such as the system actor). */
  private readonly names = new Map<string, Entry<string | null>>();

  constructor(
    private readonly organisations: OrganisationRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.identityCacheMs;
  }

  user(id: string): Promise<UserRecord | null> {
    return this.cached(this.users, id, () => this.organisations.user(id));
  }

  organisation(id: string): Promise<OrganisationRecord | null> {
    return this.cached(this.orgs, id, () => this.organisations.organisation(id));
  }

  /** A city by its id (its name changes only with a pack that declares it). */
  jurisdiction(id: string): Promise<JurisdictionRecord | null> {
    return this.cached(this.jurisdictions, id, () => this.organisations.jurisdiction(id));
  }

  /** The organisation ids the user may not decide for: the declarations standing now. */
  conflictOrganisationIds(userId: string): Promise<string[]> {
    return this.cached(this.conflicts, userId, () => this.organisations.conflictOrganisationIds(userId));
  }

  /**
   * The names of the users a response shows, by id: one query for those not read within the TTL, none
   * when all were. An id that names no user (the system's) is kept too, so a timeline that shows it does
   * not ask again on every request.
   */
  async userNames(ids: Iterable<string>): Promise<Map<string, string>> {
    const now = performance.now();
    const known: [string, Promise<string | null>][] = [];
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.names.get(id);
      if (this.ttlMs > 0 && hit && hit.until > now) known.push([id, hit.value]);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const read = this.organisations.userNames(missing);
      for (const id of missing) {
        const value = read.then((m) => m.get(id) ?? null);
        known.push([id, value]);
        if (this.ttlMs > 0) this.remember(this.names, id, value, now, true);
      }
    }
    const names = await Promise.all(known.map(([, v]) => v));
    return new Map(known.flatMap(([id], i) => (names[i] === null ? [] : [[id, names[i]!] as const])));
  }

  forgetUser(id: string): void {
    this.users.delete(id);
    this.names.delete(id);
  }

  forgetOrganisation(id: string): void {
    this.orgs.delete(id);
  }

  forgetConflicts(userId: string): void {
    this.conflicts.delete(userId);
  }

  private cached<T>(map: Map<string, Entry<T>>, key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs === 0) return load();
    const now = performance.now();
    const hit = map.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = load();
    this.remember(map, key, value, now, false);
    return value;
  }

  /** Keeps a read for the TTL; a failed read is dropped, and an absent row (null) too unless `keepNull`. */
  private remember<T>(map: Map<string, Entry<T>>, key: string, value: Promise<T>, now: number, keepNull: boolean): void {
    const entry = { until: now + this.ttlMs, value };
    map.delete(key);
    map.set(key, entry);
    if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
    // The next request asks again.
    const drop = (): void => {
      if (map.get(key) === entry) map.delete(key);
    };
    value.then((v) => (v === null && !keepNull ? drop() : undefined), drop);
  }
}
