import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PATIENT_IDENTIFIABLE, Permission, ROLE_PERMISSIONS, permissionsFor, permissionsMarkdownTable } from './permissions';

describe('role to permission table', () => {
  it('is what docs/permissions.md shows (run npm run docs:permissions after changing it)', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/permissions.md'), 'utf8');
    expect(doc).toContain(permissionsMarkdownTable());
  });

  it('never gives commissioners or admins patient-identifiable access', () => {
    for (const role of ['commissioner', 'admin', 'auditor', 'referrer'] as const) {
      for (const p of PATIENT_IDENTIFIABLE) expect(ROLE_PERMISSIONS[role]).not.toContain(p);
    }
  });

  it('unions the permissions of several roles and ignores unknown ones', () => {
    const perms = permissionsFor(['auditor', 'admin', 'superuser']);
    expect(perms.has(Permission.AuditRead)).toBe(true);
    expect(perms.has(Permission.TeamWrite)).toBe(true);
    expect(perms.has(Permission.PatientRead)).toBe(false);
  });
});
