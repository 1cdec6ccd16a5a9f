import { Body, Controller, HttpCode, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { HideFromNonAdminsFilter } from '../admin/hide-from-non-admins.filter';
import { CurrentUser, Roles } from '../common/decorators';
import type { Principal } from '../domain/access';
import { jsonSchemaOf } from '../common/zod';
import { PublishQueryDto, PublishResultSchema } from './publishing.dto';
import { PublishingService, type PublishResult } from './publishing.service';
import { ApiErrors } from '../common/openapi';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/packs')
@Roles('admin')
@UseFilters(HideFromNonAdminsFilter)
export class PublishingController {
  constructor(private readonly service: PublishingService) {}

  @Post()
  @ApiErrors({ 409: 'the pack changes a published version or its rules in a way publishing refuses', 422: 'the pack it succeeds is not published' })
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Publish a policy pack, or a new version of one (the whole pack document, as in seeds/packs): validated with the seed’s parser, published versions immutable, its intake clock started at once. ?dryRun=true checks without storing.',
  })
  @ApiQuery({ name: 'dryRun', required: false, schema: { type: 'string', enum: ['true', 'false'] } })
  @ApiBody({ schema: { type: 'object', description: 'a policy pack document (seeds/packs/README.md)' } })
  @ApiOkResponse({ schema: jsonSchemaOf(PublishResultSchema, 'output') })
  publish(@CurrentUser() user: Principal, @Body() body: unknown, @Query() q: PublishQueryDto): Promise<PublishResult> {
    return this.service.publish(user, body, q.dryRun ?? false);
  }
}
