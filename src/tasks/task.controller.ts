import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { jsonSchemaOf } from '../common/zod';
import type { DecideResult } from '../../workflows/application.messages';
import { DecisionDto, DecisionSchema, ListTasksDto } from './task.dto';
import { TaskService } from './task.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
@Roles('officer', 'supervisor')
export class TaskController {
  constructor(private readonly service: TaskService) {}

  @Get()
  @ApiOperation({ summary: 'The review tasks of my bureau, soonest due first' })
  inbox(@CurrentUser() user: Principal, @Query() q: ListTasksDto): ReturnType<TaskService['inbox']> {
    return this.service.inbox(user, q);
  }

  @Post(':taskId/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve (optionally a lower amount, in fen) or reject (reason required) a review task' })
  @ApiBody({ schema: jsonSchemaOf(DecisionSchema) })
  decide(@CurrentUser() user: Principal, @Param('taskId') taskId: string, @Body() body: DecisionDto): Promise<DecideResult> {
    return this.service.decide(user, taskId, body);
  }
}
