// Employers' read seam: the employment-ledger columns the read models read by SQL (analytics'
// overdue filings, EMP-2; injuries' ledger denominators, ANA-2). analytics/seams.test.ts runs
// every reader against these declarations.
import { readSeam } from '../../db/read.js';
import { employments } from './schema.js';

export const employmentsSeam = readSeam(employments, [
  'id',
  'worker_id',
  'worker_name',
  'id_number_masked',
  'employer_org_id',
  'kind',
  'provider_name',
  'provider_credit_code',
  'hired_on',
  'ended_on',
  'filing_due_on',
  'filed_at',
  'region_code',
]);
