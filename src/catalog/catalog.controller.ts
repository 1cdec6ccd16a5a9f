import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../common/decorators';
import type { Principal } from '../domain/access';
import { jsonSchemaOf } from '../common/zod';
import {
  MeasureDetailSchema,
  MeasureListSchema,
  PackListSchema,
  PackSummarySchema,
  PolicyStatusSchema,
  PoolListSchema,
  PoolsQueryDto,
  FormParamsDto,
  MeasureParamsDto,
  PackParamsDto,
  VersionQueryDto,
  WordsSchema,
  type Words,
  type MeasureDetail,
  type MeasureList,
  type PackSummary,
  type PolicyStatus,
  type PoolList,
} from './catalog.dto';
import { CatalogService } from './catalog.service';
import { ApiErrors } from '../common/openapi';

const FormSchemaDocument = z.record(z.string(), z.unknown()).describe('a JSON Schema document (draft 2020-12)');

const PACK = { name: 'packId', description: 'policy pack id, e.g. shenzhen-ai-pioneer-2024 (GET /catalog/packs lists them)' };
const MEASURE = { name: 'measureCode', description: 'measure code, e.g. m2' };
const SUBTYPE = { name: 'subtypeCode', description: 'sub-type code, e.g. m5-demo' };
const VERSION = {
  name: 'version',
  required: false,
  description: 'rule version; by default the one in force now (outside the validity window, the first or last)',
  schema: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' },
} as const;

/**
 * The published policy: public, because an applicant reads it before having an account.
 * Pool balances need an officer's, supervisor's or administrator's token.
 */
@ApiTags('catalog')
@Controller('catalog')
export class CatalogController {
  constructor(private readonly service: CatalogService) {}

  @Public()
  @Get('words')
  @ApiOperation({
    summary: 'The fixed words of the system by code (statuses, decisions, stages, notice kinds, audit actions), in Chinese and English. Public.',
  })
  @ApiOkResponse({ schema: jsonSchemaOf(WordsSchema, 'output') })
  words(): Words {
    return this.service.words();
  }

  @Public()
  @Get('packs')
  @ApiOperation({
    summary:
      "Policy packs: validity, whether intake is open, rule versions and the one in force now. Public; with a bearer token, the packs of the user's own jurisdiction come first.",
  })
  @ApiOkResponse({ schema: jsonSchemaOf(PackListSchema, 'output') })
  packs(@CurrentUser() user: Principal | undefined): Promise<{ items: PackSummary[] }> {
    return this.service.packs(undefined, user?.jurisdictionId ?? null);
  }

  @Public()
  @Get('packs/:packId')
  @ApiOperation({ summary: 'One policy pack. Public.' })
  @ApiParam(PACK)
  @ApiOkResponse({ schema: jsonSchemaOf(PackSummarySchema, 'output') })
  pack(@Param() p: PackParamsDto): Promise<PackSummary> {
    return this.service.pack(p.packId);
  }

  @Public()
  @Get('packs/:packId/status')
  @ApiOperation({
    summary: 'Whether a policy takes applications now: open, closed or notYetOpen, the time left, its successor, in Chinese and English. Public.',
  })
  @ApiParam(PACK)
  @ApiOkResponse({ schema: jsonSchemaOf(PolicyStatusSchema, 'output') })
  status(@Param() p: PackParamsDto): Promise<PolicyStatus> {
    return this.service.status(p.packId);
  }

  @Public()
  @Get('packs/:packId/measures')
  @ApiErrors({ 404: 'no such pack or rule version' })
  @ApiOperation({
    summary:
      'Every measure of a rule version: bureaus, whether it takes applications (and why not), and per sub-type the applicants, award rule, pool, routing and eligibility rules. Public.',
  })
  @ApiParam(PACK)
  @ApiQuery(VERSION)
  @ApiOkResponse({ schema: jsonSchemaOf(MeasureListSchema, 'output') })
  measures(@Param() p: PackParamsDto, @Query() q: VersionQueryDto): Promise<MeasureList> {
    return this.service.measures(p.packId, q.version);
  }

  @Public()
  @Get('packs/:packId/measures/:measureCode')
  @ApiErrors({ 404: 'no such pack, rule version or measure' })
  @ApiOperation({ summary: 'One measure of a rule version. Public.' })
  @ApiParam(PACK)
  @ApiParam(MEASURE)
  @ApiQuery(VERSION)
  @ApiOkResponse({ schema: jsonSchemaOf(MeasureDetailSchema, 'output') })
  measure(@Param() p: MeasureParamsDto, @Query() q: VersionQueryDto): Promise<MeasureDetail> {
    return this.service.measure(p.packId, p.measureCode, q.version);
  }

  @Public()
  @Get('packs/:packId/measures/:measureCode/subtypes/:subtypeCode/form')
  @ApiErrors({ 404: 'no such pack, rule version, measure or sub-type' })
  @ApiOperation({
    summary:
      'JSON Schema (draft 2020-12) of a sub-type’s application form, generated from the zod schema that validates submissions. Amounts are strings of integer fen. Public.',
  })
  @ApiParam(PACK)
  @ApiParam(MEASURE)
  @ApiParam(SUBTYPE)
  @ApiQuery(VERSION)
  @ApiOkResponse({ schema: jsonSchemaOf(FormSchemaDocument, 'output') })
  form(@Param() p: FormParamsDto, @Query() q: VersionQueryDto): Promise<object> {
    return this.service.form(p.packId, p.measureCode, p.subtypeCode, q.version);
  }

  @Get('packs/:packId/pools')
  @Roles('officer', 'supervisor', 'finance', 'admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Budget pools of one budget year (Asia/Shanghai calendar year): total, reserved by approved awards, available; strings of integer fen. Officers, supervisors and treasury staff of the policy’s own city, and administrators.',
  })
  @ApiParam(PACK)
  @ApiQuery({ name: 'year', required: false, description: 'budget year YYYY; by default the current one', schema: { type: 'string', pattern: '^[0-9]{4}$' } })
  @ApiOkResponse({ schema: jsonSchemaOf(PoolListSchema, 'output') })
  pools(@CurrentUser() user: Principal, @Param() p: PackParamsDto, @Query() q: PoolsQueryDto): Promise<PoolList> {
    return this.service.pools(p.packId, q.year, undefined, user);
  }
}
