import { Module } from '@nestjs/common';
import { CaseController } from './case.controller';
import { CaseService } from './case.service';

/** Applications: filing, reading and the applicant's answers and withdrawals. */
@Module({ controllers: [CaseController], providers: [CaseService] })
export class CasesModule {}
