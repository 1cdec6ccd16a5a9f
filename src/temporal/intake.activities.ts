import { Injectable, Logger } from '@nestjs/common';
import { PackRepository } from '../database/pack.repository';
import { ActivityGuard } from './activity-guard';
import type { IntakeActivities } from '../../workflows/activities';

/** The intake clock's activity: opens or closes a pack's intake. */
@Injectable()
export class IntakeActivitiesImpl implements IntakeActivities {
  private readonly logger = new Logger('Intake');

  constructor(
    private readonly packs: PackRepository,
    private readonly guard: ActivityGuard,
  ) {}

  setIntakeOpen(packId: string, open: boolean, at: string): Promise<void> {
    return this.guard.run(async () => {
      await this.packs.setIntakeOpen(packId, open);
      this.logger.log(`${packId} intake ${open ? 'opened' : 'closed'} at ${at}`);
    });
  }
}
