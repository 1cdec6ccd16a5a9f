import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../common/decorators';
import type { Principal } from '../domain/access';
import { jsonSchemaOf, parseOrThrow } from '../common/zod';
import { uuidApiParam } from '../common/text';
import { RateLimited } from '../common/rate-limit';
import type { AnswerInformationResult, WithdrawResult } from '../../workflows/case.messages';
import {
  AnswerInformationDto,
  AnswerInformationResultSchema,
  CaseListSchema,
  CaseSchema,
  WithdrawResultSchema,
  type CaseList,
  AnswerInformationSchema,
  type CaseDto,
  CaseParamsDto,
  IdempotencyKeySchema,
  ListCasesDto,
  SubmitApplicationDto,
  SubmitApplicationSchema,
  WithdrawSchema,
} from './case.dto';
import { CaseService } from './case.service';
import { ApiErrors } from '../common/openapi';

const CASE_ID = uuidApiParam('id', 'the case (application) id');

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseController {
  constructor(private readonly service: CaseService) {}

  @Post()
  @Roles('applicant')
  @RateLimited('submit')
  @ApiErrors({
    409: 'the Idempotency-Key was used for a different application, or a request with it is being stored',
    422: 'the rules refuse it: intake closed, a measure without applications',
    503: 'the workflow service is unavailable; nothing was stored',
  })
  @ApiOperation({ summary: 'Submit an application; amounts are strings of integer fen. A repeated Idempotency-Key returns the first case.' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'makes a retry return the first case',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_:.-]{1,128}$' },
  })
  @ApiBody({ schema: jsonSchemaOf(SubmitApplicationSchema) })
  @ApiCreatedResponse({ description: 'a new case', schema: jsonSchemaOf(CaseSchema, 'output') })
  @ApiOkResponse({ description: 'the first case of this Idempotency-Key', schema: jsonSchemaOf(CaseSchema, 'output') })
  async submit(
    @CurrentUser() user: Principal,
    @Body() body: SubmitApplicationDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseDto> {
    const idempotencyKey = parseOrThrow(IdempotencyKeySchema, key, 'Idempotency-Key');
    const { created, case: c } = await this.service.submit(user, body, idempotencyKey);
    res.status(created ? 201 : 200);
    return c;
  }

  @Get()
  @ApiOperation({ summary: 'Cases the caller may see: applicants their organisation’s, officers their bureau’s, admins all' })
  @ApiOkResponse({ schema: jsonSchemaOf(CaseListSchema, 'output') })
  list(@CurrentUser() user: Principal, @Query() q: ListCasesDto): Promise<CaseList> {
    return this.service.list(user, q);
  }

  @Get(':id')
  @ApiParam(CASE_ID)
  @ApiOperation({ summary: 'One case: status, award explanation, tasks and timeline' })
  @ApiOkResponse({ schema: jsonSchemaOf(CaseSchema, 'output') })
  read(@CurrentUser() user: Principal, @Param() p: CaseParamsDto): Promise<CaseDto> {
    return this.service.read(user, p.id);
  }

  @Post(':id/information')
  @ApiErrors({
    409: 'nothing was asked of the applicant, or the case is closed',
    422: 'the answer breaks a rule',
    503: 'the workflow service is unavailable, or the change could not be recorded (an incident is raised); nothing was changed that is not recorded',
  })
  @Roles('applicant')
  @HttpCode(200)
  @ApiParam(CASE_ID)
  @ApiOperation({ summary: 'Answer a request for information (applicant organisation only); the review resumes and its clock restarts' })
  @ApiBody({ schema: jsonSchemaOf(AnswerInformationSchema) })
  @ApiOkResponse({ schema: jsonSchemaOf(AnswerInformationResultSchema, 'output') })
  answer(@CurrentUser() user: Principal, @Param() p: CaseParamsDto, @Body() body: AnswerInformationDto): Promise<AnswerInformationResult> {
    return this.service.answerInformation(user, p.id, body);
  }

  @Post(':id/withdraw')
  @ApiErrors({
    409: 'the case is closed, or its decision is being recorded',
    503: 'the workflow service is unavailable, or the change could not be recorded (an incident is raised); nothing was changed that is not recorded',
  })
  @Roles('applicant')
  @HttpCode(200)
  @ApiParam(CASE_ID)
  @ApiOperation({ summary: 'Withdraw the application before its final decision; open review tasks are cancelled' })
  @ApiBody({ schema: jsonSchemaOf(WithdrawSchema), required: false })
  @ApiOkResponse({ schema: jsonSchemaOf(WithdrawResultSchema, 'output') })
  withdraw(@CurrentUser() user: Principal, @Param() p: CaseParamsDto, @Body() body: unknown): Promise<WithdrawResult> {
    // Untyped body so that an empty request is allowed; parsed here with the same schema.
    // No body at all is a withdrawal without a reason; a JSON `null` is not an empty request.
    const { reason } = parseOrThrow(WithdrawSchema, body === undefined ? {} : body);
    return this.service.withdraw(user, p.id, reason ?? null);
  }
}
