// Use cases of self-service onboarding (issue 22): SMS codes, a worker's sign-up on a phone with
// real-name identity, organisations' applications decided by their regulator, first administrators'
// invitations.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Actor } from '../../kernel/access.js';
import { ROLE_LABELS, jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { decodeCapturedPhoto, type FaceOutcome } from '../../kernel/face.js';
import { maskPhone, parseCreditCode, parseMobilePhone, parseResidentIdNumber } from '../../kernel/ids.js';
import { Problem, badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { getRegion, regionFullName, regionLevel } from '../../kernel/regions.js';
import { isUniqueViolation } from '../../db/index.js';
import {
  createUserInTransaction,
  findUser,
  findUserLinkedToWorker,
  linkWorkerAccount,
  challengePhone,
  completeSecondFactor,
  listUsersOfOrganisation,
  loginNewAccount,
  preparePassword,
  resetPasswordByVerifiedPhone,
  setSmsFactor,
  phoneUsername,
  setInitialPassword,
} from '../accounts/index.js';
import { compareWithIdentitySource } from '../exams/index.js';
import {
  createOrganisationInTransaction,
  findOrganisation,
  findOrganisationByCreditCode,
} from '../organisations/index.js';
import {
  EDUCATIONS,
  appendArchiveEvent,
  findWorkerById,
  findWorkerByIdNumberHash,
  registerWorkersInBulk,
  type Education,
} from '../registry/index.js';
import {
  deleteSmsCode,
  findApplication,
  findInviteForUpdate,
  findPendingApplicationByCreditCode,
  findSignupByPhone,
  findSignupByUser,
  findSignupByWorker,
  findTicket,
  insertApplication,
  insertInvite,
  insertSignup,
  insertSmsCode,
  latestCodeForUpdate,
  listApplications,
  listDevOutbox,
  lockSends,
  markSignupVerified,
  recentSends,
  setGatewayReference,
  updateApplication,
  updateSmsCode,
  useInvite,
  useTicket,
  type OrgApplicationRow,
} from './queries.js';
import {
  ADMIN_ROLE_OF_KIND,
  APPLICATION_STATUS_LABELS,
  CODE_DIGITS,
  CODE_MAX_ATTEMPTS,
  CODE_TTL_MS,
  INVITE_TTL_MS,
  LICENCE_MAX_BYTES,
  RESEND_AFTER_MS,
  TICKET_TTL_MS,
  licenceType,
  smsSendRefusal,
  type ApplyingKind,
  type SmsPurpose,
} from './rules.js';
import { smsSenderFor, type SmsMessage } from './sms.js';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

function parsePhone(input: string): string {
  const phone = parseMobilePhone(input);
  if (!phone.ok) throw badRequest(phone.message, [{ field: 'phone', message: phone.message }]);
  return phone.phone;
}

const smsUnavailable = () =>
  new Problem(503, 'sms-unavailable', '短信发送失败', '短信服务暂时不可用，请稍后重试。', { rule: 'issue 22' });

async function sendSms(ctx: AppContext, phone: string, message: SmsMessage) {
  return smsSenderFor(ctx.config.sms).send(ctx.db, phone, message);
}

// ---------------------------------------------------------------------------------------------
// SMS one-time codes

/**
 * Sends a 6-digit code. The answer is the same whether the number is known to the platform or not
 * (no enumeration); only the limits (per number one a minute and ten a day, per address) refuse.
 */
export async function sendCode(ctx: AppContext, input: { phone: string; purpose: SmsPurpose; clientIp: string }) {
  const phone = parsePhone(input.phone);
  const phoneHash = ctx.vault.lookupHash('phone', phone);
  const now = ctx.clock.now();
  const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
  const row = await ctx.db.transaction(async (tx) => {
    // Parallel requests for one number or one address are counted one after another.
    await lockSends(tx, `sms:${phoneHash}`);
    await lockSends(tx, `sms-ip:${input.clientIp}`);
    const dayAgo = new Date(now.getTime() - 86_400_000);
    const refusal = smsSendRefusal(
      await recentSends(tx, dayAgo, { phoneHash }),
      await recentSends(tx, dayAgo, { clientIp: input.clientIp }),
      now,
    );
    if (refusal)
      throw new Problem(429, 'sms-rate-limited', '获取验证码过于频繁', refusal.message, {
        rule: 'issue 22',
        extra: { retryAfterSeconds: refusal.retryAfterSeconds },
      });
    const inserted = await insertSmsCode(tx, {
      phoneHash,
      phoneSealed: ctx.vault.seal(phone),
      purpose: input.purpose,
      codeHash: '',
      clientIp: input.clientIp,
      sentAt: now,
      expiresAt: new Date(now.getTime() + CODE_TTL_MS),
    });
    // Keyed with the row's id, so equal codes do not hash alike and the table cannot be reversed.
    await updateSmsCode(tx, inserted.id, { codeHash: ctx.vault.lookupHash('sms_code', `${inserted.id}:${code}`) });
    await appendAudit(tx, ctx.clock, null, {
      action: 'onboarding.sms_sent',
      entityType: 'sms_code',
      entityId: inserted.id,
      after: { phone: maskPhone(phone), purpose: input.purpose },
    });
    return inserted;
  });
  // The gateway is called outside the transaction (no network call inside one).
  const sent = await sendSms(ctx, phone, { kind: 'code', code });
  if (!sent.ok) {
    // Not counted against the person: nothing reached them.
    await deleteSmsCode(ctx.db, row.id);
    throw smsUnavailable();
  }
  await setGatewayReference(ctx.db, row.id, sent.reference);
  return { sent: true, resendAfterSeconds: RESEND_AFTER_MS / 1000, expiresInSeconds: CODE_TTL_MS / 1000 };
}

/** Checks a code: single use, 5 minutes, 5 tries; the right code gives a ticket for the next step. */
export async function verifyCode(ctx: AppContext, input: { phone: string; purpose: SmsPurpose; code: string }) {
  const phone = parsePhone(input.phone);
  const phoneHash = ctx.vault.lookupHash('phone', phone);
  const now = ctx.clock.now();
  const wrong = (detail: string) =>
    new Problem(400, 'sms-code-wrong', '验证码不正确', detail, {
      rule: 'issue 22',
      errors: [{ field: 'code', message: detail }],
    });
  const result = await ctx.db.transaction(async (tx) => {
    const row = await latestCodeForUpdate(tx, phoneHash, input.purpose);
    if (!row || row.verifiedAt || row.expiresAt.getTime() <= now.getTime())
      return { error: wrong('验证码已失效，请重新获取。') };
    if (row.attempts >= CODE_MAX_ATTEMPTS) return { error: wrong('验证码错误次数过多，请重新获取。') };
    const right = row.codeHash === ctx.vault.lookupHash('sms_code', `${row.id}:${input.code.trim()}`);
    if (!right) {
      await updateSmsCode(tx, row.id, { attempts: row.attempts + 1 });
      const left = CODE_MAX_ATTEMPTS - row.attempts - 1;
      return { error: wrong(left > 0 ? `验证码错误，还可尝试 ${left} 次。` : '验证码错误次数过多，请重新获取。') };
    }
    const ticket = randomBytes(32).toString('base64url');
    await updateSmsCode(tx, row.id, { verifiedAt: now, ticketHash: tokenHash(ticket), attempts: row.attempts + 1 });
    return { ticket };
  });
  // The counted try is committed before the refusal is answered.
  if ('error' in result) throw result.error;
  return { ticket: result.ticket, expiresInSeconds: TICKET_TTL_MS / 1000 };
}

/** The verified number behind a ticket, or a 400; `use` marks it used in the caller's transaction. */
async function ticketPhone(ctx: AppContext, ticket: string, purpose: SmsPurpose) {
  const row = await findTicket(ctx.db, tokenHash(ticket));
  const now = ctx.clock.now();
  if (
    !row ||
    row.purpose !== purpose ||
    row.ticketUsedAt ||
    !row.verifiedAt ||
    now.getTime() - row.verifiedAt.getTime() > TICKET_TTL_MS
  )
    throw badRequest('手机验证已失效，请重新获取验证码。', [{ field: 'ticket', message: '已失效' }]);
  return { id: row.id, phone: ctx.vault.open(row.phoneSealed), phoneHash: row.phoneHash };
}

// ---------------------------------------------------------------------------------------------
// Password reset and the SMS second factor (issue 22)

/**
 * 忘记密码: the number proved by a `password_reset` code (sent under the same limits and with the
 * same answer whether the number has an account or not) sets a new password. The account is told
 * only to whoever holds the number.
 */
export async function resetPasswordBySms(ctx: AppContext, input: { ticket: string; password: string }) {
  const ticket = await ticketPhone(ctx, input.ticket, 'password_reset');
  const passwordHash = await preparePassword(ctx.config, input.password);
  const now = ctx.clock.now();
  const { lockedUntil } = await ctx.db.transaction(async (tx) => {
    if (!(await useTicket(tx, ticket.id, now)))
      throw badRequest('手机验证已失效，请重新获取验证码。', [{ field: 'ticket', message: '已使用' }]);
    return resetPasswordByVerifiedPhone(tx, ctx, { phone: ticket.phone, password: input.password, passwordHash });
  });
  return { reset: true, lockedUntil };
}

/** The log-in's SMS second factor: a code to the account's own number, under the usual limits. */
export async function sendLoginCode(ctx: AppContext, input: { challenge: string; clientIp: string }) {
  const phone = await challengePhone(ctx, input.challenge);
  return { ...(await sendCode(ctx, { phone, purpose: 'login', clientIp: input.clientIp })), phone: maskPhone(phone) };
}

export async function completeLoginBySms(ctx: AppContext, input: { challenge: string; code: string }) {
  return completeSecondFactor(ctx, { ...input, method: 'sms' }, async (phone, code) => {
    try {
      await verifyCode(ctx, { phone, purpose: 'login', code });
      return true;
    } catch (err) {
      if (err instanceof Problem && err.status === 400) return false;
      throw err;
    }
  });
}

/** Binds the number proved by a `bind_phone` code to the account and turns the SMS factor on or off. */
export async function setMySmsFactor(
  ctx: AppContext,
  actor: Actor,
  sessionToken: string,
  input: { ticket: string; enabled: boolean },
) {
  const ticket = await ticketPhone(ctx, input.ticket, 'bind_phone');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    if (!(await useTicket(tx, ticket.id, now)))
      throw badRequest('手机验证已失效，请重新获取验证码。', [{ field: 'ticket', message: '已使用' }]);
    await setSmsFactor(tx, ctx, actor, { phone: ticket.phone, enabled: input.enabled, sessionToken });
  });
  return { sms: input.enabled, phone: maskPhone(ticket.phone) };
}

export async function devOutbox(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'users');
  // Only the development adapter writes here; with a real gateway the page says so and shows nothing.
  const kind = smsSenderFor(ctx.config.sms).kind;
  if (kind !== 'dev') return { adapter: kind, items: [] };
  return { adapter: kind, items: await listDevOutbox(ctx.db) };
}

// ---------------------------------------------------------------------------------------------
// A worker's sign-up

export interface WorkerSignUp {
  ticket: string;
  name: string;
  idNumber: string;
  password: string;
  /** Needed only when the person is not in the registry yet. */
  regionCode?: string;
  education?: string;
  /** A live capture (base64 JPEG/PNG) for the face check. */
  photo?: string;
}

type IdentityCheck =
  | { identity: 'verified'; method: 'identity_source' | 'enrolment_photo'; evidence: string | null }
  | { identity: 'unverified'; method: null; evidence: null };

const RETAKE: Partial<Record<FaceOutcome, string>> = {
  no_face: '未检测到人脸',
  several_faces: '画面中有多张人脸',
  poor_quality: '照片不清晰',
  not_live: '未通过活体检测',
};

/**
 * The face check of a sign-up: against the identity provider's portrait where one is configured,
 * else against the photo registered at enrolment or the first door check; with neither, unverified.
 * A provider that fails refuses the sign-up for now (503, nothing created) rather than guessing.
 */
async function checkIdentity(
  ctx: AppContext,
  input: { idNumber: string; name: string; existingWorkerId: string | null; photo: Buffer | null },
): Promise<IdentityCheck> {
  const unverified: IdentityCheck = { identity: 'unverified', method: null, evidence: null };
  const mismatch = () =>
    ruleViolation('issue 22', '人脸核验未通过', '现场照片与本人证件照或登记照片不一致，请本人重新拍摄。');
  const source = ctx.config.identitySource;
  if (source?.url) {
    if (!input.photo) throw badRequest('请拍摄本人正面照片完成实名核验。', [{ field: 'photo', message: '必填' }]);
    const answer = await compareWithIdentitySource(source, {
      idNumber: input.idNumber,
      name: input.name,
      photo: input.photo,
    });
    if (answer.outcome === 'unavailable')
      throw new Problem(
        503,
        'identity-unavailable',
        '实名核验服务暂不可用',
        '实名核验服务暂时无法连接，本次未创建任何账户或记录，请稍后重试。',
        { rule: 'issue 22' },
      );
    if (answer.outcome === 'no_match') throw mismatch();
    if (answer.outcome === 'match')
      return { identity: 'verified', method: 'identity_source', evidence: answer.reference };
    // not_found: the source has no portrait for this number; fall back to the enrolment photo.
  }
  if (input.existingWorkerId && input.photo) {
    const face = await ctx.face.verify({
      workerId: input.existingWorkerId,
      image: input.photo,
      purpose: 'identity',
      reference: 'sign-up',
      actor: null,
    });
    if (face.outcome === 'match')
      return { identity: 'verified', method: 'enrolment_photo', evidence: face.verificationId };
    if (face.outcome === 'no_match') throw mismatch();
    const retake = RETAKE[face.outcome];
    if (retake)
      throw new Problem(422, 'face-retake', '请重新拍摄', `${retake}，请在光线充足处正对镜头重新拍摄。`, {
        rule: 'issue 22',
        extra: { outcome: face.outcome },
      });
  }
  return unverified;
}

export async function signUpWorker(ctx: AppContext, input: WorkerSignUp) {
  const now = ctx.clock.now();
  const name = input.name.trim();
  if (!/^[\p{Script=Han}A-Za-z·•\s]{2,30}$/u.test(name))
    throw badRequest('姓名应为 2–30 个汉字或字母（少数民族姓名可含“·”）。', [{ field: 'name', message: '格式不正确' }]);
  // REG-2: the ID number (GB 11643 check digit, a real birth date) is checked before any provider call.
  const id = parseResidentIdNumber(input.idNumber, { today: now });
  if (!id.ok)
    throw new Problem(400, 'bad-request', '请求参数不合法', id.message, {
      rule: 'REG-2',
      errors: [{ field: 'idNumber', message: id.message }],
    });
  const ticket = await ticketPhone(ctx, input.ticket, 'signup');
  const idNumberHash = ctx.vault.lookupHash('id_number', id.idNumber);
  const existing = await findWorkerByIdNumberHash(ctx.db, idNumberHash);
  if (existing && existing.name !== name)
    throw ruleViolation('REG-2', '身份信息不一致', '姓名与身份证号不一致，请核对后重新填写。');
  let newPerson: { regionCode: string; education: Education } | null = null;
  if (!existing) {
    const errors = [];
    if (!input.regionCode || !getRegion(input.regionCode) || regionLevel(input.regionCode) !== 'county')
      errors.push({ field: 'regionCode', message: '首次登记须选择所在区县' });
    if (!input.education || !(EDUCATIONS as readonly string[]).includes(input.education))
      errors.push({ field: 'education', message: '首次登记须选择文化程度' });
    if (errors.length) throw badRequest('您尚未在平台登记，请补充所在区县和文化程度。', errors);
    newPerson = { regionCode: input.regionCode!, education: input.education as Education };
  }
  // One account per person (ID number) and one per phone.
  const personTaken = () => conflict('该身份证号已开通账户，请直接登录；如非本人操作，请联系属地监管部门。', 'REG-2');
  const phoneTaken = () => conflict('该手机号已注册账户，请直接用手机号登录。');
  if (
    existing &&
    ((await findUserLinkedToWorker(ctx.db, existing.id)) || (await findSignupByWorker(ctx.db, existing.id)))
  )
    throw personTaken();
  if (await findSignupByPhone(ctx.db, ticket.phoneHash)) throw phoneTaken();
  const photo = input.photo ? decodeCapturedPhoto(input.photo, '人脸照片') : null;
  // Outside any transaction: the provider and the face engine are slow or remote.
  const check = await checkIdentity(ctx, {
    idNumber: id.idNumber,
    name,
    existingWorkerId: existing?.id ?? null,
    photo,
  });
  try {
    await ctx.db.transaction(async (tx) => {
      if (!(await useTicket(tx, ticket.id, now)))
        throw badRequest('手机验证已失效，请重新获取验证码。', [{ field: 'ticket', message: '已使用' }]);
      const user = await createUserInTransaction(
        tx,
        ctx,
        null,
        {
          username: phoneUsername(ctx, ticket.phone),
          displayName: name,
          password: input.password,
          role: 'worker',
          verifiedPhone: ticket.phone,
        },
        { pendingIdentity: true },
      );
      const self: Actor = {
        userId: user.id,
        username: user.username,
        displayName: name,
        role: 'worker',
        orgId: null,
        orgKind: null,
        orgName: null,
        regionCode: null,
        workerId: null,
      };
      let workerId = existing?.id;
      if (!workerId) {
        const ids = await registerWorkersInBulk(
          tx,
          ctx,
          self,
          [
            {
              name,
              idNumber: id.idNumber,
              phone: ticket.phone,
              education: newPerson!.education,
              regionCode: newPerson!.regionCode,
            },
          ],
          '本人通过手机注册登记',
        );
        workerId = ids.get(idNumberHash)!;
      }
      // An unverified account holds its claim but is not linked: it reaches no personal data.
      if (check.identity === 'verified') await linkWorkerAccount(tx, user.id, workerId);
      await insertSignup(tx, {
        userId: user.id,
        workerId,
        phoneHash: ticket.phoneHash,
        identity: check.identity,
        method: check.method,
        claimed: !!existing,
        evidence: check.evidence,
        createdAt: now,
        verifiedAt: check.identity === 'verified' ? now : null,
      });
      await appendArchiveEvent(tx, now, self, {
        workerId,
        kind: 'account_opened',
        summary:
          check.identity === 'verified'
            ? '本人通过手机注册开通账户，实名核验通过'
            : '本人通过手机注册开通账户，实名核验待完成',
        detail: { identity: check.identity, method: check.method, claimed: !!existing },
      });
      await appendAudit(tx, ctx.clock, self, {
        action: 'onboarding.worker_signup',
        entityType: 'worker',
        entityId: workerId,
        regionCode: existing?.regionCode ?? newPerson!.regionCode,
        after: { userId: user.id, identity: check.identity, method: check.method, claimed: !!existing },
      });
    });
  } catch (err) {
    // Two sign-ups for one person or one number at once: the second meets the unique index.
    if (
      isUniqueViolation(err, 'worker_signups_worker_id_unique') ||
      isUniqueViolation(err, 'workers_id_number_hash_unique')
    )
      throw personTaken();
    if (
      isUniqueViolation(err, 'worker_signups_phone_hash_unique') ||
      isUniqueViolation(err, 'users_username_unique') ||
      isUniqueViolation(err, 'users_phone_hash_unique')
    )
      throw phoneTaken();
    throw err;
  }
  const { token, session } = await loginNewAccount(ctx, { username: ticket.phone, password: input.password });
  return { token, session, identity: check.identity, claimed: !!existing };
}

/** What a signed-up worker's phone shows first: their identity state, and their record when verified. */
export async function myIdentity(ctx: AppContext, actor: Actor) {
  if (actor.role !== 'worker') throw forbidden();
  const signup = await findSignupByUser(ctx.db, actor.userId);
  const workerId = actor.workerId ?? signup?.workerId ?? null;
  const worker = workerId ? await findWorkerById(ctx.db, workerId) : undefined;
  return {
    identity: actor.workerId ? 'verified' : 'unverified',
    method: signup?.method ?? null,
    workerId: actor.workerId,
    // SEC-3: masked only; an unverified account sees what it typed, never more.
    name: worker?.name ?? actor.displayName,
    idNumberMasked: worker?.idNumberMasked ?? null,
    regionName: worker ? regionFullName(worker.regionCode) : null,
  };
}

/** An unverified account verifies later (a photo has been registered since, or a provider came). */
export async function verifyMyFace(ctx: AppContext, actor: Actor, photoBase64: string) {
  if (actor.role !== 'worker') throw forbidden();
  const signup = await findSignupByUser(ctx.db, actor.userId);
  if (!signup) throw notFound('注册记录');
  if (actor.workerId) return myIdentity(ctx, actor);
  const worker = (await findWorkerById(ctx.db, signup.workerId))!;
  const check = await checkIdentity(ctx, {
    idNumber: ctx.vault.open(worker.idNumberSealed),
    name: worker.name,
    existingWorkerId: worker.id,
    photo: decodeCapturedPhoto(photoBase64, '人脸照片'),
  });
  if (check.identity !== 'verified')
    throw ruleViolation(
      'issue 22',
      '暂无可比对的照片',
      '平台暂无您的证件照或登记照片可供比对；请在报名培训或参加考试现场核验后再试。',
    );
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await linkWorkerAccount(tx, actor.userId, worker.id);
    await markSignupVerified(tx, actor.userId, { method: check.method, evidence: check.evidence, verifiedAt: now });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'onboarding.identity_verified',
      entityType: 'worker',
      entityId: worker.id,
      regionCode: worker.regionCode,
      after: { method: check.method },
    });
  });
  return myIdentity(ctx, { ...actor, workerId: worker.id });
}

// ---------------------------------------------------------------------------------------------
// Organisations' applications

export interface NewApplication {
  ticket: string;
  kind: ApplyingKind;
  name: string;
  creditCode: string;
  regionCode: string;
  contactName: string;
  /** The business licence scan: base64 of a JPEG, PNG or PDF, ≤ 10 MB. */
  licence: string;
}

function presentApplication(
  row: Omit<OrgApplicationRow, 'licence' | 'contactPhoneSealed' | 'decidedByUserId' | 'adminUserId'>,
) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    creditCode: row.creditCode,
    regionCode: row.regionCode,
    regionName: regionFullName(row.regionCode) ?? row.regionCode,
    contactName: row.contactName,
    contactPhoneMasked: row.contactPhoneMasked,
    licenceType: row.licenceType,
    claim: !!row.claimsOrgId,
    status: row.status,
    statusLabel: APPLICATION_STATUS_LABELS[row.status] ?? row.status,
    reason: row.reason,
    decidedAt: row.decidedAt,
    orgId: row.orgId,
    createdAt: row.createdAt,
  };
}

/** Public: an organisation applies; the contact's phone was verified by SMS (the ticket). */
export async function applyForOrganisation(ctx: AppContext, input: NewApplication) {
  const name = input.name.trim();
  if (name.length < 2) throw badRequest('机构名称至少 2 个字。', [{ field: 'name', message: '至少 2 个字' }]);
  const contactName = input.contactName.trim();
  if (contactName.length < 2) throw badRequest('请填写联系人姓名。', [{ field: 'contactName', message: '必填' }]);
  const credit = parseCreditCode(input.creditCode); // GB 32100 check character
  if (!credit.ok) throw badRequest(credit.message, [{ field: 'creditCode', message: credit.message }]);
  if (!getRegion(input.regionCode) || regionLevel(input.regionCode) === 'province')
    throw badRequest('所在地区须选到市或区县一级。', [{ field: 'regionCode', message: '须为市或区县' }]);
  const body = input.licence.replace(/^data:[\w/.+-]+;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body))
    throw badRequest('营业执照扫描件须为 base64 编码。', [{ field: 'licence', message: '不是合法的 base64' }]);
  const licence = Buffer.from(body, 'base64');
  if (licence.length > LICENCE_MAX_BYTES)
    throw badRequest('营业执照扫描件不能超过 10 MB。', [{ field: 'licence', message: '超过 10 MB' }]);
  const type = licenceType(licence);
  if (!type)
    throw badRequest('营业执照扫描件须为 JPEG、PNG 图片或 PDF 文件。', [{ field: 'licence', message: '文件类型不符' }]);
  const ticket = await ticketPhone(ctx, input.ticket, 'org_application');
  const now = ctx.clock.now();
  // A credit code already on the platform (legacy import) is a claim of that organisation, not a copy.
  const existing = await findOrganisationByCreditCode(ctx.db, credit.creditCode);
  if (existing) {
    if (existing.kind !== input.kind)
      throw conflict(`统一社会信用代码 ${credit.creditCode} 已登记为其他类型的机构，请联系属地监管部门。`);
    if ((await listUsersOfOrganisation(ctx.db, existing.id)).length > 0)
      throw conflict('该机构已在平台开通账户，请联系本单位管理员为您添加账户。');
  }
  const pendingTaken = () => conflict('该统一社会信用代码已有待审核的申请，请等待审核结果。');
  if (await findPendingApplicationByCreditCode(ctx.db, credit.creditCode)) throw pendingTaken();
  try {
    const row = await ctx.db.transaction(async (tx) => {
      if (!(await useTicket(tx, ticket.id, now)))
        throw badRequest('手机验证已失效，请重新获取验证码。', [{ field: 'ticket', message: '已使用' }]);
      const row = await insertApplication(tx, {
        kind: input.kind,
        name,
        creditCode: credit.creditCode,
        regionCode: input.regionCode,
        contactName,
        contactPhoneSealed: ctx.vault.seal(ticket.phone),
        contactPhoneMasked: maskPhone(ticket.phone),
        licence,
        licenceType: type,
        claimsOrgId: existing?.id ?? null,
        status: 'pending',
        createdAt: now,
      });
      await appendAudit(tx, ctx.clock, null, {
        action: 'onboarding.org_applied',
        entityType: 'org_application',
        entityId: row.id,
        regionCode: row.regionCode,
        after: { kind: row.kind, name, creditCode: row.creditCode, claim: !!existing },
      });
      return row;
    });
    return presentApplication(row);
  } catch (err) {
    if (isUniqueViolation(err, 'org_applications_pending_credit_code')) throw pendingTaken();
    throw err;
  }
}

/** SEC-2: a regulator decides applications of its own jurisdiction; the permission is checked first. */
function requireReviewer(actor: Actor): string {
  requirePermission(actor, 'onboarding.review');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden();
  return prefix;
}

export async function listOrgApplications(ctx: AppContext, actor: Actor, params: { status?: string }) {
  const prefix = requireReviewer(actor);
  const rows = await listApplications(ctx.db, { regionPrefix: prefix, status: params.status });
  return { items: rows.map(presentApplication) };
}

async function applicationInScope(ctx: AppContext, actor: Actor, id: string, forUpdate = false, tx = ctx.db) {
  const prefix = requireReviewer(actor);
  const row = await findApplication(tx, id, forUpdate);
  // SEC-2: another jurisdiction's application is not ours to reveal (404, not 403).
  if (!row || !row.regionCode.startsWith(prefix)) throw notFound('入驻申请');
  return row;
}

export async function getLicence(ctx: AppContext, actor: Actor, id: string) {
  const row = await applicationInScope(ctx, actor, id);
  return { bytes: row.licence, type: row.licenceType };
}

/**
 * Approves (creating the organisation, or claiming the one imported earlier with this credit code)
 * or refuses with a reason. Approval creates the first administrator with an unusable password and
 * texts the contact a one-time link to set it.
 */
export async function decideOrgApplication(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { decision: 'approve' | 'refuse'; reason?: string },
) {
  await applicationInScope(ctx, actor, id);
  const reason = input.reason?.trim() ?? '';
  if (input.decision === 'refuse' && reason.length < 2)
    throw badRequest('不予通过须写明理由。', [{ field: 'reason', message: '必填' }]);
  const now = ctx.clock.now();
  const inviteToken = randomBytes(32).toString('base64url');
  const result = await ctx.db.transaction(async (tx) => {
    const row = await applicationInScope(ctx, actor, id, true, tx);
    if (row.status !== 'pending')
      throw conflict(`该申请已${APPLICATION_STATUS_LABELS[row.status] ?? '处理'}，不能重复审核。`);
    if (input.decision === 'refuse') {
      await updateApplication(tx, id, { status: 'refused', reason, decidedAt: now, decidedByUserId: actor.userId });
      await appendAudit(tx, ctx.clock, actor, {
        action: 'onboarding.org_refused',
        entityType: 'org_application',
        entityId: id,
        regionCode: row.regionCode,
        before: { status: 'pending' },
        after: { status: 'refused', reason },
      });
      return { row: { ...row, status: 'refused', reason, decidedAt: now }, phone: null, orgName: row.name };
    }
    let orgId = row.claimsOrgId;
    if (orgId) {
      const claimed = await findOrganisation(tx, orgId);
      if (!claimed || (await listUsersOfOrganisation(tx, orgId)).length > 0)
        throw conflict('该机构已在平台开通账户，不能再次认领。');
    } else {
      orgId = (
        await createOrganisationInTransaction(tx, ctx, actor, {
          kind: row.kind as ApplyingKind,
          name: row.name,
          regionCode: row.regionCode,
          creditCode: row.creditCode,
        })
      ).id;
    }
    const role = ADMIN_ROLE_OF_KIND[row.kind as ApplyingKind];
    // The password nobody knows until the invitation sets one.
    const admin = await createUserInTransaction(tx, ctx, null, {
      username: `org${row.creditCode.toLowerCase()}`,
      displayName: row.contactName,
      password: `${randomBytes(24).toString('base64url')}a1`,
      role,
      orgId,
    });
    await insertInvite(tx, {
      tokenHash: tokenHash(inviteToken),
      userId: admin.id,
      applicationId: id,
      expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
    });
    await updateApplication(tx, id, {
      status: 'approved',
      reason: reason || null,
      decidedAt: now,
      decidedByUserId: actor.userId,
      orgId,
      adminUserId: admin.id,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'onboarding.org_approved',
      entityType: 'org_application',
      entityId: id,
      regionCode: row.regionCode,
      before: { status: 'pending' },
      after: { status: 'approved', orgId, claim: !!row.claimsOrgId, adminUserId: admin.id, adminRole: role },
    });
    return {
      row: { ...row, status: 'approved', reason: reason || null, decidedAt: now, orgId },
      phone: ctx.vault.open(row.contactPhoneSealed),
      orgName: row.name,
      adminUsername: admin.username,
      adminRoleLabel: ROLE_LABELS[role],
    };
  });
  let invitationSent: boolean | null = null;
  if (result.phone) {
    const url = `${(ctx.config.publicUrl ?? '').replace(/\/$/, '')}/join/invite/${inviteToken}`;
    invitationSent = (await sendSms(ctx, result.phone, { kind: 'invite', url, orgName: result.orgName })).ok;
  }
  return {
    ...presentApplication(result.row),
    adminUsername: 'adminUsername' in result ? result.adminUsername : null,
    adminRoleLabel: 'adminRoleLabel' in result ? result.adminRoleLabel : null,
    invitationSent,
  };
}

/** The first administrator opens the texted link and sets a password; the link works once, 7 days. */
export async function acceptInvite(ctx: AppContext, input: { token: string; password: string }) {
  const passwordHash = await preparePassword(ctx.config, input.password);
  const now = ctx.clock.now();
  const username = await ctx.db.transaction(async (tx) => {
    const invite = await findInviteForUpdate(tx, tokenHash(input.token));
    if (!invite || invite.usedAt || invite.expiresAt.getTime() <= now.getTime())
      throw badRequest('邀请链接无效或已过期，请联系审核的监管部门重新发送。', [{ field: 'token', message: '已失效' }]);
    const user = (await findUser(tx, invite.userId))!;
    await setInitialPassword(tx, user.id, passwordHash);
    await useInvite(tx, invite.tokenHash, now);
    await appendAudit(tx, ctx.clock, null, {
      action: 'onboarding.invite_accepted',
      entityType: 'user',
      entityId: user.id,
      after: { applicationId: invite.applicationId },
    });
    return user.username;
  });
  return { ...(await loginNewAccount(ctx, { username, password: input.password })), username };
}

/** Demo data only: a pending application as if its contact had verified their phone (scripts/demo). */
export async function seedDemoApplication(
  ctx: AppContext,
  input: Omit<NewApplication, 'ticket' | 'licence'> & { phone: string; licence: Buffer },
) {
  const type = licenceType(input.licence);
  if (!type) throw new Error('demo licence must be an image or PDF');
  return ctx.db.transaction(async (tx) => {
    const row = await insertApplication(tx, {
      kind: input.kind,
      name: input.name,
      creditCode: input.creditCode,
      regionCode: input.regionCode,
      contactName: input.contactName,
      contactPhoneSealed: ctx.vault.seal(input.phone),
      contactPhoneMasked: maskPhone(input.phone),
      licence: input.licence,
      licenceType: type,
      claimsOrgId: null,
      status: 'pending',
      createdAt: ctx.clock.now(),
    });
    await appendAudit(tx, ctx.clock, null, {
      action: 'onboarding.org_applied',
      entityType: 'org_application',
      entityId: row.id,
      regionCode: row.regionCode,
      after: { kind: row.kind, name: row.name, creditCode: row.creditCode, claim: false },
    });
    return row.id;
  });
}
