import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../common/decorators';
import type { Principal } from '../domain/access';
import { jsonSchemaOf } from '../common/zod';
import {
  ConflictListSchema,
  ConflictParamsDto,
  ConflictSchema,
  DeclareConflictDto,
  DeclareConflictSchema,
  WithdrawConflictDto,
  WithdrawConflictSchema,
  type ConflictDto,
} from './conflict.dto';
import { ConflictService } from './conflict.service';
import { ApiErrors } from '../common/openapi';

@ApiTags('officers')
@ApiBearerAuth()
@Controller('me/conflicts')
@Roles('officer', 'supervisor')
export class ConflictController {
  constructor(private readonly service: ConflictService) {}

  @Post()
  @ApiErrors({ 422: 'no such organisation' })
  @ApiOperation({ summary: 'Declare a conflict of interest with an organisation: you can no longer claim or decide its cases' })
  @ApiBody({ schema: jsonSchemaOf(DeclareConflictSchema) })
  @ApiCreatedResponse({ description: 'a new declaration', schema: jsonSchemaOf(ConflictSchema, 'output') })
  @ApiOkResponse({ description: 'already declared: the first declaration', schema: jsonSchemaOf(ConflictSchema, 'output') })
  async declare(@CurrentUser() user: Principal, @Body() body: DeclareConflictDto, @Res({ passthrough: true }) res: Response): Promise<ConflictDto> {
    const { created, conflict } = await this.service.declare(user, body);
    res.status(created ? 201 : 200);
    return conflict;
  }

  @Post(':conflictId/withdraw')
  @ApiErrors({ 409: 'the declaration was already withdrawn' })
  @HttpCode(200)
  @ApiParam({ name: 'conflictId', schema: { type: 'string', format: 'uuid' } })
  @ApiOperation({ summary: 'Withdraw a declaration of mine (it stays on record with when and why): I may claim and decide that organisation’s cases again' })
  @ApiBody({ schema: jsonSchemaOf(WithdrawConflictSchema) })
  @ApiOkResponse({ schema: jsonSchemaOf(ConflictSchema, 'output') })
  withdraw(@CurrentUser() user: Principal, @Param() p: ConflictParamsDto, @Body() body: WithdrawConflictDto): Promise<ConflictDto> {
    return this.service.withdraw(user, p.conflictId, body);
  }

  @Get()
  @ApiOperation({ summary: 'My declarations of conflicts of interest, withdrawn ones included' })
  @ApiOkResponse({ schema: jsonSchemaOf(ConflictListSchema, 'output') })
  list(@CurrentUser() user: Principal): Promise<ConflictDto[]> {
    return this.service.list(user);
  }
}
