// Exams' read seam: the published results, their sessions, sites and bookings that analytics'
// pass rates (ANA-3) read by SQL. analytics/seams.test.ts runs every reader against these declarations.
import { readSeam } from '../../db/read.js';
import { examBookings, examResults, examSessions, examSites } from './schema.js';

// `attempt`: pass rates count certification exams, not the return-to-work practical (Order 30 art. 32).
export const examResultsSeam = readSeam(examResults, ['session_id', 'booking_id', 'passed', 'published_at', 'attempt']);
export const examSessionsSeam = readSeam(examSessions, ['id', 'site_id', 'region_code']);
export const examSitesSeam = readSeam(examSites, ['id', 'name']);
/** EXM-3: the institution that applied for the seat. */
export const examBookingsSeam = readSeam(examBookings, ['id', 'applicant_org_id']);
