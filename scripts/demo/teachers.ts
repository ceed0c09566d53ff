// INS-4: each demo session names a teacher of the school who holds the category's certificate and
// teaches that kind of session (the compliant teachers of institutions/examples.ts).
import type { AppContext } from '../../src/kernel/context.js';
import { listTeachers } from '../../src/modules/institutions/index.js';

export async function demoTeacher(
  ctx: AppContext,
  orgId: string,
  itemCode: string,
  kind: 'offline_theory' | 'online_theory' | 'practical',
): Promise<string> {
  const category = itemCode.split('.')[0];
  const teacher = (await listTeachers(ctx.db, orgId)).find(
    (t) => t.categoryCodes.includes(category) && t.kinds.includes(kind),
  );
  if (!teacher) throw new Error(`demo: no ${kind} teacher of category ${category}`);
  return teacher.id;
}
