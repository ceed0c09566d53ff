// Integrity's read seam: the flag (INT-1..5) and remote-patrol (INT-6) columns that analytics'
// dashboards and campaign statistics (ANA-1, ANA-3) read by SQL. analytics/seams.test.ts runs
// every reader against these declarations.
import { readSeam } from '../../db/read.js';
import { integrityFlags, integrityPatrolActions } from './schema.js';

export const integrityFlagsSeam = readSeam(integrityFlags, [
  'id',
  'rule',
  'kind',
  'site_name',
  'score',
  'status',
  'score_cancelled',
  'decision_reason',
  'decided_at',
  'created_at',
  'region_code',
]);

export const integrityPatrolActionsSeam = readSeam(integrityPatrolActions, [
  'id',
  'session_id',
  'kind',
  'by_name',
  'reason',
  'at',
  'region_code',
]);
