import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { jsonSchemaOf } from '../common/zod';
import { LocalizedTextSchema } from '../domain';
import { ROLES } from '../domain/access';
import { CurrentUser } from '../common/decorators';
import type { Principal } from '../domain/access';
import { IdentityCache } from '../database/identity-cache';

export const MeSchema = z.object({
  id: z.string().describe("the user id: the identity provider's subject"),
  name: z.string(),
  role: z.enum(ROLES),
  jurisdictionId: z.string().describe('the city the user belongs to: the pages open on its policies, pools and inbox'),
  jurisdictionLabel: LocalizedTextSchema.describe('the city by its name'),
});

/** Who the bearer token signs in: a provider's token names only a subject, the pages need the role and city too. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class MeController {
  constructor(private readonly identities: IdentityCache) {}

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user: id, name, role and jurisdiction' })
  @ApiOkResponse({ schema: jsonSchemaOf(MeSchema, 'output') })
  async me(@CurrentUser() user: Principal): Promise<z.infer<typeof MeSchema>> {
    const jurisdiction = await this.identities.jurisdiction(user.jurisdictionId);
    return {
      id: user.userId,
      name: user.name,
      role: user.role,
      jurisdictionId: user.jurisdictionId,
      // The foreign key makes a user's jurisdiction exist; the code is the fallback only for the type's sake.
      jurisdictionLabel: jurisdiction?.name ?? { zh: user.jurisdictionId, en: user.jurisdictionId },
    };
  }
}
