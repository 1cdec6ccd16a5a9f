import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IdentityCache } from '../database/identity-cache';
import { PUBLIC_KEY, ROLES_KEY } from '../common/decorators';
import type { Principal, Role } from '../domain/access';
import { TokenService } from './token.service';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly identities: IdentityCache,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      // A public route needs no token; one sent anyway lets it answer for the user (the policies of their
      // city first). A token that does not sign anyone in is ignored there, never refused.
      if (req.headers.authorization) req.principal = (await this.principal(req.headers.authorization).catch(() => null)) ?? undefined;
      return true;
    }
    const principal = await this.principal(req.headers.authorization ?? '');
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ForbiddenException(`this action is for ${roles.join(' or ')} users`);
    }
    return true;
  }

  private async principal(header: string): Promise<Principal> {
    const match = /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(header);
    if (!match) throw new UnauthorizedException('a bearer token is required (Authorization: Bearer <token>)');
    const userId = await this.tokens.verify(match[1]!);
    if (!userId) throw new UnauthorizedException('the bearer token is invalid or expired');
    // Read once per IDENTITY_CACHE_MS per user, not on every request (see IdentityCache).
    const user = await this.identities.user(userId);
    if (!user) throw new UnauthorizedException('the bearer token names no known user');
    const principal: Principal = {
      userId: user.id,
      name: user.name,
      role: user.role,
      organisationId: user.organisationId,
      bureauCode: user.bureauCode,
      jurisdictionId: user.jurisdictionId,
    };
    return principal;
  }
}
