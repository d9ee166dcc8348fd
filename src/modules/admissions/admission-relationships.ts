import type { EntityManager } from 'typeorm';
import type { Relationship } from '../../common/access/domain/access-policy';
import type { PatientRef, RelationshipProvider } from '../../common/access/relationship-registry';
import type { PatientViewContributor } from '../patients/patient-view.registry';

export const INPATIENT_ADMISSION = 'inpatient_admission';

/**
 * While a patient is an inpatient, the integrated discharge team that recorded the admission
 * knows them (it plans their discharge); the relationship ends at discharge.
 */
export const inpatientAdmissionRelationship: RelationshipProvider = {
  name: INPATIENT_ADMISSION,
  async relationships(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    const rows: { idt_team_code: string }[] = await em.query(
      `SELECT DISTINCT idt_team_code FROM admissions WHERE patient_id = $1 AND status = 'inpatient' AND idt_team_code IS NOT NULL`,
      [patient.id],
    );
    return rows.map((r) => ({ teamCode: r.idt_team_code, relationship: INPATIENT_ADMISSION }));
  },
};

/** The single patient view's `currentAdmission` (the latest inpatient admission, or null). */
export const currentAdmissionSection: PatientViewContributor = async (em, patient) => {
  const [row]: {
    id: string;
    hospital_ods: string;
    ward: string | null;
    admitted_at: Date;
    method: string;
    readmission: boolean;
    estimated_discharge_date: string | null;
    medically_optimised_at: Date | null;
  }[] = await em.query(
    `SELECT id, hospital_ods, ward, admitted_at, method, readmission, to_char(estimated_discharge_date, 'YYYY-MM-DD') AS estimated_discharge_date, medically_optimised_at
     FROM admissions WHERE patient_id = $1 AND status = 'inpatient' ORDER BY admitted_at DESC, id DESC LIMIT 1`,
    [patient.id],
  );
  return {
    currentAdmission: row
      ? {
          id: row.id,
          hospitalOds: row.hospital_ods,
          ward: row.ward,
          admittedAt: row.admitted_at.toISOString(),
          method: row.method,
          readmission: row.readmission,
          estimatedDischargeDate: row.estimated_discharge_date,
          medicallyOptimisedAt: row.medically_optimised_at?.toISOString() ?? null,
        }
      : null,
  };
};
