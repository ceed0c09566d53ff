// Exam sites for tests of later steps (plans, sessions, integrity, supervision), brought into use
// through the real EXM-1 chain: the city regulator of the site's region accepts it against the whole
// checklist and the province files it. A regulator organisation already at that level is reused.
import type { Actor, Role } from '../kernel/access.js';
import { acceptSite, ACCEPTANCE_CHECKLIST, fileSite } from '../modules/exams/index.js';
import { findSite } from '../modules/exams/index.js';
import { listOrganisations, type OrganisationRow } from '../modules/organisations/index.js';
import { makeOrg, makeUser, signIn, type Client, type TestPlatform } from './harness.js';

async function regulatorAt(p: TestPlatform, regionCode: string, role: Role): Promise<Actor> {
  const { items } = await listOrganisations(p.ctx.db, {
    kind: 'regulator',
    regionPrefix: regionCode,
    page: 1,
    pageSize: 50,
  });
  const found: OrganisationRow | undefined = items.find((o) => o.regionCode === regionCode);
  const org = found
    ? ({ ...found, kind: 'regulator' } as unknown as Awaited<ReturnType<typeof makeOrg>>)
    : await makeOrg(p, { kind: 'regulator', regionCode });
  return (await makeUser(p, { role, org })).actor;
}

/** EXM-1: the province of the site files the application its city accepted. */
export async function fileSiteAsProvince(p: TestPlatform, siteId: string) {
  const site = await findSite(p.ctx.db, siteId);
  if (!site) throw new Error(`no site ${siteId}`);
  return fileSite(p.ctx, await regulatorAt(p, `${site.regionCode.slice(0, 2)}0000`, 'province_regulator'), siteId);
}

/** EXM-1: the whole chain after the centre's application — city acceptance, then the province's filing. */
export async function acceptAndFileSite(p: TestPlatform, siteId: string) {
  const site = await findSite(p.ctx.db, siteId);
  if (!site) throw new Error(`no site ${siteId}`);
  const city = await regulatorAt(p, `${site.regionCode.slice(0, 4)}00`, 'city_regulator');
  const review = await acceptSite(
    p.ctx,
    city,
    siteId,
    ACCEPTANCE_CHECKLIST.map((c) => ({ code: c.code, passed: true })),
  );
  if (!review.accepted) throw new Error(`site ${siteId} not accepted: ${review.failures.join('; ')}`);
  return fileSiteAsProvince(p, siteId);
}

/**
 * A filed site in `county` (EXM-1) of a new city exam centre of that county's city: the centre's staff
 * applies through HTTP (one room, a real low-voltage cabinet for item 1.2), then the city accepts and
 * the province files. Returns the centre, its staff's client and the site.
 */
export async function filedSiteOf(p: TestPlatform, county: string, o: { name?: string } = {}) {
  const centre = await makeOrg(p, { kind: 'exam_centre', regionCode: `${county.slice(0, 4)}00` });
  const staff: Client = await signIn(p, (await makeUser(p, { role: 'exam_centre_staff', org: centre })).username);
  const res = await staff.post('/api/exams/sites', {
    name: o.name ?? `${county}考试点`,
    address: '某路 1 号',
    regionCode: county,
    rooms: [{ name: '理论考场', seats: 30 }],
    stations: [{ name: '低压实物配电柜', itemCodes: ['1.2'], real: true }],
    itemCodes: ['1.2'],
  });
  if (res.statusCode !== 201) throw new Error(`site not created: ${res.statusCode} ${res.body}`);
  const site = res.json() as { id: string; name: string };
  await acceptAndFileSite(p, site.id);
  return { centre, staff, site, siteId: site.id };
}
