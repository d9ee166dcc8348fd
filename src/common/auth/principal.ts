import { Permission } from './permissions';

/** The authenticated user, built from verified JWT claims. */
export interface Principal {
  sub: string;
  name?: string;
  roles: string[];
  org?: string;
  teams: string[];
  permissions: Set<Permission>;
  /** When the token expires: long-lived connections (the alert stream) end then. */
  expiresAt?: Date;
}

/** What every service call that touches patient data needs to know about the request. */
export interface RequestContext {
  principal: Principal;
  correlationId: string;
  /** Free-text reason from X-Access-Reason: break-glass when no legitimate relationship exists. */
  accessReason?: string;
}
