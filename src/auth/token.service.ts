import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { UnavailableError, sayIt } from '../domain/errors';
import jwt from 'jsonwebtoken';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { isSaneEpochSeconds } from '../domain/date.schema';
import { USER_ID } from '../identity/identity.dto';
import { SERVICE_SENTENCES } from '../domain/words/service';

export interface TokenClaims {
  sub: string;
}

// The key set could not be had (an error status, no JSON, no key set, too slow): no verdict on the token.
// Any other JOSE error (bad signature, expired, unknown key in a key set that was read) is one.
const KEY_SET_FAILURES = new Set(['ERR_JOSE_GENERIC', 'ERR_JWKS_INVALID', 'ERR_JWKS_TIMEOUT']);

// What an OIDC provider signs with; never HS256, so a token signed with a public key as an HMAC secret is refused.
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Bearer tokens: HS256 with the configured key (signed here, for dev tokens and tests), or an OIDC
 * provider's tokens verified against its JWKS (fetched once, refetched when a token names an unknown key).
 */
/**
 * The user id a verified token names, or null: a subject that is no user id (a NUL, a control
 * character, too long) or a time claim outside the calendar the service knows is no valid token,
 * where it would otherwise reach PostgreSQL or Date and fail there.
 */
function subjectOf(claims: Record<string, unknown>): string | null {
  const { sub } = claims;
  if (typeof sub !== 'string' || !USER_ID.test(sub)) return null;
  for (const k of ['exp', 'iat', 'nbf'] as const) if (claims[k] !== undefined && !isSaneEpochSeconds(claims[k])) return null;
  return sub;
}

@Injectable()
export class TokenService {
  // Made once: jsonwebtoken would parse a string secret again on every verification.
  private readonly key: KeyObject | null;
  private readonly jwks: JWTVerifyGetKey | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const auth = config.auth;
    this.key = auth.mode === 'hs256' ? createSecretKey(Buffer.from(auth.secret, 'utf8')) : null;
    this.jwks = auth.mode === 'jwks' ? createRemoteJWKSet(new URL(auth.jwksUrl)) : null;
  }

  sign(userId: string): { token: string; expiresIn: number } {
    const auth = this.config.auth;
    if (auth.mode !== 'hs256' || !this.key) throw new Error('tokens are issued by the identity provider (JWT_JWKS_URL), not signed here');
    const token = jwt.sign({}, this.key, {
      subject: userId,
      issuer: auth.issuer,
      ...(auth.audience ? { audience: auth.audience } : {}),
      expiresIn: auth.ttlSeconds,
      algorithm: 'HS256',
    });
    return { token, expiresIn: auth.ttlSeconds };
  }

  /**
   * Returns the user id, or null for any token that is malformed, forged, expired, from another issuer
   * or for another audience. A provider that cannot be reached is no verdict on the token: a 503.
   */
  async verify(token: string): Promise<string | null> {
    const auth = this.config.auth;
    try {
      if (auth.mode === 'jwks') {
        const { payload } = await jwtVerify(token, this.jwks!, {
          issuer: auth.issuer,
          audience: auth.audience,
          algorithms: ASYMMETRIC,
          // A token without an expiry would be good forever.
          requiredClaims: ['exp'],
        }).catch((err: unknown) => {
          if (err instanceof errors.JOSEError && !KEY_SET_FAILURES.has(err.code)) throw err;
          throw sayIt(UnavailableError, null, SERVICE_SENTENCES.identityProviderDown());
        });
        return subjectOf(payload);
      }
      const claims = jwt.verify(token, this.key!, { issuer: auth.issuer, ...(auth.audience ? { audience: auth.audience } : {}), algorithms: ['HS256'] });
      return typeof claims === 'object' && claims.exp !== undefined ? subjectOf(claims) : null;
    } catch (err) {
      if (err instanceof UnavailableError) throw err;
      return null;
    }
  }
}
