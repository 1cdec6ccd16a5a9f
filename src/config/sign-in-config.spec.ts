import { ConfigError, loadConfig } from './config';

const OIDC = {
  APP_ENV: 'production',
  JWT_JWKS_URL: 'https://idp.example/jwks',
  JWT_ISSUER: 'https://idp.example/realms/city',
  JWT_AUDIENCE: 'ai-pioneer-subsidies',
} as const;

describe('the pages’ sign-in settings', () => {
  it('are off without a client id', () => {
    expect(loadConfig({ ...OIDC }).signIn).toBeNull();
  });

  it('name the provider by its issuer, with the client, redirect and scopes', () => {
    expect(
      loadConfig({ ...OIDC, OIDC_CLIENT_ID: 'pages', OIDC_REDIRECT_URI: 'https://subsidies.example/sign-in', OIDC_SCOPES: 'openid profile' }).signIn,
    ).toEqual({ issuer: OIDC.JWT_ISSUER, clientId: 'pages', redirectUri: 'https://subsidies.example/sign-in', scopes: 'openid profile' });
    expect(loadConfig({ ...OIDC, OIDC_CLIENT_ID: 'pages' }).signIn).toEqual({
      issuer: OIDC.JWT_ISSUER,
      clientId: 'pages',
      redirectUri: null,
      scopes: 'openid',
    });
  });

  it.each([
    [{ ...OIDC, JWT_JWKS_URL: undefined, JWT_SECRET: 'x'.repeat(40), OIDC_CLIENT_ID: 'pages' }, /OIDC_CLIENT_ID: .*JWT_JWKS_URL/],
    [{ ...OIDC, JWT_ISSUER: 'city-idp', OIDC_CLIENT_ID: 'pages' }, /JWT_ISSUER: .*issuer URL/],
    [{ ...OIDC, OIDC_REDIRECT_URI: 'https://subsidies.example/sign-in' }, /OIDC_REDIRECT_URI: set, but OIDC_CLIENT_ID is not/],
    [{ ...OIDC, OIDC_CLIENT_ID: 'pages', OIDC_SCOPES: 'profile email' }, /OIDC_SCOPES: .*openid/],
    [{ ...OIDC, OIDC_CLIENT_ID: 'pages', OIDC_SCOPES: 'openid  profile' }, /OIDC_SCOPES: .*single spaces/],
    [{ ...OIDC, OIDC_CLIENT_ID: 'pages', OIDC_REDIRECT_URI: 'javascript:alert(1)' }, /OIDC_REDIRECT_URI: .*http/],
  ])('refuses contradictory or malformed settings (%#)', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
