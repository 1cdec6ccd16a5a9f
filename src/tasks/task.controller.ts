import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/decorators';
import type { Principal } from '../domain/access';
import { jsonSchemaOf } from '../common/zod';
import type { DecideResult, TaskChangeResult } from '../../workflows/case.messages';
import {
  DecideResultSchema,
  DecisionDto,
  DecisionSchema,
  ListTasksDto,
  ReassignDto,
  ReassignSchema,
  TaskChangeResultSchema,
  TaskDetailSchema,
  TaskListSchema,
  TaskParamsDto,
  TASK_ID_PATTERN,
  type TaskDetailDto,
  type TaskList,
} from './task.dto';
import { TaskService } from './task.service';
import { ApiErrors } from '../common/openapi';

const UPDATE_ERRORS = {
  409: 'the task or case is not in a state that allows it (claimed by another, already decided, waiting for information, closed)',
  422: 'the rules refuse it (an amount above the award, a missing reason, a short pool, an assignee outside the bureau)',
  503: 'the workflow service is unavailable, or the change could not be recorded (an incident is raised); nothing was changed that is not recorded',
};
const TASK_ID = {
  name: 'taskId',
  description: 'the review task id: a UUID, or lab-<lab id>-evaluation-<n> for a key lab’s evaluation',
  schema: { type: 'string' as const, pattern: TASK_ID_PATTERN },
};

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
@Roles('officer', 'supervisor')
export class TaskController {
  constructor(private readonly service: TaskService) {}

  @Get()
  @ApiOperation({
    summary:
      'The review tasks of my bureau. Filters: status, measureCode, dueFrom/dueTo (ISO), priority, assignee=me|unassigned; sort=dueAt|-dueAt; limit/offset',
  })
  @ApiOkResponse({ schema: jsonSchemaOf(TaskListSchema, 'output') })
  inbox(@CurrentUser() user: Principal, @Query() q: ListTasksDto): Promise<TaskList> {
    return this.service.inbox(user, q);
  }

  @Get(':taskId')
  @Roles('officer', 'supervisor', 'admin')
  @ApiParam(TASK_ID)
  @ApiOperation({ summary: 'A task with its application form, award explanation, the other opinions so far and the case history' })
  @ApiOkResponse({ schema: jsonSchemaOf(TaskDetailSchema, 'output') })
  detail(@CurrentUser() user: Principal, @Param() p: TaskParamsDto): Promise<TaskDetailDto> {
    return this.service.detail(user, p.taskId);
  }

  @Post(':taskId/claim')
  @ApiErrors(UPDATE_ERRORS)
  @HttpCode(200)
  @ApiParam(TASK_ID)
  @ApiOperation({ summary: 'Take the task: only the officer holding a task may decide it' })
  @ApiOkResponse({ schema: jsonSchemaOf(TaskChangeResultSchema, 'output') })
  claim(@CurrentUser() user: Principal, @Param() p: TaskParamsDto): Promise<TaskChangeResult> {
    return this.service.claim(user, p.taskId);
  }

  @Post(':taskId/unclaim')
  @ApiErrors(UPDATE_ERRORS)
  @HttpCode(200)
  @ApiParam(TASK_ID)
  @ApiOperation({ summary: 'Release the task back to the bureau (the holder, or a supervisor)' })
  @ApiOkResponse({ schema: jsonSchemaOf(TaskChangeResultSchema, 'output') })
  unclaim(@CurrentUser() user: Principal, @Param() p: TaskParamsDto): Promise<TaskChangeResult> {
    return this.service.unclaim(user, p.taskId);
  }

  @Post(':taskId/reassign')
  @ApiErrors(UPDATE_ERRORS)
  @HttpCode(200)
  @ApiParam(TASK_ID)
  @ApiOperation({ summary: 'Hand the task to another officer of the bureau (the holder, or a supervisor)' })
  @ApiBody({ schema: jsonSchemaOf(ReassignSchema) })
  @ApiOkResponse({ schema: jsonSchemaOf(TaskChangeResultSchema, 'output') })
  reassign(@CurrentUser() user: Principal, @Param() p: TaskParamsDto, @Body() body: ReassignDto): Promise<TaskChangeResult> {
    return this.service.reassign(user, p.taskId, body);
  }

  @Post(':taskId/decision')
  @ApiErrors(UPDATE_ERRORS)
  @HttpCode(200)
  @ApiParam(TASK_ID)
  @ApiOperation({
    summary:
      'Decide a task you hold: approve (optionally a lower amount in fen; overrideReason over a co-reviewer’s rejection), reject (reason), or return for information (questions)',
  })
  @ApiBody({ schema: jsonSchemaOf(DecisionSchema) })
  @ApiOkResponse({ schema: jsonSchemaOf(DecideResultSchema, 'output') })
  decide(@CurrentUser() user: Principal, @Param() p: TaskParamsDto, @Body() body: DecisionDto): Promise<DecideResult> {
    return this.service.decide(user, p.taskId, body);
  }
}
