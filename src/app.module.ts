import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AdminModule } from './admin/admin.module';
import { CasesModule } from './cases/cases.module';
import { CatalogModule } from './catalog/catalog.module';
import { StatsModule } from './stats/stats.module';
import { AuthModule } from './auth/auth.module';
import { ClockModule } from './common/clock';
import { AllExceptionsFilter } from './common/exception.filter';
import { ZodValidationPipe } from './common/zod';
import { ConfigModule } from './config/config.module';
import { ConflictsModule } from './conflicts/conflicts.module';
import { DatabaseModule } from './database/database.module';
import { DocumentsModule } from './documents/documents.module';
import { IdentityModule } from './identity/identity.module';
import { LabsModule } from './labs/labs.module';
import { NoticesModule } from './notices/notices.module';
import { PaymentsModule } from './payments/payments.module';
import { TasksModule } from './tasks/tasks.module';
import { TemporalModule } from './temporal/temporal.module';
import { ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG } from './config/config.module';
import type { AppConfig } from './config/config';
import { throttlerOptions } from './common/rate-limit';
import { RATE_LIMIT_STORAGE, RateLimitStoreModule } from './common/rate-limit-store';
import { PeopleNamesInterceptor } from './common/people.interceptor';
import { NoUndeclaredQueryInterceptor } from './common/no-undeclared-query';
import { PublishingModule } from './publishing/publishing.module';
import { HealthModule } from './health/health.module';
import { ObservabilityModule } from './observability/observability.module';

@Module({
  imports: [
    // The features first: their routes (and the OpenAPI document's paths) keep the order they had.
    CasesModule,
    TasksModule,
    ConflictsModule,
    IdentityModule,
    PaymentsModule,
    LabsModule,
    NoticesModule,
    ConfigModule,
    HealthModule,
    ClockModule,
    DatabaseModule,
    TemporalModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStoreModule],
      inject: [APP_CONFIG, RATE_LIMIT_STORAGE],
      useFactory: (c: AppConfig, storage: ThrottlerStorage) => ({ ...throttlerOptions(c.rateLimits), storage }),
    }),
    AuthModule,
    CatalogModule,
    AdminModule,
    PublishingModule,
    DocumentsModule,
    ObservabilityModule,
    StatsModule,
  ],
  providers: [
    { provide: APP_PIPE, useClass: ZodValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_INTERCEPTOR, useClass: NoUndeclaredQueryInterceptor },
    { provide: APP_INTERCEPTOR, useClass: PeopleNamesInterceptor },
  ],
})
export class AppModule {}
