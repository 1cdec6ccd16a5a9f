import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';

export interface TokenClaims {
  sub: string;
}

@Injectable()
export class TokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  sign(userId: string): { token: string; expiresIn: number } {
    const { secret, issuer, ttlSeconds } = this.config.auth;
    return { token: jwt.sign({}, secret, { subject: userId, issuer, expiresIn: ttlSeconds, algorithm: 'HS256' }), expiresIn: ttlSeconds };
  }

  /** Returns the user id, or null for any token that is malformed, forged, expired or from another issuer. */
  verify(token: string): string | null {
    const { secret, issuer } = this.config.auth;
    try {
      const claims = jwt.verify(token, secret, { issuer, algorithms: ['HS256'] });
      return typeof claims === 'object' && typeof claims.sub === 'string' ? claims.sub : null;
    } catch {
      return null;
    }
  }
}
