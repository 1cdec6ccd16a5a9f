import { Body, Controller, Get, Param, Patch, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/decorators';
import type { Principal } from '../domain/access';
import { jsonSchemaOf } from '../common/zod';
import { HideFromNonAdminsFilter } from '../admin/hide-from-non-admins.filter';
import {
  CreateOrganisationDto,
  CreateOrganisationSchema,
  CreateUserDto,
  CreateUserSchema,
  ListUsersDto,
  OrganisationListSchema,
  OrganisationParamsDto,
  OrganisationSchema,
  PageQueryDto,
  UpdateOrganisationDto,
  UpdateOrganisationSchema,
  UpdateUserDto,
  UpdateUserSchema,
  UserListSchema,
  UserParamsDto,
  UserSchema,
  type OrganisationDto,
  type OrganisationList,
  type UserDto,
  type UserList,
} from './identity.dto';
import { IdentityService } from './identity.service';
import { ApiErrors } from '../common/openapi';

/** Organisations, users and the audit trail: for admins, and invisible to anyone else like every admin route. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
@Roles('admin')
@UseFilters(HideFromNonAdminsFilter)
export class IdentityController {
  constructor(private readonly service: IdentityService) {}

  @Get('organisations')
  @ApiOperation({ summary: 'Registered organisations, by id' })
  @ApiOkResponse({ schema: jsonSchemaOf(OrganisationListSchema, 'output') })
  listOrganisations(@Query() q: PageQueryDto): Promise<OrganisationList> {
    return this.service.listOrganisations(q);
  }

  @Post('organisations')
  @ApiErrors({ 409: 'the id or the credit code is already registered' })
  @ApiOperation({ summary: 'Register an organisation: its unified social credit code is checked (GB 32100-2015) and must be unique' })
  @ApiBody({ schema: jsonSchemaOf(CreateOrganisationSchema) })
  @ApiCreatedResponse({ schema: jsonSchemaOf(OrganisationSchema, 'output') })
  createOrganisation(@CurrentUser() user: Principal, @Body() body: CreateOrganisationDto): Promise<OrganisationDto> {
    return this.service.createOrganisation(user.userId, body, user.jurisdictionId);
  }

  @Get('organisations/:organisationId')
  @ApiParam({ name: 'organisationId' })
  @ApiOkResponse({ schema: jsonSchemaOf(OrganisationSchema, 'output') })
  organisation(@Param() p: OrganisationParamsDto): Promise<OrganisationDto> {
    return this.service.organisation(p.organisationId);
  }

  @Patch('organisations/:organisationId')
  @ApiErrors({ 409: 'the credit code is registered to another organisation' })
  @ApiParam({ name: 'organisationId' })
  @ApiOperation({ summary: 'Change an organisation (only the fields given); cases already received keep the organisation as it was' })
  @ApiBody({ schema: jsonSchemaOf(UpdateOrganisationSchema) })
  @ApiOkResponse({ schema: jsonSchemaOf(OrganisationSchema, 'output') })
  updateOrganisation(@CurrentUser() user: Principal, @Param() p: OrganisationParamsDto, @Body() body: UpdateOrganisationDto): Promise<OrganisationDto> {
    return this.service.updateOrganisation(user.userId, p.organisationId, body);
  }

  @Get('users')
  @ApiOperation({ summary: 'Users, by id; filters role, organisationId, bureauCode, jurisdictionId' })
  @ApiOkResponse({ schema: jsonSchemaOf(UserListSchema, 'output') })
  listUsers(@Query() q: ListUsersDto): Promise<UserList> {
    return this.service.listUsers(q);
  }

  @Post('users')
  @ApiErrors({
    409: 'a user with this id, in any letter case, exists already',
    422: 'the role does not fit the organisation or bureau given, or there is no such organisation or bureau',
  })
  @ApiOperation({
    summary:
      "Register a user (id = the identity provider's subject) of a jurisdiction: applicants of an organisation; officers and supervisors of a bureau or district; finance staff of a treasury (city or a district's); admins",
  })
  @ApiBody({ schema: jsonSchemaOf(CreateUserSchema) })
  @ApiCreatedResponse({ schema: jsonSchemaOf(UserSchema, 'output') })
  createUser(@CurrentUser() user: Principal, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.service.createUser(user.userId, body, user.jurisdictionId);
  }

  @Get('users/:userId')
  @ApiParam({ name: 'userId' })
  @ApiOkResponse({ schema: jsonSchemaOf(UserSchema, 'output') })
  user(@Param() p: UserParamsDto): Promise<UserDto> {
    return this.service.user(p.userId);
  }

  @Patch('users/:userId')
  @ApiErrors({ 422: 'the role does not fit the organisation or bureau given, or there is no such organisation or bureau' })
  @ApiParam({ name: 'userId' })
  @ApiOperation({
    summary: 'Change a user (only the fields given); a new role drops the old organisation or bureau unless one is given. It applies from the next request.',
  })
  @ApiBody({ schema: jsonSchemaOf(UpdateUserSchema) })
  @ApiOkResponse({ schema: jsonSchemaOf(UserSchema, 'output') })
  updateUser(@CurrentUser() user: Principal, @Param() p: UserParamsDto, @Body() body: UpdateUserDto): Promise<UserDto> {
    return this.service.updateUser(user.userId, p.userId, body);
  }
}
