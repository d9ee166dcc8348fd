/**
 * What the care-plans capability reads of `tasks`: whether a care plan version already has its
 * review task. The review check claims overdue versions WITHOUT one in a single
 * `FOR UPDATE SKIP LOCKED ... LIMIT` statement (a separate read could not keep each batch from
 * filling up with versions already tasked), so the tasks module publishes the condition for that
 * statement rather than a function: over the version row aliased `v`.
 */
export const CARE_PLAN_REVIEW_TASK_EXISTS = `EXISTS (SELECT 1 FROM tasks t WHERE t.source_type = 'care_plan' AND t.source_id = v.id::text AND t.type = 'care_plan_review_due')`;
