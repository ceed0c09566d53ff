// Training's read seam: the classes and enrolments that injuries' institution denominator (ANA-2)
// reads by SQL. analytics/seams.test.ts runs every reader against these declarations.
import { readSeam } from '../../db/read.js';
import { classEnrolments, trainingClasses } from './schema.js';

export const trainingClassesSeam = readSeam(trainingClasses, ['id', 'org_id', 'kind', 'item_code', 'opens_at']);
export const classEnrolmentsSeam = readSeam(classEnrolments, ['class_id', 'worker_id']);
