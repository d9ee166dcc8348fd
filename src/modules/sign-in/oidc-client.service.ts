import { Inject, Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { IdentityProviderUnavailable, SignInFailed, SignInNotConfigured } from './sign-in-errors';

export interface LoginStart {
  url: string;
  /** Kept in a short-lived HttpOnly cookie until the provider sends the person back. */
  transaction: { state: string; nonce: string; verifier: string; returnTo: string };
}

/**
 * The OpenID Connect relying party (openid-client): discovery, the authorization-code flow with
 * PKCE (S256), state and nonce, the token exchange, ID token validation and UserInfo (where CIS2
 * puts nhsid_nrbac_roles). Plain http issuers are accepted outside production only (the local IdP).
 */
@Injectable()
export class OidcClientService {
  private discovered?: Promise<client.Configuration>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private settings() {
    const oidc = this.config.signIn.oidc;
    if (!oidc) throw new SignInNotConfigured('Set OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI');
    return oidc;
  }

  private configuration(): Promise<client.Configuration> {
    const oidc = this.settings();
    if (!this.discovered) {
      const insecure = new URL(oidc.issuer).protocol === 'http:' && this.config.nodeEnv !== 'production';
      this.discovered = client
        .discovery(new URL(oidc.issuer), oidc.clientId, oidc.clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined)
        .catch((e) => {
          this.discovered = undefined;
          throw new IdentityProviderUnavailable(`Discovery failed (${(e as Error).name})`);
        });
    }
    return this.discovered;
  }

  async start(returnTo: string): Promise<LoginStart> {
    const config = await this.configuration();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings().redirectUri,
      scope: 'openid profile nationalrbacaccess',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, transaction: { state, nonce, verifier, returnTo } };
  }

  /** Exchanges the code (checking state, nonce and PKCE) and returns the ID token claims merged with UserInfo. */
  async finish(callbackUrl: URL, tx: { state: string; nonce: string; verifier: string }): Promise<Record<string, unknown>> {
    const config = await this.configuration();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: tx.verifier, expectedState: tx.state, expectedNonce: tx.nonce });
    } catch (e) {
      throw new SignInFailed(`The provider's answer was not accepted (${(e as { code?: string }).code ?? (e as Error).name})`);
    }
    const claims = tokens.claims();
    if (!claims) throw new SignInFailed('No ID token');
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub).catch(() => ({}));
    return { ...userinfo, ...claims };
  }

  /** Where to send the browser to end the provider's session too, when the provider offers it. */
  async endSessionUrl(postLogout: string): Promise<string | null> {
    if (!this.config.signIn.oidc) return null;
    try {
      const config = await this.configuration();
      if (!config.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(config, { post_logout_redirect_uri: postLogout, client_id: this.settings().clientId }).href;
    } catch {
      return null;
    }
  }
}
