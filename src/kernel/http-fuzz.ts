// The fuzz table: every /api route with malformed ids, query strings and bodies — no input may produce a
// 500, every refusal is problem+json, a refused write changes nothing (issue 3, "Interfaces"). A new route
// gets its row here. The table runs split over the shard files http-fuzz-<n>.test.ts, so that the test
// run spreads its ~25,000 requests over its workers; each shard has a database of its own.
import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSyllabusHours } from '../modules/catalog/index.js';
import {
  addTeacher,
  compliantFacts,
  compliantTeachers,
  recordFiling,
  reviewFiling,
  submitFiling,
} from '../modules/institutions/index.js';
import { openClass, scheduleSession } from '../modules/training/index.js';
import {
  addPlanLine,
  checkCertificate,
  hireWorker,
  proposeUncertifiedCases,
  importLedgerInline,
} from '../modules/employers/index.js';
import {
  makeIdNumber,
  makeOrg,
  makeUser,
  makeWorker,
  signIn,
  startTestPlatform,
  type Client,
  type TestPlatform,
  platformOperator,
} from '../testing/harness.js';

let p: TestPlatform;

export const HAN = /[\u3400-\u9fff]/;

/** Every fuzzed request comes from an address of its own, so the log-in rate limit (SEC-4) does not mask what a request would do. */
let addressSerial = 0;
const nextAddress = () => {
  addressSerial += 1;
  return `10.${(addressSerial >> 16) & 255}.${(addressSerial >> 8) & 255}.${addressSerial & 255}`;
};

/** The /api routes the app registers, read from Fastify's own route tree (HEAD duplicates GET). */
export function registeredApiRoutes(app: TestPlatform['app']): string[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('');
    for (const method of m[3].split(', '))
      if (method !== 'HEAD' && path.startsWith('/api/')) routes.push(`${method} ${path}`);
  }
  return [...new Set(routes)].sort();
}

export function expectProblem(res: LightMyRequestResponse, what: string) {
  expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body, what).toMatchObject({
    type: expect.any(String),
    title: expect.stringMatching(HAN),
    status: res.statusCode,
    detail: expect.any(String),
  });
  expect(body.detail.length, what).toBeGreaterThan(0);
}

// ---------------------------------------------------------------------------------------------
// Malformed values, applied to every field of a valid body and every query parameter.

const SQLISH = [
  "' or 1=1 --",
  "'; drop table users; --",
  "1.2' union select * from users --",
  '%',
  '_',
  '\\',
  '"',
  '${jndi:x}',
];
const UNICODE = ['张三😀𠮷', '\u202eevil', '\u200b', '\u0000', 'a\u0000b', '\ud800', 'ｆｕｌｌｗｉｄｔｈ', 'Z̴͇̫a̵̡͖l̸g̶o'];
const EDGE_STRINGS = [
  '',
  '   ',
  'x'.repeat(100_000),
  '0000-01-01',
  '2026-02-30',
  '9999-12-31',
  '-infinity',
  'NaN',
  `urn:uuid:${randomUUID()}`,
  randomUUID().toUpperCase(),
  '12345678901234567X',
];
const BAD_VALUES: unknown[] = [
  12345,
  -1,
  1.5,
  1e308,
  true,
  null,
  [],
  ['a', 1],
  {},
  { $gt: '' },
  ...SQLISH,
  ...UNICODE,
  ...EDGE_STRINGS,
];

function fieldMutations(body: Record<string, unknown>, prefix = ''): Array<{ label: string; body: unknown }> {
  const out: Array<{ label: string; body: unknown }> = [];
  for (const [key, value] of Object.entries(body)) {
    for (const bad of BAD_VALUES)
      out.push({ label: `${prefix}${key}=${JSON.stringify(bad)?.slice(0, 40)}`, body: { ...body, [key]: bad } });
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const m of fieldMutations(value as Record<string, unknown>, `${prefix}${key}.`))
        out.push({ label: m.label, body: { ...body, [key]: m.body } });
    }
    if (Array.isArray(value))
      out.push({ label: `${prefix}${key}=[bad elements]`, body: { ...body, [key]: [...SQLISH, 123, null] } });
  }
  return out;
}

/** Whole-body shapes that are not the expected object, as raw payloads with their content type. */
const RAW_BODIES: Array<{ label: string; payload?: string; contentType?: string }> = [
  { label: 'no body' },
  { label: 'empty JSON body', payload: '', contentType: 'application/json' },
  { label: 'invalid JSON', payload: '{"a":', contentType: 'application/json' },
  { label: 'invalid JSON (single quotes)', payload: "{'a': 1}", contentType: 'application/json' },
  { label: 'JSON null', payload: 'null', contentType: 'application/json' },
  { label: 'JSON array', payload: '[]', contentType: 'application/json' },
  { label: 'JSON array of object', payload: '[{}]', contentType: 'application/json' },
  { label: 'JSON string', payload: '"x"', contentType: 'application/json' },
  { label: 'JSON number', payload: '42', contentType: 'application/json' },
  { label: 'JSON true', payload: 'true', contentType: 'application/json' },
  { label: 'empty object', payload: '{}', contentType: 'application/json' },
  { label: '__proto__ pollution', payload: '{"__proto__": {"isAdmin": true}}', contentType: 'application/json' },
  {
    label: 'constructor pollution',
    payload: '{"constructor": {"prototype": {"x": 1}}}',
    contentType: 'application/json',
  },
  { label: 'text/plain', payload: 'hello', contentType: 'text/plain' },
  { label: 'form-encoded', payload: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
  { label: 'unknown content type', payload: '<x/>', contentType: 'application/xml' },
  {
    label: 'body over the size limit',
    payload: JSON.stringify({ x: 'y'.repeat(1_100_000) }),
    contentType: 'application/json',
  },
  { label: 'deeply nested JSON', payload: '['.repeat(5000) + ']'.repeat(5000), contentType: 'application/json' },
];

const BAD_IDS = [
  'not-a-uuid',
  "' or 1=1 --",
  '..%2F..%2Fetc%2Fpasswd',
  encodeURIComponent('张三'),
  'x'.repeat(99),
  'x'.repeat(500),
  `urn:uuid:${randomUUID()}`,
  `{${randomUUID()}}`,
  randomUUID().replaceAll('-', ''),
  randomUUID().toUpperCase(),
  '00000000-0000-0000-0000-000000000000',
  '%00',
  '%E0%A4%A',
  '-1',
  '1e309',
];
const BAD_CODES = ['99.99', '1.2%27%20or%201%3D1', 'abc', '1..2', '%00', 'x'.repeat(300), '%E0%A4%A'];

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify's route path, as printRoutes shows it. */
  route: string;
  client: () => Client;
  /** Values for the path parameters of a request that reaches the handler. */
  params?: () => Record<string, string>;
  body?: () => Record<string, unknown>;
  query?: Record<string, string>;
}

interface Actors {
  admin: Client;
  centre: Client;
  candidate: Client;
  province: Client;
  institution: Client;
  forLogout: Client;
  workerId: string;
  workerIdNumber: string;
  userId: string;
  spareUserId: string;
  institutionOrgId: string;
  city: Client;
  filingId: string;
  teacherId: string;
  classId: string;
  sessionId: string;
  employer: Client;
  employmentId: string;
  planLineId: string;
  importId: string;
  caseId: string;
}
let a: Actors;

const PAGING = { page: '1', pageSize: '20' };

/** A 32×32 grey JPEG: decodes, holds no face, so the face routes answer without storing a photo. */
const GREY_JPEG =
  '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAgACADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAP/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKAAAAAAAA//2Q==';

function routeCases(): RouteCase[] {
  return [
    {
      method: 'POST',
      route: '/api/auth/login',
      client: () => a.admin,
      body: () => ({ username: 'nobody-here', password: 'Wrong-pass-1' }),
    },
    { method: 'POST', route: '/api/auth/logout', client: () => a.forLogout },
    { method: 'GET', route: '/api/auth/me', client: () => a.admin },
    { method: 'GET', route: '/api/users', client: () => a.admin, query: PAGING },
    {
      method: 'POST',
      route: '/api/users',
      client: () => a.admin,
      body: () => ({
        username: `fz${Date.now().toString(36)}`,
        displayName: '模糊测试',
        password: 'Fuzz-pass-2026',
        role: 'institution_admin',
        orgId: a.institutionOrgId,
        workerId: null,
      }),
    },
    { method: 'POST', route: '/api/users/:id/unlock', client: () => a.admin, params: () => ({ id: a.userId }) },
    // Issue 19 item 5: the wrong current password keeps every fuzzed change of password refused.
    {
      method: 'POST',
      route: '/api/auth/password',
      client: () => a.institution,
      body: () => ({ currentPassword: 'Not-the-pass-1', newPassword: 'Fuzz-pass-2026' }),
    },
    {
      method: 'PUT',
      route: '/api/users/:id',
      client: () => a.admin,
      params: () => ({ id: a.spareUserId }),
      body: () => ({ displayName: '模糊测试', role: 'institution_admin' }),
    },
    {
      method: 'POST',
      route: '/api/users/:id/reset-password',
      client: () => a.admin,
      params: () => ({ id: a.spareUserId }),
    },
    { method: 'POST', route: '/api/users/:id/disable', client: () => a.admin, params: () => ({ id: a.spareUserId }) },
    { method: 'POST', route: '/api/users/:id/enable', client: () => a.admin, params: () => ({ id: a.spareUserId }) },
    { method: 'GET', route: '/api/audit', client: () => a.admin, query: PAGING },
    { method: 'GET', route: '/api/audit/actions', client: () => a.admin },
    { method: 'GET', route: '/api/audit/export.xlsx', client: () => a.admin, query: { from: '2026-11-01' } },
    { method: 'GET', route: '/api/audit/verify', client: () => a.admin },
    { method: 'GET', route: '/api/admin/national-push', client: () => a.admin, query: PAGING },
    {
      method: 'POST',
      route: '/api/admin/national-push/:id/retry',
      client: () => a.admin,
      params: () => ({ id: randomUUID() }),
    },
    // SEC-1: signed checkpoints of the audit chain.
    { method: 'GET', route: '/api/audit/checkpoints', client: () => a.admin },
    { method: 'POST', route: '/api/audit/checkpoints', client: () => a.admin },
    { method: 'GET', route: '/api/public/audit/checkpoint', client: () => a.admin },
    // CER-4: reviews past the authority's 20-working-day deadline.
    { method: 'GET', route: '/api/certificates/reviews/overdue', client: () => a.province },
    // Issue 16: the legacy import.
    { method: 'GET', route: '/api/legacy-imports', client: () => a.province },
    {
      method: 'GET',
      route: '/api/legacy-imports/templates/:file',
      client: () => a.province,
      params: () => ({ file: 'certificates.xlsx' }),
    },
    {
      method: 'POST',
      route: '/api/legacy-imports/kinds/:kind',
      client: () => a.province,
      params: () => ({ kind: 'workers' }),
      query: { fileName: 'x.csv' },
    },
    { method: 'GET', route: '/api/legacy-imports/:id', client: () => a.province, params: () => ({ id: randomUUID() }) },
    {
      method: 'GET',
      route: '/api/legacy-imports/:id/problems',
      client: () => a.province,
      params: () => ({ id: randomUUID() }),
      query: PAGING,
    },
    {
      method: 'GET',
      route: '/api/legacy-imports/:id/rows',
      client: () => a.province,
      params: () => ({ id: randomUUID() }),
      query: PAGING,
    },
    {
      method: 'POST',
      route: '/api/legacy-imports/:id/commit',
      client: () => a.province,
      params: () => ({ id: randomUUID() }),
    },
    // EXM-6 / issue 16 / issue 20: vendor attempts (and past exams) on the shared import mechanism.
    { method: 'GET', route: '/api/exams/vendor-imports', client: () => a.province },
    {
      method: 'GET',
      route: '/api/exams/vendor-imports/templates/:file',
      client: () => a.province,
      params: () => ({ file: 'vendor-attempts.xlsx' }),
    },
    {
      method: 'POST',
      route: '/api/exams/vendor-imports',
      client: () => a.province,
      query: { fileName: 'x.csv', vendor: '模糊测试厂商' },
    },
    {
      method: 'POST',
      route: '/api/exams/vendor-imports/kinds/:kind',
      client: () => a.province,
      params: () => ({ kind: 'vendor-attempts' }),
      query: { fileName: 'x.csv' },
    },
    {
      method: 'GET',
      route: '/api/exams/vendor-imports/:id',
      client: () => a.province,
      params: () => ({ id: randomUUID() }),
    },
    {
      method: 'GET',
      route: '/api/exams/vendor-imports/:id/problems',
      client: () => a.province,
      params: () => ({ id: randomUUID() }),
      query: PAGING,
    },
    {
      method: 'GET',
      route: '/api/exams/vendor-imports/:id/rows',
      client: () => a.province,
      params: () => ({ id: randomUUID() }),
      query: PAGING,
    },
    {
      method: 'POST',
      route: '/api/exams/vendor-imports/:id/commit',
      client: () => a.province,
      params: () => ({ id: randomUUID() }),
    },
    { method: 'GET', route: '/api/exams/past-sessions', client: () => a.province },
    { method: 'GET', route: '/api/catalog', client: () => a.province },
    { method: 'GET', route: '/api/catalog/items/:code', client: () => a.province, params: () => ({ code: '1.2' }) },
    {
      method: 'PUT',
      route: '/api/catalog/items/:code/hours',
      client: () => a.province,
      params: () => ({ code: '1.2' }),
      body: () => ({ theoryHours: 80, practicalHours: 40, confirmed: false }),
    },
    { method: 'GET', route: '/api/regions', client: () => a.province, query: { parent: '510000' } },
    {
      method: 'GET',
      route: '/api/settings/provinces/:province/:kind',
      client: () => a.province,
      params: () => ({ province: '510000', kind: 'risk_weights' }),
    },
    {
      method: 'POST',
      route: '/api/settings/provinces/:province/:kind',
      client: () => a.province,
      params: () => ({ province: '510000', kind: 'risk_weights' }),
      body: () => ({
        key: '',
        value: { uncertified: 5, overdueFilings: 2, certificatesAtRisk: 1, injuries: 4 },
        effectiveFrom: '2026-11-23',
      }),
    },
    {
      method: 'GET',
      route: '/api/organisations',
      client: () => a.province,
      query: { kind: 'institution', q: '测试', ...PAGING },
    },
    {
      method: 'GET',
      route: '/api/organisations/:id',
      client: () => a.province,
      params: () => ({ id: a.institutionOrgId }),
    },
    {
      method: 'POST',
      route: '/api/organisations',
      client: () => a.admin,
      body: () => ({ kind: 'exam_site', name: '模糊测试考试点', regionCode: '510107' }),
    },
    {
      method: 'GET',
      route: '/api/workers',
      client: () => a.province,
      query: { q: '张', regionCode: '510107', ...PAGING },
    },
    {
      method: 'POST',
      route: '/api/workers',
      client: () => a.province,
      body: () => ({
        name: '模糊测试',
        idNumber: makeIdNumber('1990-01-01'),
        phone: '13800138000',
        education: 'senior_high',
        originalRetirementAge: 60,
        regionCode: '510107',
        intendedItem: '1.2',
        health: {
          issuedAt: '2026-11-01',
          institutionName: '成都市第一人民医院',
          institutionLevel: 'county_or_above',
          disqualifyingConditions: [],
        },
      }),
    },
    {
      method: 'POST',
      route: '/api/workers/link',
      client: () => a.institution,
      body: () => ({ idNumber: a.workerIdNumber, name: '张三' }),
    },
    { method: 'GET', route: '/api/workers/:id', client: () => a.province, params: () => ({ id: a.workerId }) },
    {
      method: 'POST',
      route: '/api/workers/:id/reveal',
      client: () => a.province,
      params: () => ({ id: a.workerId }),
      body: () => ({ field: 'idNumber' }),
    },
    { method: 'GET', route: '/api/workers/:id/archive', client: () => a.province, params: () => ({ id: a.workerId }) },
    {
      method: 'GET',
      route: '/api/workers/:id/eligibility',
      client: () => a.province,
      params: () => ({ id: a.workerId }),
      query: { item: '1.2' },
    },
    {
      method: 'POST',
      route: '/api/workers/:id/health-declarations',
      client: () => a.institution,
      params: () => ({ id: a.workerId }),
      body: () => ({
        issuedAt: '2026-10-01',
        institutionName: '成都市第二人民医院',
        institutionLevel: 'county_or_above',
        disqualifyingConditions: ['epilepsy'],
      }),
    },
    { method: 'GET', route: '/api/workers/:id/face', client: () => a.province, params: () => ({ id: a.workerId }) },
    {
      method: 'POST',
      route: '/api/workers/:id/face',
      client: () => a.institution,
      params: () => ({ id: a.workerId }),
      body: () => ({ image: GREY_JPEG }),
    },
    {
      method: 'DELETE',
      route: '/api/workers/:id/face',
      client: () => a.institution,
      params: () => ({ id: a.workerId }),
    },
    {
      method: 'GET',
      route: '/api/workers/:id/face/photo',
      client: () => a.province,
      params: () => ({ id: a.workerId }),
    },
    {
      method: 'GET',
      route: '/api/workers/:id/face/verifications',
      client: () => a.province,
      params: () => ({ id: a.workerId }),
    },
    {
      method: 'POST',
      route: '/api/face/verify',
      client: () => a.province,
      body: () => ({ workerId: a.workerId, image: GREY_JPEG, purpose: 'spot_check' }),
    },
    {
      method: 'GET',
      route: '/api/face/verifications/:id',
      client: () => a.province,
      params: () => ({ id: randomUUID() }),
    },
    {
      method: 'GET',
      route: '/api/face/verifications/:id/image',
      client: () => a.province,
      params: () => ({ id: randomUUID() }),
    },
    { method: 'GET', route: '/api/public/institutions', client: () => a.institution },
    { method: 'GET', route: '/api/institutions/me', client: () => a.institution },
    {
      method: 'POST',
      route: '/api/institutions/filings',
      client: () => a.institution,
      body: () => ({ scope: ['1.1'], facts: compliantFacts() }),
    },
    { method: 'GET', route: '/api/institutions/filings', client: () => a.city, query: { status: 'submitted' } },
    { method: 'GET', route: '/api/institutions/filings/:id', client: () => a.city, params: () => ({ id: a.filingId }) },
    {
      method: 'POST',
      route: '/api/institutions/filings/:id/review',
      client: () => a.city,
      params: () => ({ id: a.filingId }),
      body: () => ({ decision: 'return', reason: '资料不全' }),
    },
    {
      method: 'POST',
      route: '/api/institutions/filings/:id/record',
      client: () => a.province,
      params: () => ({ id: a.filingId }),
    },
    { method: 'GET', route: '/api/institutions/teachers', client: () => a.institution },
    {
      method: 'POST',
      route: '/api/institutions/teachers',
      client: () => a.institution,
      body: () => ({ ...compliantTeachers()[0] }),
    },
    {
      method: 'DELETE',
      route: '/api/institutions/teachers/:id',
      client: () => a.institution,
      params: () => ({ id: a.teacherId }),
    },
    { method: 'GET', route: '/api/institutions/teachers/certificates.xlsx', client: () => a.institution },
    { method: 'GET', route: '/api/training/classes', client: () => a.institution },
    {
      method: 'POST',
      route: '/api/training/classes',
      client: () => a.institution,
      body: () => ({ itemCode: '1.1', name: '模糊测试班', opensAt: '2026-11-23T01:00:00Z' }),
    },
    {
      method: 'GET',
      route: '/api/training/classes/:id',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
    },
    {
      method: 'POST',
      route: '/api/training/classes/:id/file',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
    },
    {
      method: 'POST',
      route: '/api/training/classes/:id/enrolments',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
      body: () => ({ workerId: a.workerId }),
    },
    {
      method: 'POST',
      route: '/api/training/classes/:id/sessions',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
      body: () => ({
        subject: 'theory',
        mode: 'offline',
        topic: '法规',
        startsAt: '2026-11-23T01:00:00Z',
        endsAt: '2026-11-23T02:00:00Z',
        teacherId: a.teacherId,
      }),
    },
    {
      method: 'POST',
      route: '/api/training/sessions/:id/check-in',
      client: () => a.institution,
      params: () => ({ id: a.sessionId }),
      body: () => ({ workerId: a.workerId, photo: '/9j/4AAQSkZJRgABAQ==' }),
    },
    {
      method: 'POST',
      route: '/api/training/sessions/:id/check-out',
      client: () => a.institution,
      params: () => ({ id: a.sessionId }),
      body: () => ({ workerId: a.workerId, photo: '/9j/4AAQSkZJRgABAQ==' }),
    },
    {
      method: 'GET',
      route: '/api/training/sessions/:id/roll',
      client: () => a.institution,
      params: () => ({ id: a.sessionId }),
    },
    {
      method: 'POST',
      route: '/api/training/sessions/:id/roll-call',
      client: () => a.institution,
      params: () => ({ id: a.sessionId }),
      body: () => ({ kind: 'check-in', captures: [{ workerId: a.workerId, photo: '/9j/4AAQSkZJRgABAQ==' }] }),
    },
    { method: 'GET', route: '/api/training/supervision/classes', client: () => a.province },
    { method: 'GET', route: '/api/training/me', client: () => a.institution },
    {
      method: 'GET',
      route: '/api/training/classes/:id/archive',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
    },
    {
      method: 'POST',
      route: '/api/training/classes/:id/materials',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
      body: () => ({ items: ['教材'] }),
    },
    {
      method: 'POST',
      route: '/api/training/classes/:id/exam-request',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
    },
    {
      method: 'POST',
      route: '/api/training/classes/:id/archive-false',
      client: () => a.province,
      params: () => ({ id: randomUUID() }),
      body: () => ({ reason: '考勤照片系他人代签' }),
    },
    {
      method: 'POST',
      route: '/api/training/classes/:id/exam-application',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
    },
    {
      method: 'GET',
      route: '/api/training/classes/:id/archive.xlsx',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
    },
    {
      method: 'GET',
      route: '/api/training/classes/:id/archive.pdf',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
    },
    {
      method: 'POST',
      route: '/api/training/direct-registrations',
      client: () => a.institution,
      body: () => ({
        itemCode: '1.1',
        evidence: {
          school: '某职业技术学院',
          major: '供用电技术',
          graduatedOn: '2024-06-30',
          diplomaNumber: 'D5101202400',
        },
      }),
    },
    { method: 'GET', route: '/api/training/direct-registrations', client: () => a.province },
    {
      method: 'POST',
      route: '/api/training/direct-registrations/:id/review',
      client: () => a.province,
      params: () => ({ id: a.classId }),
      body: () => ({ decision: 'reject', reason: '专业不对口' }),
    },
    { method: 'GET', route: '/api/learning/courses', client: () => a.institution },
    {
      method: 'POST',
      route: '/api/learning/courses',
      client: () => a.institution,
      body: () => ({ itemCode: '1.1', title: '模糊测试课程' }),
    },
    {
      method: 'POST',
      route: '/api/learning/courses/:id/lessons',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
      body: () => ({ title: '课时', durationSeconds: 600, topic: '大纲' }),
    },
    {
      method: 'POST',
      route: '/api/learning/courses/:id/classes',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
      body: () => ({ classId: a.classId }),
    },
    { method: 'GET', route: '/api/learning/me', client: () => a.institution },
    {
      method: 'POST',
      route: '/api/learning/sessions',
      client: () => a.institution,
      body: () => ({ classId: a.classId, lessonId: a.classId }),
    },
    {
      method: 'POST',
      route: '/api/learning/sessions/:id/heartbeat',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
      body: () => ({ position: 30, interacted: true }),
    },
    {
      method: 'POST',
      route: '/api/learning/sessions/:id/resume',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
    },
    {
      method: 'POST',
      route: '/api/learning/sessions/:id/end',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
    },
    {
      method: 'POST',
      route: '/api/learning/sessions/:id/captures',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
      body: () => ({ photo: '/9j/4AAQSkZJRgABAQ==' }),
    },
    {
      method: 'GET',
      route: '/api/learning/classes/:classId/records',
      client: () => a.institution,
      params: () => ({ classId: a.classId }),
    },
    {
      method: 'GET',
      route: '/api/learning/classes/:classId/certificate',
      client: () => a.institution,
      params: () => ({ classId: a.classId }),
    },
    {
      method: 'GET',
      route: '/api/learning/classes/:classId/certificate.pdf',
      client: () => a.institution,
      params: () => ({ classId: a.classId }),
    },
    {
      method: 'GET',
      route: '/api/learning/classes/:classId/questions',
      client: () => a.institution,
      params: () => ({ classId: a.classId }),
    },
    {
      method: 'POST',
      route: '/api/learning/classes/:classId/questions',
      client: () => a.institution,
      params: () => ({ classId: a.classId }),
      body: () => ({ question: '问题' }),
    },
    {
      method: 'POST',
      route: '/api/learning/questions/:id/answer',
      client: () => a.institution,
      params: () => ({ id: a.classId }),
      body: () => ({ answer: '答复' }),
    },
    ...examRouteCases(),
    ...certificateRouteCases(),
    ...supervisionRouteCases(),
  ];
}

/** The supervision module's routes (SUP-1, SUP-2, SUP-5, SUP-6); ids are random, so writes past validation meet a 404. */
function supervisionRouteCases(): RouteCase[] {
  const id = () => ({ id: randomUUID() });
  return [
    {
      method: 'POST',
      route: '/api/public/reports',
      client: () => a.admin,
      body: () => ({
        regionCode: '510107',
        category: 'uncertified_work',
        subjectName: '某工地',
        content: '有人无证电焊作业，已持续一周。',
        reporterName: '王某',
        reporterPhone: '13800001111',
      }),
    },
    { method: 'GET', route: '/api/public/reports/form', client: () => a.admin },
    {
      method: 'GET',
      route: '/api/public/reports/:code',
      client: () => a.admin,
      params: () => ({ code: 'JB0000000000ZZ' }),
    },
    {
      method: 'GET',
      route: '/api/public-reports',
      client: () => a.province,
      query: { ...PAGING, status: 'received', q: '工地' },
    },
    { method: 'GET', route: '/api/public-reports/:id', client: () => a.province, params: id },
    { method: 'GET', route: '/api/public-reports/:id/transfer-targets', client: () => a.province, params: id },
    { method: 'POST', route: '/api/public-reports/:id/reveal-reporter', client: () => a.province, params: id },
    {
      method: 'GET',
      route: '/api/public-reports/:id/attachments/:attachmentId',
      client: () => a.province,
      params: () => ({ id: randomUUID(), attachmentId: randomUUID() }),
    },
    {
      method: 'POST',
      route: '/api/public-reports/:id/:action',
      client: () => a.province,
      params: () => ({ id: randomUUID(), action: 'close' }),
      body: () => ({ finding: 'substantiated', publicNote: '经查属实', note: '内部' }),
    },
    { method: 'GET', route: '/api/campaigns', client: () => a.province },
    {
      method: 'POST',
      route: '/api/campaigns',
      client: () => a.province,
      body: () => ({
        title: '自查自改',
        description: '对照基本条件自查',
        targetKind: 'institution',
        dueOn: '2026-12-31',
      }),
    },
    { method: 'GET', route: '/api/campaigns/:id', client: () => a.province, params: id },
    { method: 'GET', route: '/api/self-inspections', client: () => a.institution },
    {
      method: 'POST',
      route: '/api/campaigns/:id/report',
      client: () => a.institution,
      params: id,
      body: () => ({
        summary: '自查情况',
        items: [{ problem: '问题', measure: '措施', responsible: '张三', dueOn: '2026-12-31' }],
      }),
    },
    {
      method: 'POST',
      route: '/api/self-inspection-items/:id/complete',
      client: () => a.institution,
      params: id,
      body: () => ({ note: '已整改' }),
    },
    { method: 'GET', route: '/api/inspection-plans/:year', client: () => a.province, params: () => ({ year: '2026' }) },
    {
      method: 'POST',
      route: '/api/inspection-plans/:year/entries',
      client: () => a.province,
      params: () => ({ year: '2026' }),
      body: () => ({ entries: [{ targetKind: 'institution', targetId: randomUUID(), plannedMonth: 12 }] }),
    },
    { method: 'GET', route: '/api/inspections', client: () => a.province },
    {
      method: 'POST',
      route: '/api/inspections',
      client: () => a.province,
      body: () => ({ targetKind: 'institution', targetId: randomUUID() }),
    },
    { method: 'GET', route: '/api/inspections/:id', client: () => a.province, params: id },
    {
      method: 'POST',
      route: '/api/inspections/:id/checklist/:itemId',
      client: () => a.province,
      params: () => ({ id: randomUUID(), itemId: 'ins.archive' }),
      body: () => ({ result: 'problem', note: '缺少签到表' }),
    },
    {
      method: 'POST',
      route: '/api/inspections/:id/findings',
      client: () => a.province,
      params: id,
      body: () => ({
        checklistItemId: 'ins.archive',
        description: '缺少签到表',
        legalBasis: 'TRN-4',
        deadline: '2026-12-31',
        responsiblePerson: '张三',
      }),
    },
    { method: 'POST', route: '/api/inspections/:id/complete', client: () => a.province, params: id },
    { method: 'GET', route: '/api/findings', client: () => a.province, query: { standing: 'overdue' } },
    { method: 'GET', route: '/api/my-findings', client: () => a.institution },
    {
      method: 'POST',
      route: '/api/findings/:id/rectification',
      client: () => a.institution,
      params: id,
      body: () => ({ note: '已整改' }),
    },
    {
      method: 'POST',
      route: '/api/findings/:id/verify',
      client: () => a.province,
      params: id,
      body: () => ({ verdict: 'return', note: '未整改到位' }),
    },
    {
      method: 'GET',
      route: '/api/findings/:id/photos/:photoId',
      client: () => a.province,
      params: () => ({ id: randomUUID(), photoId: randomUUID() }),
    },
    {
      method: 'POST',
      route: '/api/inspections/:id/spot-exams',
      client: () => a.province,
      params: id,
      body: () => ({ idNumber: a.workerIdNumber, itemCode: '1.2' }),
    },
    { method: 'GET', route: '/api/inspections/:id/spot-exams', client: () => a.province, params: id },
    { method: 'GET', route: '/api/spot-exams', client: () => a.province },
    { method: 'GET', route: '/api/my-spot-exam-failures', client: () => a.employer },
    {
      method: 'POST',
      route: '/api/public/spot-exams/:code/open',
      client: () => a.admin,
      params: () => ({ code: 'ABCDEFGH23' }),
    },
    {
      method: 'POST',
      route: '/api/public/spot-exams/:code/submit',
      client: () => a.admin,
      params: () => ({ code: 'ABCDEFGH23' }),
      body: () => ({ token: 'xxxxxxxxxxxxxxxx', answers: [[0], [1, 2]] }),
    },
    { method: 'GET', route: '/api/violations', client: () => a.province },
    { method: 'GET', route: '/api/workbench', client: () => a.province },
    { method: 'GET', route: '/api/cases', client: () => a.province, query: { status: 'open' } },
    {
      method: 'POST',
      route: '/api/cases',
      client: () => a.province,
      body: () => ({
        source: 'manual',
        partyKind: 'institution',
        partyId: randomUUID(),
        violationCode: 'INS-02',
        facts: '压缩学时',
      }),
    },
    { method: 'GET', route: '/api/cases/:id', client: () => a.province, params: id },
    { method: 'GET', route: '/api/cases/:id/examiners', client: () => a.province, params: id },
    {
      method: 'POST',
      route: '/api/cases/:id/act',
      client: () => a.province,
      params: id,
      body: () => ({ action: 'dismiss', note: '证据不足' }),
    },
    {
      method: 'POST',
      route: '/api/cases/:id/decision',
      client: () => a.province,
      params: id,
      body: () => ({ sanctions: ['fine'], fineYuan: 20000, reasoning: '事实清楚' }),
    },
    { method: 'GET', route: '/api/ratings/:year', client: () => a.province, params: () => ({ year: '2026' }) },
    {
      method: 'GET',
      route: '/api/ratings/:year/:orgId',
      client: () => a.province,
      params: () => ({ year: '2026', orgId: randomUUID() }),
    },
    { method: 'POST', route: '/api/ratings/:year/publish', client: () => a.province, params: () => ({ year: '2030' }) },
    {
      method: 'POST',
      route: '/api/sanctions/:id/lift',
      client: () => a.province,
      params: id,
      body: () => ({ note: '整改到位' }),
    },
    { method: 'GET', route: '/api/site-ratings/:year', client: () => a.province, params: () => ({ year: '2026' }) },
    {
      method: 'GET',
      route: '/api/site-ratings/:year/:siteId',
      client: () => a.province,
      params: () => ({ year: '2026', siteId: randomUUID() }),
    },
    { method: 'GET', route: '/api/public/exam-site-ratings', client: () => a.admin },
    {
      method: 'PUT',
      route: '/api/ratings/:year/:orgId/third-party',
      client: () => a.province,
      params: () => ({ year: '2026', orgId: randomUUID() }),
      body: () => ({ assessor: '某评估公司', score: 85, reportRef: 'PG-2026-001', assessedOn: '2026-06-01' }),
    },
    {
      method: 'GET',
      route: '/api/self-assessments/:year',
      client: () => a.institution,
      params: () => ({ year: '2026' }),
    },
    {
      method: 'PUT',
      route: '/api/self-assessments/:year',
      client: () => a.institution,
      params: () => ({ year: '2026' }),
      body: () => ({ scores: [{ dimension: 'management', score: 90, evidence: '档案齐全' }], summary: '自评' }),
    },
    { method: 'GET', route: '/api/training/me/reviews', client: () => a.candidate },
    {
      method: 'POST',
      route: '/api/training/classes/:id/review',
      client: () => a.candidate,
      params: () => ({ id: a.classId }),
      body: () => ({ teaching: 5, practical: 4, honesty: 5, comment: '好' }),
    },
    { method: 'GET', route: '/api/training/reviews', client: () => a.institution },
    { method: 'POST', route: '/api/cases/:id/publish', client: () => a.province, params: id },
    { method: 'GET', route: '/api/public/penalties', client: () => a.admin, query: { regionCode: '510100' } },
    {
      method: 'GET',
      route: '/api/inspection-plans/:year/first-class',
      client: () => a.province,
      params: () => ({ year: '2026' }),
    },
    {
      method: 'GET',
      route: '/api/inspection-plans/:year/coverage',
      client: () => a.province,
      params: () => ({ year: '2026' }),
    },
    {
      method: 'GET',
      route: '/api/inspection-plans/:year/employer-risk',
      client: () => a.province,
      params: () => ({ year: '2026' }),
    },
    {
      method: 'POST',
      route: '/api/inspection-plans/:year/draws',
      client: () => a.province,
      params: () => ({ year: '2026' }),
      body: () => ({ count: 3, seed: 20261123 }),
    },
    {
      method: 'GET',
      route: '/api/inspection-plans/:year/reinspections',
      client: () => a.province,
      params: () => ({ year: '2026' }),
    },
    {
      method: 'POST',
      route: '/api/inspection-plans/:year/reinspections',
      client: () => a.province,
      params: () => ({ year: '2026' }),
      body: () => ({ targetIds: [randomUUID()] }),
    },
  ];
}

/** The certificates module's routes (CER-1..6); ids are random, so writes past validation meet a 404. */
function certificateRouteCases(): RouteCase[] {
  const id = () => ({ id: randomUUID() });
  return [
    {
      method: 'GET',
      route: '/api/public/certificates/verify',
      client: () => a.admin,
      query: { number: 'T510107198506150134', name: '张三' },
    },
    {
      method: 'POST',
      route: '/api/public/certificates/verify',
      client: () => a.admin,
      body: () => ({ token: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln' }),
    },
    {
      method: 'GET',
      route: '/api/public/certificates/status-list/:listId',
      client: () => a.admin,
      params: () => ({ listId: '1' }),
    },
    {
      method: 'GET',
      route: '/api/public/certificates/links/:code',
      client: () => a.admin,
      params: () => ({ code: 'AAAAAAAAAAAA' }),
    },
    { method: 'GET', route: '/api/certificates/keys', client: () => a.province },
    { method: 'POST', route: '/api/certificates/keys/rotate', client: () => a.province },
    { method: 'GET', route: '/api/certificates/tasks', client: () => a.province, query: { status: 'pending' } },
    { method: 'POST', route: '/api/certificates/tasks/:id/approve', client: () => a.province, params: id },
    {
      method: 'POST',
      route: '/api/certificates/tasks/batch-approve',
      client: () => a.province,
      body: () => ({ ids: [randomUUID()] }),
    },
    {
      method: 'POST',
      route: '/api/certificates/tasks/:id/return',
      client: () => a.province,
      params: id,
      body: () => ({ reason: '缺少体检证明' }),
    },
    { method: 'POST', route: '/api/certificates/tasks/:id/reopen', client: () => a.province, params: id },
    { method: 'GET', route: '/api/certificates/authority-settings', client: () => a.province },
    {
      method: 'PUT',
      route: '/api/certificates/authority-settings',
      client: () => a.province,
      body: () => ({ deadlineWorkingDays: 15 }),
    },
    {
      method: 'PUT',
      route: '/api/certificates/calendar',
      client: () => a.province,
      body: () => ({ days: [{ day: '2026-10-01', working: false, note: '国庆节' }] }),
    },
    { method: 'GET', route: '/api/certificates', client: () => a.province, query: { q: '张三', status: 'valid' } },
    { method: 'GET', route: '/api/certificates/reminders', client: () => a.candidate },
    { method: 'GET', route: '/api/certificates/reviews/pending', client: () => a.province },
    { method: 'GET', route: '/api/certificates/:id', client: () => a.province, params: id },
    { method: 'GET', route: '/api/certificates/:id/pdf', client: () => a.province, params: id },
    {
      method: 'POST',
      route: '/api/certificates/:id/revoke',
      client: () => a.province,
      params: id,
      body: () => ({ reason: 'unfit', note: '体检不合格' }),
    },
    {
      method: 'POST',
      route: '/api/certificates/:id/cancel',
      client: () => a.province,
      params: id,
      body: () => ({ reason: 'died', note: '持证人死亡' }),
    },
    {
      method: 'POST',
      route: '/api/certificates/:id/replace',
      client: () => a.province,
      params: id,
      body: () => ({ note: '遗失补发' }),
    },
    { method: 'POST', route: '/api/certificates/:id/legacy-credential', client: () => a.province, params: id },
    { method: 'GET', route: '/api/certificates/:id/reviews', client: () => a.candidate, params: id },
    {
      method: 'POST',
      route: '/api/certificates/:id/reviews',
      client: () => a.candidate,
      params: id,
      body: () => ({
        healthDeclaration: '体检合格',
        workRecord: '无违章',
        retrainingHours: 8,
        retrainingExamPassed: true,
        retrainingEvidence: '培训记录',
        tenYearCompliance: false,
      }),
    },
    {
      method: 'POST',
      route: '/api/certificates/reviews/:id/decision',
      client: () => a.province,
      params: id,
      body: () => ({ approve: false, refusalGround: 'health_failed', note: '体检不合格' }),
    },
    { method: 'GET', route: '/api/certificates/fake-queries', client: () => a.province, query: { days: '30' } },
  ];
}

/** The exams module's routes (EXM-1..9); ids are random, so writes past validation meet a 404. */
function examRouteCases(): RouteCase[] {
  const id = () => ({ id: randomUUID() });
  const code = () => ({ code: '1.2' });
  const question = {
    key: 'FZ-1',
    kind: 'single',
    knowledgePoint: '电工基础',
    difficulty: 1,
    stem: '我国工频交流电的频率为（ ）Hz。',
    options: ['50', '60'],
    answer: [0],
  };
  return [
    { method: 'GET', route: '/api/public/exam-sites', client: () => a.admin, query: { regionCode: '510107' } },
    // 考培分离 (issue 17): the bank, blueprints and pass marks are the province authority's.
    { method: 'GET', route: '/api/exams/bank', client: () => a.province },
    { method: 'GET', route: '/api/exams/bank/:code', client: () => a.province, params: code },
    {
      method: 'POST',
      route: '/api/exams/bank/:code/import',
      client: () => a.province,
      params: code,
      body: () => ({ questions: [question] }),
    },
    { method: 'POST', route: '/api/exams/bank/:code/import-xlsx', client: () => a.province, params: code },
    {
      method: 'PUT',
      route: '/api/exams/bank/:code/blueprint',
      client: () => a.province,
      params: code,
      body: () => ({
        sections: [{ kind: 'judge', knowledgePoint: null, count: 100, points: 1 }],
        timeLimitMinutes: 90,
        theoryPassMark: 80,
      }),
    },
    { method: 'GET', route: '/api/exams/sites', client: () => a.centre },
    { method: 'GET', route: '/api/exams/sites/:id', client: () => a.centre, params: id },
    {
      method: 'POST',
      route: '/api/exams/sites',
      client: () => a.centre,
      body: () => ({
        name: '模糊测试考试点',
        address: '成都市武侯区某路 1 号',
        regionCode: '510107',
        operatorOrgId: null,
        rooms: [{ name: '考场', seats: 30 }],
        stations: [{ name: '实物配电柜', itemCodes: ['1.2'], real: true }],
        itemCodes: ['1.2'],
      }),
    },
    {
      method: 'POST',
      route: '/api/exams/sites/:id/acceptance',
      client: () => a.province,
      params: id,
      body: () => ({ checks: [{ code: 'rooms', passed: true, note: '合格' }] }),
    },
    { method: 'GET', route: '/api/exams/site-applications', client: () => a.city, query: { status: 'submitted' } },
    { method: 'GET', route: '/api/exams/site-applications/:id', client: () => a.city, params: id },
    {
      method: 'POST',
      route: '/api/exams/sites/:id/applications',
      client: () => a.centre,
      params: id,
      body: () => ({
        name: '模糊测试考试点',
        address: '成都市武侯区某路 1 号',
        operatorOrgId: null,
        rooms: [{ name: '考场', seats: 30 }],
        stations: [{ name: '实物配电柜', itemCodes: ['1.2'], real: true }],
        itemCodes: ['1.2'],
      }),
    },
    {
      method: 'POST',
      route: '/api/exams/site-applications/:id/review',
      client: () => a.city,
      params: id,
      body: () => ({ decision: 'return', checks: [{ code: 'rooms', passed: false }], remarks: '考场不足' }),
    },
    {
      method: 'POST',
      route: '/api/exams/site-applications/:id/filing',
      client: () => a.province,
      params: id,
      body: () => ({ decision: 'file', filingNumber: '考点备〔2026〕51-9999号' }),
    },
    { method: 'GET', route: '/api/exams/centre-filing', client: () => a.city, query: { status: 'submitted' } },
    {
      method: 'POST',
      route: '/api/exams/centre-filing/applications',
      client: () => a.centre,
      body: () => ({
        level: 'city',
        name: '模糊测试考试中心',
        creditCode: '91510100MA61XXXX0X',
        address: '成都市武侯区某路 1 号',
        responsiblePerson: '张三',
        itemCodes: ['1.2'],
        staffCount: 10,
        examinerCount: 5,
      }),
    },
    {
      method: 'POST',
      route: '/api/exams/centre-filing/applications/:id/review',
      client: () => a.city,
      params: id,
      body: () => ({ decision: 'return', remarks: '材料不全' }),
    },
    {
      method: 'POST',
      route: '/api/exams/centre-filing/applications/:id/file',
      client: () => a.province,
      params: id,
      body: () => ({ decision: 'file', filingNumber: '考机备〔2026〕51-999号' }),
    },
    {
      method: 'POST',
      route: '/api/exams/centre-filings/:id/revoke',
      client: () => a.province,
      params: id,
      body: () => ({ reason: '违规组织考试' }),
    },
    {
      method: 'POST',
      route: '/api/exams/sites/:id/findings',
      client: () => a.province,
      params: id,
      body: () => ({ finding: 'facilities_failed' }),
    },
    { method: 'GET', route: '/api/exams/plans', client: () => a.centre },
    { method: 'GET', route: '/api/exams/results-deadlines', client: () => a.centre },
    {
      method: 'POST',
      route: '/api/exams/plans',
      client: () => a.centre,
      body: () => ({
        title: '模糊测试计划',
        regulatorOrgId: randomUUID(),
        lines: [{ siteId: randomUUID(), itemCode: '1.2', date: '2026-12-01', capacity: 30 }],
      }),
    },
    {
      method: 'POST',
      route: '/api/exams/plans/:id/decision',
      client: () => a.province,
      params: id,
      body: () => ({ approve: true, note: '同意' }),
    },
    {
      method: 'POST',
      route: '/api/exams/sessions',
      client: () => a.centre,
      body: () => ({ planId: randomUUID(), line: 0, startTime: '09:00' }),
    },
    { method: 'GET', route: '/api/exams/sessions', client: () => a.centre },
    {
      method: 'PUT',
      route: '/api/exams/sessions/:id',
      client: () => a.centre,
      params: id,
      body: () => ({ startTime: '09:30' }),
    },
    { method: 'DELETE', route: '/api/exams/sessions/:id', client: () => a.centre, params: id },
    { method: 'GET', route: '/api/exams/sessions/:id', client: () => a.centre, params: id },
    {
      method: 'POST',
      route: '/api/exams/sessions/:id/bookings',
      client: () => a.institution,
      params: id,
      body: () => ({ workerId: a.workerId }),
    },
    {
      method: 'POST',
      route: '/api/exams/bookings/:id/door-check',
      client: () => a.centre,
      params: id,
      body: () => ({ idNumber: a.workerIdNumber, photo: 'cGhvdG8=' }),
    },
    { method: 'GET', route: '/api/exams/door-records', client: () => a.centre },
    {
      method: 'POST',
      route: '/api/exams/door-holds/:id/decision',
      client: () => a.centre,
      params: id,
      body: () => ({ admit: true, reason: '核对身份证原件一致' }),
    },
    { method: 'GET', route: '/api/exams/bookings/:id/reference-photo', client: () => a.centre, params: id },
    { method: 'GET', route: '/api/exams/bank-proposals', client: () => a.province, query: { status: 'pending' } },
    {
      method: 'POST',
      route: '/api/exams/bank-proposals',
      client: () => a.centre,
      body: () => ({ itemCode: '1.2', question, reason: '模糊测试' }),
    },
    {
      method: 'POST',
      route: '/api/exams/bank-proposals/:id/decision',
      client: () => a.province,
      params: id,
      body: () => ({ accept: false, note: '不采纳' }),
    },
    // Issue 22: self-service onboarding (public routes get a signed-in client, which they ignore).
    {
      method: 'POST',
      route: '/api/onboarding/sms/send',
      client: () => a.admin,
      body: () => ({ phone: '13900001111', purpose: 'signup' }),
    },
    {
      method: 'POST',
      route: '/api/onboarding/sms/verify',
      client: () => a.admin,
      body: () => ({ phone: '13900001111', purpose: 'signup', code: '000000' }),
    },
    {
      method: 'POST',
      route: '/api/onboarding/workers',
      client: () => a.admin,
      body: () => ({
        ticket: 'not-a-ticket-at-all',
        name: '张三',
        idNumber: a.workerIdNumber,
        password: 'Sign-up-2026',
        regionCode: '510107',
        education: 'senior_high',
      }),
    },
    { method: 'GET', route: '/api/onboarding/me', client: () => a.candidate },
    {
      method: 'POST',
      route: '/api/onboarding/me/face',
      client: () => a.candidate,
      body: () => ({ photo: 'cGhvdG8=' }),
    },
    {
      method: 'POST',
      route: '/api/onboarding/org-applications',
      client: () => a.admin,
      body: () => ({
        ticket: 'not-a-ticket-at-all',
        kind: 'employer',
        name: '模糊测试单位',
        creditCode: '91510100MA61234567',
        regionCode: '510107',
        contactName: '陈经理',
        licence: 'iVBORw0KGgo=',
      }),
    },
    { method: 'GET', route: '/api/onboarding/org-applications', client: () => a.city, query: { status: 'pending' } },
    { method: 'GET', route: '/api/onboarding/org-applications/:id/licence', client: () => a.city, params: id },
    {
      method: 'POST',
      route: '/api/onboarding/org-applications/:id/decision',
      client: () => a.city,
      params: id,
      body: () => ({ decision: 'refuse', reason: '材料不全' }),
    },
    {
      method: 'POST',
      route: '/api/onboarding/invites/accept',
      client: () => a.admin,
      body: () => ({ token: 'not-a-token-at-all', password: 'Admin-pass-2026' }),
    },
    { method: 'GET', route: '/api/onboarding/dev/sms-outbox', client: () => a.admin },
    // Issue 22: password reset by SMS and the second factor (a wrong challenge, ticket or code refuses each).
    {
      method: 'POST',
      route: '/api/onboarding/password-reset',
      client: () => a.admin,
      body: () => ({ ticket: 'not-a-ticket-at-all', password: 'Reset-pass-2026' }),
    },
    {
      method: 'POST',
      route: '/api/auth/login/second-factor',
      client: () => a.admin,
      body: () => ({ challenge: 'not-a-challenge-at-all', method: 'totp', code: '123456' }),
    },
    {
      method: 'POST',
      route: '/api/auth/login/sms/send',
      client: () => a.admin,
      body: () => ({ challenge: 'not-a-challenge-at-all' }),
    },
    {
      method: 'POST',
      route: '/api/auth/login/sms',
      client: () => a.admin,
      body: () => ({ challenge: 'not-a-challenge-at-all', code: '123456' }),
    },
    { method: 'GET', route: '/api/auth/second-factor', client: () => a.institution },
    { method: 'POST', route: '/api/auth/second-factor/totp/start', client: () => a.institution },
    {
      method: 'POST',
      route: '/api/auth/second-factor/totp/confirm',
      client: () => a.institution,
      body: () => ({ code: '12345' }),
    },
    {
      method: 'POST',
      route: '/api/auth/second-factor/totp/disable',
      client: () => a.institution,
      body: () => ({ code: '12345' }),
    },
    {
      method: 'POST',
      route: '/api/onboarding/me/sms-factor',
      client: () => a.institution,
      body: () => ({ ticket: 'not-a-ticket-at-all', enabled: true }),
    },
    {
      method: 'POST',
      route: '/api/users/:id/second-factor/reset',
      client: () => a.admin,
      params: () => ({ id: a.spareUserId }),
    },
    { method: 'GET', route: '/api/exams/my-bookings', client: () => a.candidate },
    { method: 'GET', route: '/api/exams/my-open-sessions', client: () => a.candidate },
    {
      method: 'POST',
      route: '/api/exams/my-bookings',
      client: () => a.candidate,
      body: () => ({ sessionId: a.sessionId }),
    },
    { method: 'POST', route: '/api/exams/bookings/:id/paper', client: () => a.candidate, params: id },
    { method: 'GET', route: '/api/exams/bookings/:id/ticket', client: () => a.candidate, params: id },
    { method: 'GET', route: '/api/exams/papers/:id', client: () => a.candidate, params: id },
    {
      method: 'POST',
      route: '/api/exams/papers/:id/events',
      client: () => a.candidate,
      params: id,
      body: () => ({
        events: [
          { clientSeq: 1, kind: 'option_selected', position: 0, selected: [1], clientAt: '2026-11-23T02:00:00Z' },
        ],
      }),
    },
    { method: 'GET', route: '/api/exams/standards/:code', client: () => a.centre, params: code },
    {
      method: 'POST',
      route: '/api/exams/bookings/:id/practical-sheet',
      client: () => a.centre,
      params: id,
      body: () => ({ subjects: [{ code: 'K1', deductions: [{ points: 2, reason: '未检查绝缘手套' }] }] }),
    },
    { method: 'GET', route: '/api/exams/sessions/:id/archive', client: () => a.centre, params: id },
    {
      method: 'POST',
      route: '/api/exams/sessions/:id/archive',
      client: () => a.centre,
      params: id,
      body: () => ({ kind: 'video', label: '理论考场一', reference: 'nvr://site/room1/2026-11-23' }),
    },
    { method: 'POST', route: '/api/exams/sessions/:id/publish', client: () => a.centre, params: id },
    { method: 'GET', route: '/api/org/staff', client: () => a.employer },
    {
      method: 'POST',
      route: '/api/org/staff',
      client: () => a.employer,
      body: () => ({ username: `st${Date.now().toString(36)}`, displayName: '模糊测试', password: 'Fuzz-pass-2026' }),
    },
    {
      method: 'GET',
      route: '/api/employments',
      client: () => a.employer,
      query: {
        q: '张',
        kind: 'own',
        itemCode: '3.1',
        filing: 'due',
        alert: 'expiring',
        includeEnded: 'true',
        ...PAGING,
      },
    },
    { method: 'GET', route: '/api/employments/export.xlsx', client: () => a.employer, query: { kind: 'own' } },
    {
      method: 'POST',
      route: '/api/employments',
      client: () => a.employer,
      body: () => ({
        idNumber: makeIdNumber('1992-02-02'),
        kind: 'dispatched',
        providerName: '某劳务派遣公司',
        itemCodes: ['3.1'],
        hiredOn: '2026-11-20',
      }),
    },
    {
      method: 'POST',
      route: '/api/employments/batch-file',
      client: () => a.employer,
      body: () => ({ ids: [randomUUID()] }),
    },
    {
      method: 'POST',
      route: '/api/employments/:id/file',
      client: () => a.employer,
      params: () => ({ id: a.employmentId }),
    },
    {
      method: 'POST',
      route: '/api/employments/:id/items',
      client: () => a.employer,
      params: () => ({ id: a.employmentId }),
      body: () => ({ itemCode: '3.1' }),
    },
    { method: 'GET', route: '/api/employer/profile', client: () => a.employer },
    { method: 'GET', route: '/api/employer/sanction', client: () => a.employer },
    {
      method: 'PUT',
      route: '/api/employer/profile',
      client: () => a.employer,
      body: () => ({ principalName: '王五', principalTitle: '法定代表人' }),
    },
    {
      method: 'POST',
      route: '/api/employments/:id/end',
      client: () => a.employer,
      params: () => ({ id: a.employmentId }),
      body: () => ({ endedOn: '2026-11-22', reason: '合同到期' }),
    },
    { method: 'GET', route: '/api/employments/supervision', client: () => a.province },
    { method: 'GET', route: '/api/employments/alerts', client: () => a.employer },
    { method: 'GET', route: '/api/employment-imports', client: () => a.employer },
    { method: 'GET', route: '/api/employer-cases', client: () => a.province, query: { status: 'proposed' } },
    {
      method: 'POST',
      route: '/api/employer-cases/:id/decide',
      client: () => a.province,
      params: () => ({ id: a.caseId }),
      body: () => ({ decision: 'dismiss', note: '已整改' }),
    },
    { method: 'GET', route: '/api/employment-imports/template.xlsx', client: () => a.employer },
    { method: 'POST', route: '/api/employment-imports', client: () => a.employer, query: { fileName: 'x.xlsx' } },
    {
      method: 'GET',
      route: '/api/employment-imports/:id',
      client: () => a.employer,
      params: () => ({ id: a.importId }),
    },
    {
      method: 'POST',
      route: '/api/employment-imports/:id/commit',
      client: () => a.employer,
      params: () => ({ id: a.importId }),
    },
    {
      method: 'GET',
      route: '/api/employment-imports/templates/:file',
      client: () => a.employer,
      params: () => ({ file: 'ledger.xlsx' }),
    },
    {
      method: 'POST',
      route: '/api/employment-imports/kinds/:kind',
      client: () => a.employer,
      params: () => ({ kind: 'ledger' }),
      query: { fileName: 'x.csv' },
    },
    {
      method: 'GET',
      route: '/api/employment-imports/:id/problems',
      client: () => a.employer,
      params: () => ({ id: a.importId }),
      query: PAGING,
    },
    {
      method: 'GET',
      route: '/api/employment-imports/:id/rows',
      client: () => a.employer,
      params: () => ({ id: a.importId }),
      query: PAGING,
    },
    { method: 'GET', route: '/api/employer/certificate-checks', client: () => a.employer },
    {
      method: 'POST',
      route: '/api/employer/certificate-checks',
      client: () => a.employer,
      body: () => ({ number: 'T510107198801011234', name: '张三' }),
    },
    { method: 'GET', route: '/api/training-plan', client: () => a.employer, query: { year: '2027' } },
    {
      method: 'POST',
      route: '/api/training-plan',
      client: () => a.employer,
      body: () => ({
        year: 2027,
        itemCode: '3.1',
        purpose: 'review',
        headcount: 3,
        plannedFrom: '2027-04-01',
        plannedTo: '2027-04-10',
        note: '复审',
      }),
    },
    {
      method: 'POST',
      route: '/api/training-plan/:id/class',
      client: () => a.employer,
      params: () => ({ id: a.planLineId }),
      body: () => ({ classId: null }),
    },
    {
      method: 'DELETE',
      route: '/api/training-plan/:id',
      client: () => a.employer,
      params: () => ({ id: a.planLineId }),
    },
    { method: 'GET', route: '/api/exams/staff', client: () => a.centre },
    { method: 'GET', route: '/api/exams/attempt-imports', client: () => a.centre },
    {
      method: 'GET',
      route: '/api/exams/attempt-imports/mappings/:vendor',
      client: () => a.centre,
      params: () => ({ vendor: '模糊测试厂商' }),
    },
    {
      method: 'PUT',
      route: '/api/exams/attempt-imports/mappings/:vendor',
      client: () => a.centre,
      params: () => ({ vendor: '模糊测试厂商' }),
      body: () => ({ headers: { 身份证号: 'idNumber' }, sites: {}, sessions: {} }),
    },
    {
      method: 'POST',
      route: '/api/exams/attempt-imports',
      client: () => a.centre,
      body: () => ({
        vendor: '模糊测试厂商',
        rows: [
          {
            idNumber: a.workerIdNumber,
            siteId: randomUUID(),
            sessionId: randomUUID(),
            itemCode: '1.2',
            vendorItemId: 'V1',
            key: 'A',
            chosen: 'B',
            correct: false,
            responseSeconds: 5,
          },
        ],
      }),
    },
    {
      method: 'POST',
      route: '/api/exams/attempt-imports/csv',
      client: () => a.centre,
      query: { vendor: '模糊测试厂商' },
    },
    {
      method: 'POST',
      route: '/api/exams/staff',
      client: () => a.centre,
      body: () => ({
        name: '模糊测试考评员',
        idNumber: a.workerIdNumber,
        duties: ['examiner'],
        employer: 'exam_centre',
        username: null,
        training: [{ date: '2026-01-10', course: '考评员培训', organiser: '省考试中心', passed: true }],
        certificates: [{ number: 'T01000001', holderName: '模糊测试考评员', itemCodes: ['1.2'], validUntil: null }],
      }),
    },
    {
      method: 'PUT',
      route: '/api/exams/staff/:id',
      client: () => a.centre,
      params: id,
      body: () => ({
        name: '模糊测试考评员',
        duties: ['proctor'],
        employer: 'exam_centre',
        training: [],
        certificates: [],
      }),
    },
    {
      method: 'POST',
      route: '/api/exams/staff/:id/deactivate',
      client: () => a.centre,
      params: id,
      body: () => ({ reason: '调离' }),
    },
    {
      method: 'PUT',
      route: '/api/exams/sessions/:id/chief-examiner',
      client: () => a.centre,
      params: id,
      body: () => ({ staffId: randomUUID() }),
    },
    {
      method: 'POST',
      route: '/api/exams/papers/:id/submit',
      client: () => a.candidate,
      params: id,
      body: () => ({ clientSeq: 2, answers: [{ position: 0, selected: [1] }] }),
    },
    {
      method: 'GET',
      route: '/api/integrity/flags',
      client: () => a.city,
      query: { status: 'open', siteId: randomUUID(), rule: 'INT-1', ...PAGING },
    },
    { method: 'GET', route: '/api/integrity/flags/:id', client: () => a.city, params: id },
    {
      method: 'POST',
      route: '/api/integrity/flags/:id/decision',
      client: () => a.city,
      params: id,
      body: () => ({ decision: 'confirm', reason: '录像核实', cancelScore: true, proposeSuspension: true, months: 1 }),
    },
    {
      method: 'POST',
      route: '/api/integrity/flags/:id/explanation',
      client: () => a.centre,
      params: id,
      body: () => ({ explanation: '已调阅录像，考生独立作答' }),
    },
    { method: 'GET', route: '/api/integrity/flags/:id/report.pdf', client: () => a.city, params: id },
    { method: 'GET', route: '/api/integrity/sites', client: () => a.city },
    { method: 'GET', route: '/api/integrity/sites/:id/report.pdf', client: () => a.city, params: id },
    { method: 'GET', route: '/api/integrity/sites/:id/register', client: () => a.centre, params: id },
    {
      method: 'PUT',
      route: '/api/integrity/sites/:id/register',
      client: () => a.centre,
      params: id,
      body: () => ({ devices: ['PC-01'], networks: ['10.0.0.0/8'] }),
    },
    { method: 'GET', route: '/api/integrity/proposals', client: () => a.city },
    { method: 'GET', route: '/api/integrity/scores', client: () => a.city, query: PAGING },
    { method: 'GET', route: '/api/integrity/scores.xlsx', client: () => a.city },
    { method: 'GET', route: '/api/integrity/compromised-items', client: () => a.city },
    { method: 'GET', route: '/api/integrity/scans', client: () => a.city },
    {
      method: 'POST',
      route: '/api/integrity/scans',
      client: () => a.city,
      body: () => ({ from: '2026-11-01', to: '2026-11-30' }),
    },
    { method: 'GET', route: '/api/integrity/patrol', client: () => a.city },
    { method: 'GET', route: '/api/integrity/patrol/stream', client: () => a.city },
    { method: 'GET', route: '/api/integrity/patrol/sessions/:id', client: () => a.city, params: id },
    {
      method: 'POST',
      route: '/api/integrity/patrol/sessions/:id/actions',
      client: () => a.city,
      params: id,
      body: () => ({ paperId: randomUUID(), action: 'warning', reason: '左顾右盼' }),
    },
    { method: 'GET', route: '/api/integrity/visits', client: () => a.city },
    {
      method: 'POST',
      route: '/api/integrity/visits/draw',
      client: () => a.city,
      body: () => ({ date: '2026-11-23', count: 2 }),
    },
    {
      method: 'POST',
      route: '/api/integrity/visits/:id/findings',
      client: () => a.city,
      params: id,
      body: () => ({ findings: '秩序正常' }),
    },
    { method: 'GET', route: '/api/analytics/dashboard', client: () => a.city, query: { region: '510107' } },
    { method: 'GET', route: '/api/analytics/dashboard.xlsx', client: () => a.city, query: { region: '510107' } },
    {
      method: 'GET',
      route: '/api/analytics/dashboard/:metric',
      client: () => a.city,
      params: () => ({ metric: 'certificates_expiring' }),
      query: { region: '510107', ...PAGING },
    },
    {
      method: 'GET',
      route: '/api/analytics/dashboard/:metric/records.xlsx',
      client: () => a.city,
      params: () => ({ metric: 'findings_open' }),
      query: { region: '510107' },
    },
    {
      method: 'GET',
      route: '/api/analytics/campaign',
      client: () => a.city,
      query: { from: '2026-11-01', to: '2026-11-30' },
    },
    {
      method: 'GET',
      route: '/api/analytics/campaign.xlsx',
      client: () => a.city,
      query: { from: '2026-11-01', to: '2026-11-30' },
    },
    {
      method: 'GET',
      route: '/api/analytics/campaign.pdf',
      client: () => a.city,
      query: { from: '2026-11-01', to: '2026-11-30' },
    },
    {
      method: 'GET',
      route: '/api/analytics/campaign/:figure',
      client: () => a.city,
      params: () => ({ figure: 'employers_problems' }),
      query: { from: '2026-11-01', to: '2026-11-30' },
    },
    { method: 'GET', route: '/api/injuries/template.xlsx', client: () => a.city },
    { method: 'POST', route: '/api/injuries/imports', client: () => a.city, query: { fileName: 'x.xlsx' } },
    { method: 'GET', route: '/api/injuries/imports', client: () => a.city },
    {
      method: 'GET',
      route: '/api/injuries/imports/templates/:file',
      client: () => a.city,
      params: () => ({ file: 'injuries.xlsx' }),
    },
    {
      method: 'POST',
      route: '/api/injuries/imports/kinds/:kind',
      client: () => a.city,
      params: () => ({ kind: 'injuries' }),
      query: { fileName: 'x.csv' },
    },
    { method: 'GET', route: '/api/injuries/imports/:id', client: () => a.city, params: () => ({ id: randomUUID() }) },
    {
      method: 'GET',
      route: '/api/injuries/imports/:id/problems',
      client: () => a.city,
      params: () => ({ id: randomUUID() }),
      query: PAGING,
    },
    {
      method: 'GET',
      route: '/api/injuries/imports/:id/rows',
      client: () => a.city,
      params: () => ({ id: randomUUID() }),
      query: PAGING,
    },
    {
      method: 'POST',
      route: '/api/injuries/imports/:id/commit',
      client: () => a.city,
      params: () => ({ id: randomUUID() }),
    },
    {
      method: 'GET',
      route: '/api/injuries/analysis',
      client: () => a.city,
      query: { from: '2026-01-01', to: '2026-11-23', region: '510107' },
    },
    {
      method: 'GET',
      route: '/api/injuries/analysis.xlsx',
      client: () => a.city,
      query: { from: '2026-01-01', to: '2026-11-23' },
    },
    {
      method: 'GET',
      route: '/api/injuries/records',
      client: () => a.city,
      query: { from: '2026-01-01', to: '2026-11-23', dimension: 'item', key: '1.1', standing: 'not_valid', ...PAGING },
    },
  ];
}

function fillPath(route: string, params: Record<string, string>): string {
  return route.replace(/:(\w+)/g, (_, name: string) => params[name]);
}

/** Percent-encodes as a browser would; a lone surrogate (not encodable) goes as the bytes of invalid UTF-8. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

function queryString(query: Record<string, string>): string {
  const s = Object.entries(query)
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .join('&');
  return s ? `?${s}` : '';
}

/** Every request a route case expands to: bad params, bad query values, bad bodies. */
function requestsFor(c: RouteCase): Array<{ label: string; opts: InjectOptions }> {
  const params = c.params?.() ?? {};
  const path = fillPath(c.route, params);
  const query = c.query ?? {};
  const base = { method: c.method, url: path + queryString(query) };
  const out: Array<{ label: string; opts: InjectOptions }> = [];
  for (const name of Object.keys(params)) {
    for (const bad of name === 'code' ? BAD_CODES : BAD_IDS) {
      const url = fillPath(c.route, { ...params, [name]: bad }) + queryString(query);
      out.push({ label: `:${name}=${bad.slice(0, 40)}`, opts: { ...base, url, payload: c.body?.() } });
    }
  }
  const queryFields = { ...query, page: query.page ?? '1' };
  for (const key of Object.keys(queryFields)) {
    for (const bad of [
      '-1',
      '0',
      'abc',
      '1e309',
      '99999999999999999999',
      ...SQLISH,
      ...UNICODE,
      ...EDGE_STRINGS.filter((s) => s.length < 5000),
      'x'.repeat(5000),
    ]) {
      const q = { ...queryFields, [key]: bad };
      out.push({
        label: `?${key}=${JSON.stringify(bad).slice(0, 40)}`,
        opts: { ...base, url: path + queryString(q), payload: c.body?.() },
      });
    }
  }
  out.push({
    label: '?unknown=1',
    opts: { ...base, url: path + queryString({ ...query, unknown: '1' }), payload: c.body?.() },
  });
  out.push({
    label: '?page=1&page=2',
    opts: { ...base, url: `${path + queryString(query)}${Object.keys(query).length ? '&' : '?'}page=1&page=2` },
  });
  out.push({ label: '?page[a]=1', opts: { ...base, url: `${path}?page[a]=1` } });
  if (c.method !== 'GET') {
    for (const raw of RAW_BODIES) {
      const headers = raw.contentType ? { 'content-type': raw.contentType } : {};
      out.push({ label: `body: ${raw.label}`, opts: { ...base, payload: raw.payload, headers } });
    }
    const body = c.body?.();
    if (body) {
      out.push({ label: 'body: unknown field', opts: { ...base, payload: { ...body, isAdmin: true } } });
      out.push({
        label: 'body: array of the valid object',
        opts: { ...base, payload: JSON.stringify([body]), headers: { 'content-type': 'application/json' } },
      });
      for (const m of fieldMutations(body))
        out.push({ label: `body: ${m.label}`, opts: { ...base, payload: m.body as InjectOptions['payload'] } });
      for (const key of Object.keys(body)) {
        // JSON.stringify cannot write a number JSON.parse reads as Infinity: splice it in as text.
        const infinite = JSON.stringify({ ...body, [key]: '__INFINITY__' }).replace('"__INFINITY__"', '1e309');
        out.push({
          label: `body: ${key}=1e309`,
          opts: { ...base, payload: infinite, headers: { 'content-type': 'application/json' } },
        });
        const { [key]: _dropped, ...rest } = body;
        out.push({ label: `body: missing ${key}`, opts: { ...base, payload: rest } });
      }
    }
  }
  return out;
}

async function auditHead(): Promise<number> {
  const result = await p.ctx.db.execute(sql`select coalesce(max(seq), 0)::int as seq from audit_records`);
  const rows = (result as unknown as { rows: Array<{ seq: number }> }).rows;
  return Number(rows[0].seq);
}

/** Defines the fuzz suite for the routes whose index in the table is `shard` modulo `shards`. */
export function fuzzRoutes(shard: number, shards: number) {
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p.close());

  describe('no input may produce a 500', () => {
    beforeAll(async () => {
      const platformOrg = await makeOrg(p, { kind: 'platform', regionCode: '110000' });
      const province = await makeOrg(p, { kind: 'regulator', regionCode: '510000' });
      const institution = await makeOrg(p, { kind: 'institution', regionCode: '510107' });
      const admin = await makeUser(p, { role: 'system_admin', org: platformOrg });
      const regulator = await makeUser(p, { role: 'province_regulator', org: province });
      const trainer = await makeUser(p, { role: 'institution_admin', org: institution });
      // Reset, disabled and edited by the fuzzing of the account routes: nobody's client signs in as it.
      const spare = await makeUser(p, { role: 'institution_admin', org: institution });
      const idNumber = makeIdNumber();
      const worker = await makeWorker(p, regulator.actor, { idNumber });
      const cityRegulator = await makeUser(p, {
        role: 'city_regulator',
        org: await makeOrg(p, { kind: 'regulator', regionCode: '510100' }),
      });
      const teacher = await addTeacher(p.ctx, trainer.actor, compliantTeachers()[0]);
      for (const t of compliantTeachers().slice(1)) await addTeacher(p.ctx, trainer.actor, t);
      const filed = await submitFiling(p.ctx, trainer.actor, { scope: ['1.1'], facts: compliantFacts() });
      await reviewFiling(p.ctx, cityRegulator.actor, filed.id, { decision: 'approve' });
      await recordFiling(p.ctx, regulator.actor, filed.id);
      await setSyllabusHours(p.ctx, await platformOperator(p), {
        code: '1.1',
        theoryHours: 10,
        practicalHours: 2,
        confirmed: false,
      });
      const cls = await openClass(p.ctx, trainer.actor, {
        itemCode: '1.1',
        name: '模糊测试班',
        opensAt: '2026-11-23T01:00:00Z',
      });
      const session = await scheduleSession(p.ctx, trainer.actor, cls.id, {
        subject: 'theory',
        mode: 'offline',
        topic: '法规',
        startsAt: '2026-11-23T01:00:00Z',
        endsAt: '2026-11-23T03:00:00Z',
        teacherId: teacher.id,
      });
      const filing = await submitFiling(p.ctx, trainer.actor, { scope: ['1.1'], facts: compliantFacts() });
      const centre = await makeUser(p, {
        role: 'exam_centre_staff',
        org: await makeOrg(p, { kind: 'exam_centre', regionCode: '510000' }),
      });
      const candidate = await makeUser(p, { role: 'worker', workerId: worker.id });
      const employer = await makeUser(p, {
        role: 'employer_admin',
        org: await makeOrg(p, { kind: 'employer', regionCode: '510107' }),
      });
      // EMP-1: no certificate, so no item; the not_found check before hiring still yields an EMP-4 proposal.
      await checkCertificate(p.ctx, employer.actor, { number: `T${idNumber}`, name: '张三' });
      const employment = await hireWorker(p.ctx, employer.actor, {
        idNumber,
        kind: 'own',
        itemCodes: [],
        hiredOn: '2026-11-20',
      });
      const planLine = await addPlanLine(p.ctx, employer.actor, {
        year: 2027,
        itemCode: '3.1',
        purpose: 'initial',
        headcount: 2,
        plannedFrom: '2027-03-01',
        plannedTo: '2027-03-10',
      });
      const started = await importLedgerInline(p.ctx, employer.actor, {
        fileName: 'x.csv',
        format: 'csv',
        buffer: Buffer.from(
          `姓名,身份证号,用工形式,作业项目代码,聘用日期\n王五,${makeIdNumber('1991-01-01')},临时,3.1,2026-11-01\n`,
        ),
      });
      await proposeUncertifiedCases(p.ctx);
      const [proposal] = (
        (await p.ctx.db.execute(sql`select id from employer_case_proposals limit 1`)) as unknown as {
          rows: Array<{ id: string }>;
        }
      ).rows;
      a = {
        classId: cls.id,
        sessionId: session.id,
        city: await signIn(p, cityRegulator.username),
        filingId: filing.id,
        teacherId: teacher.id,
        centre: await signIn(p, centre.username),
        candidate: await signIn(p, candidate.username),
        admin: await signIn(p, admin.username),
        province: await signIn(p, regulator.username),
        institution: await signIn(p, trainer.username),
        forLogout: await signIn(p, admin.username),
        workerId: worker.id,
        workerIdNumber: idNumber,
        userId: trainer.user.id,
        spareUserId: spare.user.id,
        institutionOrgId: institution.id,
        employer: await signIn(p, employer.username),
        employmentId: employment.id,
        planLineId: planLine.id,
        importId: started.id,
        caseId: proposal.id,
      };
    });

    it.runIf(shard === 0)('the fuzz table covers every /api route the app registers', () => {
      const covered = routeCases()
        .map((c) => `${c.method} ${c.route}`)
        .sort();
      expect(covered).toEqual(registeredApiRoutes(p.app));
    });

    // One test per route, so a failure names the route; each request names its malformed input.
    for (const [index, rc] of routeCases().entries()) {
      if (index % shards !== shard) continue;
      const { method, route } = rc;
      it(`${method} ${route}: malformed input is a 4xx problem, never a 500, and a refused write changes nothing`, {
        timeout: 240_000,
      }, async () => {
        const failures: string[] = [];
        const writes = method !== 'GET';
        // The audit head before each request: read once, then again only after a request that may move it.
        let before = writes ? await auditHead() : 0;
        for (const { label, opts } of requestsFor(rc)) {
          const res = await rc.client().inject({ ...opts, remoteAddress: nextAddress() });
          const what = `${method} ${route} with ${label} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          const after = writes ? await auditHead() : 0;
          if (res.statusCode >= 500) failures.push(what);
          else if (res.statusCode >= 400) {
            try {
              expectProblem(res, what);
            } catch (err) {
              failures.push(`${what}: ${(err as Error).message.split('\n')[0]}`);
            }
            // A refused write leaves no audit record, hence no change (SEC-1: every write is audited).
            // A failed log-in is itself recorded, by design.
            if (writes && route !== '/api/auth/login' && after !== before)
              failures.push(`${what}: a refused request wrote an audit record`);
          }
          before = after;
        }
        expect(failures).toEqual([]);
      });
    }

    it.runIf(shard === 0)('an unknown /api path is a 404 problem', async () => {
      for (const url of ['/api/nope', '/api/workers/x/y/z', '/api/', '/api/auth/me/extra']) {
        const res = await a.province.get(url);
        expect(res.statusCode, url).toBe(404);
        expectProblem(res, url);
      }
      const wrongMethod = await a.province.inject({ method: 'DELETE', url: '/api/workers' });
      expect(wrongMethod.statusCode).toBe(404);
      expectProblem(wrongMethod, 'DELETE /api/workers');
    });

    it.runIf(shard === 0)('SEC-2 malformed cookies and CSRF headers are refused or ignored, never a 500', async () => {
      const cookies = [
        'ql_session=',
        'ql_session=%ZZ',
        `ql_session=${'a'.repeat(101)}`,
        `ql_session=${'a'.repeat(5000)}`,
        'ql_session=张三',
        'ql_session=a; ql_session=b',
        '=;;==;',
        'ql_session="quoted"',
      ];
      for (const cookie of cookies) {
        for (const method of ['GET', 'POST'] as const) {
          const res = await p.app.inject({
            method,
            url: method === 'GET' ? '/api/auth/me' : '/api/organisations',
            headers: { cookie },
            payload: method === 'POST' ? {} : undefined,
          });
          expect(res.statusCode, `${method} ${cookie.slice(0, 40)}`).toBeLessThan(500);
          expectProblem(res, cookie);
        }
      }
      for (const token of [
        '',
        ' ',
        'x'.repeat(10_000),
        a.admin.csrfToken.toUpperCase(),
        `${a.admin.csrfToken} `,
        `${a.admin.csrfToken},${a.admin.csrfToken}`,
      ]) {
        const res = await p.app.inject({
          method: 'POST',
          url: '/api/organisations',
          headers: { cookie: a.admin.cookie, 'x-csrf-token': token },
          payload: { kind: 'exam_site', name: 'CSRF 测试', regionCode: '510107' },
        });
        expect(res.statusCode, `token ${token.slice(0, 20)}`).toBe(403);
        expectProblem(res, token);
        expect(res.json().type).toBe('urn:quanlian:problem:csrf');
      }
    });
  });
}
