/**
 * A case's submission deadline in force: its own extension when it has one, else its campaign's.
 * Every reader of the deadline selects it through this expression, with the case aliased `e` and
 * its campaign `c`, so an extension reaches the guards, the tasks and the tracking view alike.
 */
export const EFFECTIVE_DEADLINE_SQL = 'coalesce(e.submission_deadline_override, c.submission_deadline)';
