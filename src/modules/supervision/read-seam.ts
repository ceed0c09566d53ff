// Supervision's read seam: the columns of inspections (SUP-1/2), spot exams (SUP-3) and enforcement
// (SUP-4/7) that analytics' campaign statistics and dashboards (ANA-1, ANA-3) read by SQL.
// analytics/seams.test.ts runs every reader against these declarations.
import { readSeam } from '../../db/read.js';
import { enforcementCases, enforcementSanctions, inspectionFindings, inspections, spotExams } from './schema.js';

export const inspectionsSeam = readSeam(inspections, [
  'id',
  'target_kind',
  'target_id',
  'target_name',
  'inspector_name',
  'status',
  'started_at',
  'region_code',
]);

export const inspectionFindingsSeam = readSeam(inspectionFindings, [
  'id',
  'inspection_id',
  'target_name',
  'description',
  'deadline',
  'status',
  'created_at',
  'region_code',
]);

export const spotExamsSeam = readSeam(spotExams, [
  'id',
  'worker_name',
  'item_name',
  'target_name',
  'score',
  'passed',
  'status',
  'submitted_at',
  'region_code',
]);

export const enforcementCasesSeam = readSeam(enforcementCases, [
  'id',
  'case_no',
  'party_kind',
  'party_name',
  'violation_code',
  'status',
  'decided_at',
  'published_at',
  'region_code',
]);

export const enforcementSanctionsSeam = readSeam(enforcementSanctions, [
  'id',
  'case_id',
  'party_kind',
  'party_id',
  'kind',
  'starts_on',
  'ends_on',
  'fine_yuan',
  'principal_fine_yuan',
  'region_code',
]);
