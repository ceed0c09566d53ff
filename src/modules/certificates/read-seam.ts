// Certificates' read seam: the columns of its tables that the read models (analytics ANA-1/ANA-3,
// injuries ANA-2) read by SQL. Changing one of these columns means changing those readers too;
// analytics/seams.test.ts runs every reader against these declarations.
import { readSeam } from '../../db/read.js';
import { certificateReviews, certificates, verificationCounts, verificationMisses } from './schema.js';

export const certificatesSeam = readSeam(certificates, [
  'id',
  'worker_id',
  'state',
  'item_code',
  'item_name',
  'holder_name',
  'holder_birth_date',
  'id_number_masked',
  'valid_from',
  'valid_until',
  'next_review_due',
  'revoked_at',
  'cancelled_at',
  'region_code',
]);

/** CER-4: a pending review keeps a certificate off the overdue list (ANA-3). */
export const certificateReviewsSeam = readSeam(certificateReviews, ['certificate_id', 'status']);

/** CER-5: verifications of numbers that do not exist. */
export const verificationMissesSeam = readSeam(verificationMisses, [
  'id',
  'number',
  'name_masked',
  'reason',
  'at',
  'region_code',
]);

/** CER-3: answered verifications per day, county and outcome. */
export const verificationCountsSeam = readSeam(verificationCounts, ['day', 'outcome', 'n', 'region_code']);
