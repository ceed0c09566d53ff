// An institution as later steps need it (training classes, first-class inspections): signed in, with
// compliant teachers and facts, its filing approved by the city and recorded by the province (INS-1).
import type { Actor } from '../kernel/access.js';
import {
  addTeacher,
  compliantFacts,
  compliantTeachers,
  recordFiling,
  reviewFiling,
  submitFiling,
} from '../modules/institutions/index.js';
import { signedInAs, type TestPlatform } from './harness.js';

export async function filedInstitution(
  p: TestPlatform,
  o: { regionCode: string; city: Actor; province: Actor; scope?: string[] },
) {
  const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: o.regionCode });
  for (const t of compliantTeachers()) await addTeacher(p.ctx, inst.actor, t);
  const filing = await submitFiling(p.ctx, inst.actor, { scope: o.scope ?? ['1.1'], facts: compliantFacts() });
  await reviewFiling(p.ctx, o.city, filing.id, { decision: 'approve' });
  await recordFiling(p.ctx, o.province, filing.id);
  return inst;
}
