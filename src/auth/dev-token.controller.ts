import { Body, Controller, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { OrganisationRepository } from '../database/organisation.repository';
import { jsonSchemaOf, zodDto } from '../common/zod';
import { idText } from '../common/text';
import { RateLimited } from '../common/rate-limit';
import { ROLES } from '../domain/access';
import { Public } from '../common/decorators';
import { TokenService } from './token.service';
import { ApiErrors } from '../common/openapi';

const DevTokenSchema = z.object({ userId: idText('userId', 100) }).strict();
class DevTokenDto extends zodDto(DevTokenSchema) {}

export const DevTokenResponseSchema = z.object({
  token: z.string().describe('a bearer JWT'),
  expiresIn: z.number().int().describe('seconds'),
  user: z.object({ id: z.string(), role: z.enum(ROLES) }),
});

/** Development only: issues tokens for seeded users. Answers 404 unless DEV_TOKENS is on. */
@ApiTags('auth')
@Controller('auth')
export class DevTokenController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly organisations: OrganisationRepository,
  ) {}

  @Public()
  @Post('dev-token')
  @RateLimited('token')
  @ApiErrors({ 404: 'dev tokens are off (the route does not exist), or no such seeded user' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue a token for a seeded user (only when DEV_TOKENS=true)' })
  @ApiBody({ schema: jsonSchemaOf(DevTokenSchema) })
  @ApiOkResponse({ schema: jsonSchemaOf(DevTokenResponseSchema, 'output') })
  async issue(@Body() body: DevTokenDto): Promise<z.infer<typeof DevTokenResponseSchema>> {
    if (!this.config.auth.devTokens) throw new NotFoundException('Cannot POST /auth/dev-token');
    const user = await this.organisations.user(body.userId);
    if (!user) throw new NotFoundException(`no seeded user ${body.userId}`);
    return { ...this.tokens.sign(user.id), user: { id: user.id, role: user.role } };
  }
}
