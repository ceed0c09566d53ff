// INS-4 at the moment teaching happens: the teacher a session names must be a current teacher of the
// institution for the category, of the kind the session needs, and hold the category's certificate —
// as declared, and as the platform's own register says now (a revoked or expired certificate on the
// register does not count, whatever was declared). Training calls this when a session is scheduled
// and again at each check-in.
import { checkDeclaredCertificate } from '../../kernel/certificate-check.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../db/index.js';
import { listTeachers } from './queries.js';
import { TRAINER_CERTIFICATE_FROM, categoryOf, type TeacherKind } from './rules.js';

export interface TeachingVerdict {
  teacher: { id: string; name: string } | null;
  /** Empty when the teacher may teach the session; otherwise each reason, in Chinese. */
  problems: string[];
}

const KIND_LABELS: Record<TeacherKind, string> = {
  offline_theory: '线下理论教师',
  online_theory: '线上理论教师',
  practical: '实际操作教师',
};

export function kindFor(subject: 'theory' | 'practical', mode: 'offline' | 'online'): TeacherKind {
  if (subject === 'practical') return 'practical';
  return mode === 'online' ? 'online_theory' : 'offline_theory';
}

export async function teachingVerdict(
  ctx: AppContext,
  db: Executor,
  input: {
    orgId: string;
    teacherId: string;
    itemCode: string;
    subject: 'theory' | 'practical';
    mode: 'offline' | 'online';
    /** YYYY-MM-DD (China time) on which the teaching takes place. */
    on: string;
  },
): Promise<TeachingVerdict> {
  const teacher = (await listTeachers(db, input.orgId)).find((t) => t.id === input.teacherId);
  if (!teacher) return { teacher: null, problems: ['所选教师不是本机构在册教师'] };
  const category = categoryOf(input.itemCode);
  const problems: string[] = [];
  if (!teacher.categoryCodes.includes(category)) problems.push(`${teacher.name} 未登记为该作业类别的教师`);
  const kind = kindFor(input.subject, input.mode);
  if (!teacher.kinds.includes(kind)) problems.push(`${teacher.name} 未登记为${KIND_LABELS[kind]}`);
  if (input.on >= TRAINER_CERTIFICATE_FROM) {
    const declared = teacher.certificates.filter((c) => c.categoryCode === category);
    const current = declared.filter((c) => c.validUntil >= input.on);
    const standing = await Promise.all(
      current.map((c) =>
        checkDeclaredCertificate(ctx.certificates, db, {
          number: c.number,
          holderName: teacher.name,
          categoryCode: category,
          onDate: input.on,
        }),
      ),
    );
    // The platform register decides where it holds the certificate; "not found" is the declaration alone.
    if (!standing.some((s) => !s.refused)) {
      problems.push(
        !declared.length
          ? `${teacher.name} 未持有该类别的特种作业操作证`
          : !current.length
            ? `${teacher.name} 申报的该类别特种作业操作证已过有效期`
            : `${teacher.name} 的该类别特种作业操作证${standing.map((s) => s.label).join('、')}`,
      );
    }
  }
  return { teacher: { id: teacher.id, name: teacher.name }, problems };
}
