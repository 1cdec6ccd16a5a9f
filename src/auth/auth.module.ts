import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { DevTokenController } from './dev-token.controller';
import { MeController } from './me.controller';
import { TokenService } from './token.service';

@Module({
  controllers: [DevTokenController, MeController],
  providers: [TokenService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService],
})
export class AuthModule {}
