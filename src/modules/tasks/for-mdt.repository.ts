/**
 * What the tasks module offers to MDT. MDT's metrics count the overdue actions of their outcomes per
 * meeting scope inside the one statement of the metrics report, so instead of a second round trip
 * they embed this statement (its columns are the contract; the tasks module keeps its own table's
 * columns): one row per open task created from an MDT outcome, with the outcome id (text) and when
 * the task is due.
 */
export const OPEN_MDT_ACTIONS = `SELECT t.source_id AS outcome_id, t.due_at FROM tasks t WHERE t.source_type = 'mdt_outcome' AND t.status = 'open'`;
