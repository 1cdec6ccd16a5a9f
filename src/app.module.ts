import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AdminModule } from './admin/admin.module';
import { CaseController } from './cases/case.controller';
import { CaseService } from './cases/case.service';
import { CatalogModule } from './catalog/catalog.module';
import { StatsModule } from './stats/stats.module';
import { AuthModule } from './auth/auth.module';
import { ClockModule } from './common/clock';
import { AllExceptionsFilter } from './common/exception.filter';
import { ZodValidationPipe } from './common/zod';
import { ConfigModule } from './config/config.module';
import { ConflictController } from './conflicts/conflict.controller';
import { ConflictService } from './conflicts/conflict.service';
import { DatabaseModule } from './database/database.module';
import { DocumentsModule } from './documents/documents.module';
import { NoticeController } from './notices/notice.controller';
import { NoticeService } from './notices/notice.service';
import { NoticeDeliveryService } from './notices/notice-delivery.service';
import { IdentityController } from './identity/identity.controller';
import { IdentityService } from './identity/identity.service';
import { PaymentController } from './payments/payment.controller';
import { PaymentService } from './payments/payment.service';
import { TaskController } from './tasks/task.controller';
import { LabController } from './labs/lab.controller';
import { LabService } from './labs/lab.service';
import { TaskService } from './tasks/task.service';
import { TemporalModule } from './temporal/temporal.module';
import { ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG } from './config/config.module';
import type { AppConfig } from './config/config';
import { throttlerOptions } from './common/rate-limit';
import { RATE_LIMIT_STORAGE, RateLimitStoreModule } from './common/rate-limit-store';
import { NoUndeclaredQueryInterceptor } from './common/no-undeclared-query';
import { PublishingModule } from './publishing/publishing.module';
import { HealthModule } from './health/health.module';
import { ObservabilityModule } from './observability/observability.module';

@Module({
  imports: [
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
  controllers: [CaseController, TaskController, ConflictController, IdentityController, PaymentController, LabController, NoticeController],
  providers: [
    CaseService,
    TaskService,
    ConflictService,
    LabService,
    IdentityService,
    PaymentService,
    NoticeService,
    // Payment settlements write the applicant's notice and start its delivery from the API.
    NoticeDeliveryService,
    { provide: APP_PIPE, useClass: ZodValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_INTERCEPTOR, useClass: NoUndeclaredQueryInterceptor },
  ],
})
export class AppModule {}
