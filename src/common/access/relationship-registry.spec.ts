import type { EntityManager } from 'typeorm';
import { PatientViewRegistry } from '../../modules/patients/patient-view.registry';
import type { PatientEntity } from '../../modules/patients/patient.entity';
import { RelationshipRegistry } from './relationship-registry';

const em = {} as EntityManager;
const patient = { id: 'p1', gpPracticeOds: null, careCoordinatorStaffId: null, careCoordinatorTeamCode: null };

describe('RelationshipRegistry', () => {
  it('answers providers without SQL from the patient alone, in registration order, without a statement', async () => {
    const registry = new RelationshipRegistry();
    for (const name of ['a', 'b', 'c']) registry.register({ name, relationships: (_rows, p) => [{ teamCode: `${name}-${p.id}`, relationship: name }] });
    registry.register({ name: 'a', relationships: () => [{ teamCode: 'again', relationship: 'a' }] });
    // `em` has no query(): any statement would throw
    expect((await registry.relationshipsOf(em, patient)).map((r) => r.teamCode)).toEqual(['a-p1', 'b-p1', 'c-p1']);
  });
});

describe('PatientViewRegistry', () => {
  it('builds sections that need no statement without touching the database, in registration order', async () => {
    const registry = new PatientViewRegistry();
    for (const name of ['x', 'y']) registry.register(name, { queries: {}, build: (_rows, p) => ({ [name]: p.id }) });
    // `em` has no query(): any statement would throw
    expect(await registry.sectionsFor(em, patient as unknown as PatientEntity)).toEqual({ x: 'p1', y: 'p1' });
  });
});
