import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/decorators';
import type { Principal } from '../domain/access';
import { jsonSchemaOf } from '../common/zod';
import { ListNoticesDto, NoticeListSchema, NoticeParamsDto, NoticeSchema, type NoticeDto, type NoticeList } from './notice.dto';
import { NoticeService } from './notice.service';

@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
@Roles('applicant')
export class NoticeController {
  constructor(private readonly service: NoticeService) {}

  @Get()
  @ApiOperation({ summary: 'My organisation’s notices, newest first, with read state and the email copy’s delivery' })
  @ApiOkResponse({ schema: jsonSchemaOf(NoticeListSchema, 'output') })
  list(@CurrentUser() user: Principal, @Query() q: ListNoticesDto): Promise<NoticeList> {
    return this.service.list(user, q);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiParam({ name: 'id' })
  @ApiOperation({ summary: 'Mark a notice read (the first reading is kept)' })
  @ApiOkResponse({ schema: jsonSchemaOf(NoticeSchema, 'output') })
  read(@CurrentUser() user: Principal, @Param() p: NoticeParamsDto): Promise<NoticeDto> {
    return this.service.markRead(user, p.id);
  }
}
