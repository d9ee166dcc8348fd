import { defineErrors } from '../../common/errors/domain-error';

export const TASK_ERRORS = defineErrors('tasks', {
  TASK_NOT_FOUND: {
    kind: 'not_found',
    title: 'Task not found',
    detail: 'No task with this id for your teams',
    description: "No task with this id in the caller's teams.",
  },
});

export class TaskNotFound extends TASK_ERRORS.error('TASK_NOT_FOUND') {}

/** A task action not allowed in its current state: the shared INVALID_TRANSITION. */
export { InvalidTransition as TaskInvalidTransition } from '../../common/errors/domain-error';
