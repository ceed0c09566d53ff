// Organisations' read seam: what the read models (analytics, injuries) read of an organisation by
// SQL — its name and kind. analytics/seams.test.ts runs every reader against this declaration.
import { readSeam } from '../../db/read.js';
import { organisations } from './schema.js';

export const organisationsSeam = readSeam(organisations, ['id', 'name', 'kind']);
