import { NotFound } from '../../common/errors/domain-error';

export class CarePlanNotFound extends NotFound {
  constructor() {
    super('CARE_PLAN_NOT_FOUND', 'Care plan not found', 'This patient has no care plan yet');
  }
}

export class CarePlanVersionNotFound extends NotFound {
  constructor(version: number) {
    super('CARE_PLAN_VERSION_NOT_FOUND', 'Care plan version not found', `The care plan has no version ${version}`);
  }
}

export class ConsentNotRecorded extends NotFound {
  constructor() {
    super('CONSENT_NOT_RECORDED', 'No consent decision recorded', 'No decision about sharing the care plan has been recorded for this patient');
  }
}
