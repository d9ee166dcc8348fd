// A real local OpenID Connect provider for development and tests (oidc-provider), with demo staff
// whose CIS2-style national RBAC claims map to this service's roles through config/nrbac-role-map.json.
// Not for production: it uses development signing keys and the library's built-in login page
// (any password is accepted for the demo users).
//
//   npm run idp                       # http://localhost:4000, client spoa-dashboard
//   IDP_PORT=4100 OIDC_REDIRECT_URI=http://127.0.0.1:3000/auth/callback node scripts/idp.mjs
import Provider from 'oidc-provider';

const port = Number(process.env.IDP_PORT ?? 4000);
const issuer = process.env.IDP_ISSUER ?? `http://localhost:${port}`;
const redirectUris = (process.env.OIDC_REDIRECT_URI ?? 'http://localhost:3000/auth/callback').split(',');
const clientId = process.env.OIDC_CLIENT_ID ?? 'spoa-dashboard';
const clientSecret = process.env.OIDC_CLIENT_SECRET ?? 'development-only-client-secret';

const role = (id, orgCode, rCode, name, workgroups) => ({
  person_orgid: `po-${id}`,
  person_roleid: id,
  org_code: orgCode,
  role_code: `S8000:G8000:${rCode}`,
  role_name: `"Clinical":"Clinical Provision":"${name}"`,
  workgroups_codes: workgroups,
});

/** Demo staff (South Kent Coast demo data). The login name is the account id. */
export const USERS = {
  'bed.manager': { name: 'Bea Manager', nhsid_nrbac_roles: [role('pr-bm', 'ZKCHT', 'R8016', 'Bed Manager', ['WG-SKC-IC-DD'])] },
  'care.navigator': { name: 'Sam Jones', nhsid_nrbac_roles: [role('pr-nav', 'ZKCHT', 'R8008', 'Care Navigator', ['WG-SKC-SPOA'])] },
  'nurse.dd1': { name: 'Nia Nurse', nhsid_nrbac_roles: [role('pr-n1', 'ZKCHT', 'R8001', 'Nurse', ['WG-SKC-NCT-DD1'])] },
  'gp.z99001': { name: 'Dr Gwen Practice', nhsid_nrbac_roles: [role('pr-gp', 'Z99001', 'R0260', 'General Medical Practitioner', [])] },
  'commissioner': { name: 'Cai Commissioner', nhsid_nrbac_roles: [role('pr-com', 'ZSKCCG', 'R8015', 'Commissioner', [])] },
  'no.roles': { name: 'Una Known', nhsid_nrbac_roles: [role('pr-x', 'XX999', 'R9999', 'Unmapped role', [])] },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      post_logout_redirect_uris: redirectUris.map((u) => new URL('/dashboard', u).href),
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'nationalrbacaccess'],
  claims: { openid: ['sub'], profile: ['name'], nationalrbacaccess: ['nhsid_nrbac_roles'] },
  cookies: { keys: [process.env.IDP_COOKIE_KEY ?? 'development-only-idp-cookie-key'] },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(_ctx, id) {
    const user = USERS[id];
    if (!user) return undefined;
    return { accountId: id, claims: () => ({ sub: id, ...user }) };
  },
  // First-party client: grant the requested scopes without a consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile nationalrbacaccess');
    await grant.save();
    return grant;
  },
});

const server = provider.listen(port, () => {
  console.log(`OIDC provider ${issuer} (client ${clientId}; demo users: ${Object.keys(USERS).join(', ')})`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
