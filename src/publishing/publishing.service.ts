import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { CLOCK, type Clock } from '../common/clock';
import { ForbiddenError, UnprocessableError, ValidationError } from '../domain/errors';
import { actorOf } from '../common/updates';
import { intakeStatus, parsePolicyPack, PolicyPackError, type IntakeStatus, type PolicyPack } from '../domain';
import { mayPublishPacks, type Principal } from '../domain/access';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { PackStoreRepository, PublishRefusedError } from '../database/pack-store.repository';
import { publishThrough } from './publish';
import { REQUEST_SENTENCES as S } from '../domain/words/validation';

export interface PublishResult {
  packId: string;
  dryRun: boolean;
  /** Rule versions this request added; empty when it only re-published what was stored. */
  newVersions: number[];
  versions: { version: number; effectiveFrom: string; publishedAt: string | null }[];
  succeeds: string | null;
  windowChanged: boolean;
  clockStarted: boolean;
  status: IntakeStatus;
}

/** Publishing a pack over the API: the seed's parser, the seed's store, and the intake clock started at once. */
@Injectable()
export class PublishingService {
  constructor(
    private readonly store: PackStoreRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TASK_QUEUE) private readonly taskQueue: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async publish(user: Principal, body: unknown, dryRun: boolean): Promise<PublishResult> {
    if (!mayPublishPacks(actorOf(user))) throw new ForbiddenError(null, 'only administrators publish policy packs');
    let pack: PolicyPack;
    try {
      pack = parsePolicyPack(body);
    } catch (err) {
      if (!(err instanceof PolicyPackError)) throw err;
      throw new ValidationError(err.issues.map((i) => ({ path: i.path, message: S.packMalformed(i.message).en, zh: S.packMalformed(i.message).zh })));
    }
    if (pack.succeeds && !(await this.store.exists(pack.succeeds))) {
      throw new UnprocessableError('succeeds', `policy pack ${pack.succeeds}, which this pack says it succeeds, is not published`, {
        zh: `本政策包声明继任的政策包 ${pack.succeeds} 尚未发布`,
      });
    }
    const before = await this.store.stored(pack.id);
    if (dryRun) {
      const problems = await this.store.problems(pack);
      if (problems.length) throw new PublishRefusedError(problems);
    }
    const outcome = dryRun
      ? { clockStarted: false, windowChanged: before !== null && windowDiffers(before.validity, pack) }
      : await publishThrough(this.store, pack, { client: this.temporal, taskQueue: this.taskQueue }, user.userId);
    const after = dryRun ? before : await this.store.stored(pack.id);
    const publishedAt = new Map((after?.versions ?? []).map((v) => [v.version, v.publishedAt.toISOString()]));
    const had = new Set((before?.versions ?? []).map((v) => v.version));
    return {
      packId: pack.id,
      dryRun,
      newVersions: pack.versions.filter((v) => !had.has(v.version)).map((v) => v.version),
      versions: pack.versions.map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom, publishedAt: publishedAt.get(v.version) ?? null })),
      succeeds: pack.succeeds ?? null,
      windowChanged: outcome.windowChanged,
      clockStarted: outcome.clockStarted,
      // By its dates: the clock just started flips the flag a moment later.
      status: intakeStatus(pack, true, this.clock.now().getTime()),
    };
  }
}

function windowDiffers(stored: { from: Date; to: Date }, pack: PolicyPack): boolean {
  return stored.from.getTime() !== Date.parse(pack.validity.from) || stored.to.getTime() !== Date.parse(pack.validity.to);
}
