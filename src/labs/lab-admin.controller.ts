import { Body, Controller, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/decorators';
import { ApiErrors } from '../common/openapi';
import { jsonSchemaOf } from '../common/zod';
import type { Principal } from '../domain/access';
import { HideFromNonAdminsFilter } from '../admin/hide-from-non-admins.filter';
import { LabViewSchema, RegisterLabDto, RegisterLabSchema, type LabView } from './lab.dto';
import { LabService } from './lab.service';

/** Admins register key labs designated before the system ran, so they are evaluated on their calendar. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/labs')
@Roles('admin')
@UseFilters(HideFromNonAdminsFilter)
export class LabAdminController {
  constructor(private readonly service: LabService) {}

  @Post()
  @ApiErrors({
    409: 'the organisation already has a key lab of that name',
    422: 'no such organisation, or the policy designates no key labs',
    503: 'the workflow service is unavailable: nothing is kept (the audit trail records the attempt)',
  })
  @ApiOperation({
    summary:
      'Register a key lab designated before the system ran: its organisation, name, policy, designation date and the evaluations it has had (the i-th is cycle i, held on or after the designation date + 3i years). Its lifecycle starts at the next cycle, at once when that date has passed; two fails in a row at the end are refused (the designation has ended). Writes an audit entry.',
  })
  @ApiBody({ schema: jsonSchemaOf(RegisterLabSchema) })
  @ApiCreatedResponse({ schema: jsonSchemaOf(LabViewSchema, 'output') })
  register(@CurrentUser() user: Principal, @Body() body: RegisterLabDto): Promise<LabView> {
    return this.service.register(user, body);
  }
}
