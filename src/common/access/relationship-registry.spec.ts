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

describe('registries run providers one at a time', () => {
  it('RelationshipRegistry', async () => {
    const probe = overlapProbe();
    const registry = new RelationshipRegistry();
    for (const name of ['a', 'b', 'c']) registry.register({ name, relationships: () => probe.step([{ teamCode: name, relationship: name }]) });
    expect((await registry.relationshipsOf(em, patient)).map((r) => r.teamCode)).toEqual(['a', 'b', 'c']);
    expect(probe.most()).toBe(1);
  });

  it('PatientViewRegistry', async () => {
    const probe = overlapProbe();
    const registry = new PatientViewRegistry();
    for (const name of ['x', 'y']) registry.register(name, () => probe.step({ [name]: true }));
    expect(await registry.sectionsFor(em, patient as unknown as PatientEntity)).toEqual({ x: true, y: true });
    expect(probe.most()).toBe(1);
  });
});
