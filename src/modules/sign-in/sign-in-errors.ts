import { DomainError } from '../../common/errors/domain-error';

export class CsrfTokenInvalid extends DomainError {
  readonly code = 'CSRF_TOKEN_INVALID';
  readonly kind = 'forbidden';
  readonly title = 'This change needs the X-CSRF-Token of your session';
}

export class SignInNotConfigured extends DomainError {
  readonly code = 'SIGN_IN_NOT_CONFIGURED';
  readonly kind = 'not_found';
  readonly title = 'Sign-in through an identity provider is not configured (OIDC_ISSUER)';
}

export class SignInFailed extends DomainError {
  readonly code = 'SIGN_IN_FAILED';
  readonly kind = 'unauthorized';
  readonly title = 'Sign-in did not complete';
}

export class NoServiceRoles extends DomainError {
  readonly code = 'NO_SERVICE_ROLES';
  readonly kind = 'forbidden';
  readonly title = 'Your national roles give no access to this service';
}

export class IdentityProviderUnavailable extends DomainError {
  readonly code = 'IDENTITY_PROVIDER_UNAVAILABLE';
  readonly kind = 'unavailable';
  readonly title = 'The identity provider could not be reached';
}
