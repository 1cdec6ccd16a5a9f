import { Module } from '@nestjs/common';
import { IdentityController } from './identity.controller';
import { IdentityService } from './identity.service';

/** Organisations and users, kept by admins. */
@Module({ controllers: [IdentityController], providers: [IdentityService] })
export class IdentityModule {}
