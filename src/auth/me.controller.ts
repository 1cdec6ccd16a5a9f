import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { jsonSchemaOf } from '../common/zod';
import { ROLES } from '../domain/access';
import { CurrentUser } from '../common/decorators';
import type { Principal } from '../domain/access';

export const MeSchema = z.object({
  id: z.string().describe("the user id: the identity provider's subject"),
  name: z.string(),
  role: z.enum(ROLES),
});

/** Who the bearer token signs in: a provider's token names only a subject, the pages need the role too. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class MeController {
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user: id, name and role' })
  @ApiOkResponse({ schema: jsonSchemaOf(MeSchema, 'output') })
  me(@CurrentUser() user: Principal): z.infer<typeof MeSchema> {
    return { id: user.userId, name: user.name, role: user.role };
  }
}
