// REG-1: the one function through which every module appends to a worker's life-cycle archive.
import type { Tx } from '../../db/index.js';
import type { Actor } from '../../kernel/access.js';
import { insertArchiveEvent } from './queries.js';

/** Kinds along the chain; later modules add their events under these names. */
export const ARCHIVE_EVENT_LABELS: Record<string, string> = {
  registered: '登记建档',
  linked: '机构关联',
  health_declared: '体检证明',
  face_enrolled: '登记人脸',
  face_replaced: '更换人脸照片',
  face_deleted: '删除人脸照片',
  enrolled: '报名入学',
  trained: '培训',
  hours_credited: '学时认定',
  exam_booked: '考试预约',
  examined: '考试',
  certified: '发证',
  certificate_imported: '证书导入',
  employment_imported: '用工记录导入',
  review_imported: '复审记录导入',
  reviewed: '复审',
  renewed: '换证',
  revoked: '撤销',
  cancelled: '注销',
  employment_filed: '聘用备案',
  employment_item_added: '增加作业项目',
  employment_ended: '解除聘用',
  spot_exam: '现场抽考',
  sanctioned: '处罚',
  account_opened: '本人开通账户',
};

export interface ArchiveEventInput {
  workerId: string;
  kind: string;
  summary: string;
  detail?: Record<string, unknown>;
  /** Defaults to now; set when recording something that happened earlier (e.g. an imported exam). */
  occurredAt?: Date;
  /** Organisation on whose behalf the event is recorded; defaults to the actor's. */
  org?: { id: string; name: string } | null;
}

/** Appends in the caller's transaction, so the event exists exactly when the change does. */
export async function appendArchiveEvent(tx: Tx, at: Date, actor: Actor | null, event: ArchiveEventInput) {
  const org =
    event.org !== undefined ? event.org : actor?.orgId ? { id: actor.orgId, name: actor.orgName ?? '' } : null;
  return insertArchiveEvent(tx, {
    workerId: event.workerId,
    occurredAt: event.occurredAt ?? at,
    kind: event.kind,
    summary: event.summary,
    detail: event.detail ?? {},
    actorUserId: actor?.userId ?? null,
    actorName: actor?.displayName ?? '系统',
    orgId: org?.id ?? null,
    orgName: org?.name ?? null,
  });
}
