import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/decorators';
import type { Principal } from '../domain/access';
import { jsonSchemaOf } from '../common/zod';
import { BureauStatsSchema, PoolStatsSchema, StatsPackParamsDto, StatsYearQueryDto, type BureauStats, type PoolStats } from './stats.dto';
import { StatsService } from './stats.service';

const YEAR = { name: 'year', required: false, description: 'budget year YYYY; by default the current one', schema: { type: 'string', pattern: '^[0-9]{4}$' } };

@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(private readonly service: StatsService) {}

  @Get('packs/:packId/pools')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'Each budget pool of a policy over one budget year, month by month: budget, held by approved awards, paid, and computed awards still in review (strings of integer fen). Supervisors of a bureau the policy names; administrators.',
  })
  @ApiParam({ name: 'packId' })
  @ApiQuery(YEAR)
  @ApiOkResponse({ schema: jsonSchemaOf(PoolStatsSchema, 'output') })
  pools(@CurrentUser() user: Principal, @Param() p: StatsPackParamsDto, @Query() q: StatsYearQueryDto): Promise<PoolStats> {
    return this.service.pools(user, p.packId, q.year);
  }

  @Get('bureaus')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'Open review tasks by age and decision times (median and 90th percentile days from opening to decision, per month of the year) of my bureau; administrators: every bureau with figures.',
  })
  @ApiQuery(YEAR)
  @ApiOkResponse({ schema: jsonSchemaOf(BureauStatsSchema, 'output') })
  bureaus(@CurrentUser() user: Principal, @Query() q: StatsYearQueryDto): Promise<BureauStats> {
    return this.service.bureaus(user, q.year);
  }
}
