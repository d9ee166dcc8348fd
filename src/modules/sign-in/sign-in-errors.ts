import { defineErrors } from '../../common/errors/domain-error';

export const SIGN_IN_ERRORS = defineErrors('sign-in', {
  CSRF_TOKEN_INVALID: {
    kind: 'forbidden',
    title: 'This change needs the X-CSRF-Token of your session',
    description:
      "A change (POST/PUT/PATCH/DELETE) authenticated by the dashboard's session cookie without the session's `X-CSRF-Token` (from `GET /auth/session`), or with a wrong one; also sign-out without it. Bearer-token calls are not affected.",
  },
  SIGN_IN_NOT_CONFIGURED: {
    kind: 'not_found',
    title: 'Sign-in through an identity provider is not configured (OIDC_ISSUER)',
    description: '`/auth/login` while `OIDC_ISSUER` and the other `OIDC_*` variables are not set.',
  },
  SIGN_IN_FAILED: {
    kind: 'unauthorized',
    title: 'Sign-in did not complete',
    description:
      "The identity provider's answer was not accepted (state, nonce, PKCE or code), or the sign-in was not started from this browser or took more than 10 minutes. Start again.",
  },
  NO_SERVICE_ROLES: {
    kind: 'forbidden',
    title: 'Your national roles give no access to this service',
    description:
      "Signed in, but none of the person's national RBAC roles (`nhsid_nrbac_roles`) maps to a role of this service (`config/nrbac-role-map.json`): no session is created.",
  },
  IDENTITY_PROVIDER_UNAVAILABLE: {
    kind: 'unavailable',
    title: 'The identity provider could not be reached',
    description: "The identity provider's discovery document could not be fetched.",
  },
});

export class CsrfTokenInvalid extends SIGN_IN_ERRORS.error('CSRF_TOKEN_INVALID') {}
export class SignInNotConfigured extends SIGN_IN_ERRORS.error('SIGN_IN_NOT_CONFIGURED') {}
export class SignInFailed extends SIGN_IN_ERRORS.error('SIGN_IN_FAILED') {}
export class NoServiceRoles extends SIGN_IN_ERRORS.error('NO_SERVICE_ROLES') {}
export class IdentityProviderUnavailable extends SIGN_IN_ERRORS.error('IDENTITY_PROVIDER_UNAVAILABLE') {}
