import { DomainError, NotFound } from '../../common/errors/domain-error';

export class TaskNotFound extends NotFound {
  constructor() {
    super('TASK_NOT_FOUND', 'Task not found', 'No task with this id for your teams');
  }
}

export class TaskInvalidTransition extends DomainError {
  readonly code = 'INVALID_TRANSITION';
  readonly kind = 'conflict';
  readonly title = 'This change is not allowed in the current state';
}
