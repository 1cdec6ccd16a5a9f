import { Module } from '@nestjs/common';
import { ConflictController } from './conflict.controller';
import { ConflictService } from './conflict.service';

/** Officers' declared conflicts of interest; tasks and labs ask them who may not see a case. */
@Module({ controllers: [ConflictController], providers: [ConflictService], exports: [ConflictService] })
export class ConflictsModule {}
