import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';

/** History export for admins. */
@Module({
  controllers: [AdminController],
})
export class AdminModule {}
