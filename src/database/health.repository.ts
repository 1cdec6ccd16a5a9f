import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';

/** Whether PostgreSQL answers, for the readiness checks. */
@Injectable()
export class HealthRepository {
  constructor(private readonly prisma: PrismaService) {}

  async ping(): Promise<void> {
    await this.prisma.$queryRawUnsafe('SELECT 1');
  }
}
