import { Module } from '@nestjs/common';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { LabAdminController } from './lab-admin.controller';
import { LabController } from './lab.controller';
import { LabService } from './lab.service';

/** Designated key labs: their reports and evaluations over the years. */
@Module({ imports: [ConflictsModule], controllers: [LabController, LabAdminController], providers: [LabService] })
export class LabsModule {}
