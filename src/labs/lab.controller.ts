import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../common/decorators';
import type { Principal } from '../domain/access';
import { jsonSchemaOf } from '../common/zod';
import type { GradeResult } from '../../workflows/lab.messages';
import { GradeDto, GradeParamsDto, GradeResultSchema, GradeSchema, LabParamsDto, LabViewSchema, type LabView } from './lab.dto';
import { LabService } from './lab.service';
import { ApiErrors } from '../common/openapi';

/** Measure 13's key labs: their lifecycle's history, and the evaluating bureau's grades. */
@ApiTags('labs')
@ApiBearerAuth()
@Controller('labs')
export class LabController {
  constructor(private readonly service: LabService) {}

  @Get(':labId')
  @ApiParam({ name: 'labId', description: 'the id of the case whose final approval designated the lab' })
  @ApiOperation({
    summary: 'A key lab: status, grades and rewards of every evaluation, the next evaluation date, and why it ended. The lab, its evaluating bureau, admins.',
  })
  @ApiOkResponse({ schema: jsonSchemaOf(LabViewSchema, 'output') })
  read(@CurrentUser() user: Principal, @Param() p: LabParamsDto): Promise<LabView> {
    return this.service.read(user, p.labId);
  }

  @Post(':labId/evaluations/:cycle/grade')
  @ApiErrors({ 409: 'no evaluation of this cycle is waiting for a grade', 422: 'the grade is not one the policy gives' })
  @HttpCode(200)
  @ApiParam({ name: 'labId', description: 'the id of the case whose final approval designated the lab' })
  @ApiParam({ name: 'cycle', description: 'the evaluation number, 1, 2, 3…' })
  @ApiOperation({
    summary:
      'Grade the open evaluation (excellent, good, pass, fail) as an officer of the evaluating bureau. A rewarded grade files the reward as its own case under the policy in force on the evaluation date, or says none can be paid; two fails in a row end the designation.',
  })
  @ApiBody({ schema: jsonSchemaOf(GradeSchema) })
  @ApiOkResponse({ schema: jsonSchemaOf(GradeResultSchema, 'output') })
  grade(@CurrentUser() user: Principal, @Param() p: GradeParamsDto, @Body() body: GradeDto): Promise<GradeResult> {
    return this.service.grade(user, p.labId, p.cycle, body.grade, body.comment ?? null);
  }
}
