import { Module } from '@nestjs/common';
import { PolicyRepository } from './policy.repository';

@Module({ providers: [PolicyRepository], exports: [PolicyRepository] })
export class PolicyModule {}
