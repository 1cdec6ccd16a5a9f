import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { PrismaService } from './prisma.service';

@Global()
@Module({
  providers: [{ provide: PrismaService, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new PrismaService(c.databaseUrl) }],
  exports: [PrismaService],
})
export class DatabaseModule {}
