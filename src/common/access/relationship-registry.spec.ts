import type { EntityManager } from 'typeorm';
import { PatientViewRegistry } from '../../modules/patients/patient-view.registry';
import type { PatientEntity } from '../../modules/patients/patient.entity';
import { RelationshipRegistry } from './relationship-registry';

/**
 * Registries run their providers inside the caller's transaction, i.e. on one connection: they
 * must run one at a time (concurrent queries on one pg client are deprecated and serialise anyway).
 */
function overlapProbe() {
  let running = 0;
  let most = 0;
  const step = async <T>(value: T): Promise<T> => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
    return value;
  };
  return { step, most: () => most };
}

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

describe('registries run providers one at a time', () => {
  it('PatientViewRegistry', async () => {
    const probe = overlapProbe();
    const registry = new PatientViewRegistry();
    for (const name of ['x', 'y']) registry.register(name, () => probe.step({ [name]: true }));
    expect(await registry.sectionsFor(em, patient as unknown as PatientEntity)).toEqual({ x: true, y: true });
    expect(probe.most()).toBe(1);
  });
});
