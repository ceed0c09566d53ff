// National cryptography (issue 21, SEC-1/SEC-3, CER-3): the SM2/SM3/SM4 primitives against the
// standards' published vectors, the vault's formats, SM2-signed credentials beside Ed25519 ones, and
// `vault:rotate` re-sealing a live database. The platform tests switch the profile of one database
// from international to gm, as a deployment does.
import { createCipheriv, createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { sm2, sm3, sm4 } from 'sm-crypto-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendAudit,
  checkpointSignatureValid,
  configureAuditChain,
  verifyAuditChain,
  writeAuditCheckpoint,
} from './audit.js';
import { deliverEvents, emitEvent } from './events.js';
import { type CryptoProfile, SM2_DEFAULT_USER_ID, sm2Sign, sm2Verify, sm4GcmDecrypt, sm4GcmEncrypt } from './gm.js';
import { childrenOf } from './regions.js';
import { PersonalDataVault } from './vault.js';
import { linkWorkerToOrganisation } from '../modules/registry/index.js';
import { subscribers } from '../subscribers.js';
import {
  makeIdNumber,
  makeWorker,
  queryRows,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
} from '../testing/harness.js';
import { rotateVault } from '../vault-rotation.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('SM3 (GB/T 32905-2016, appendix A)', () => {
  it('example 1: "abc"', () => {
    const expected = '66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 4167c487 5cf2f7a2 297da02b 8f4ba8e0'.replace(/ /g, '');
    expect(createHash('sm3').update('abc').digest('hex')).toBe(expected);
    expect(sm3('abc')).toBe(expected);
  });

  it('example 2: "abcd" × 16 (512 bits)', () => {
    const expected = 'debe9ff9 2275b8a1 38604889 c18e5a4d 6fdb70e5 387e5765 293dcba3 9c0c5732'.replace(/ /g, '');
    expect(createHash('sm3').update('abcd'.repeat(16)).digest('hex')).toBe(expected);
    expect(sm3('abcd'.repeat(16))).toBe(expected);
  });

  it('HMAC-SM3 (RFC 2104 over SM3): Node and the library agree', () => {
    const key = randomBytes(32);
    expect(createHmac('sm3', key).update('quanlian').digest('hex')).toBe(sm3('quanlian', { key }));
  });
});

describe('SM4 (GB/T 32907-2016, appendix A; RFC 8998 appendix A.1)', () => {
  it('example 1: one block, key = plaintext = 0123456789abcdeffedcba9876543210', () => {
    const block = hex('0123456789abcdeffedcba9876543210');
    const cipher = createCipheriv('sm4-ecb', block, null).setAutoPadding(false);
    expect(Buffer.concat([cipher.update(block), cipher.final()]).toString('hex')).toBe(
      '681edf34d206965e86b3e94f536e4246',
    );
  });

  it('SM4-GCM: the RFC 8998 vector, and a changed byte or tag is refused', () => {
    const key = hex('0123456789ABCDEFFEDCBA9876543210');
    const iv = hex('00001234567800000000ABCD');
    const aad = hex('FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2');
    const plain = hex(
      'AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA',
    );
    // The vault seals without associated data, so the vector goes through the library directly.
    const { output, tag } = sm4.encrypt(plain, key, {
      mode: 'gcm',
      iv,
      associatedData: aad,
      output: 'array',
      outputTag: true,
    });
    expect(Buffer.from(output).toString('hex')).toBe(
      '17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d',
    );
    expect(Buffer.from(tag!).toString('hex')).toBe('83de3541e4c2b58177e065a9bf7b62ec');
    // Our wrapper: round trip, and authentication.
    const sealed = sm4GcmEncrypt(key, iv, plain);
    expect(sm4GcmDecrypt(key, iv, sealed.body, sealed.tag).equals(plain)).toBe(true);
    const body = Buffer.from(sealed.body);
    body[3] ^= 1;
    expect(() => sm4GcmDecrypt(key, iv, body, sealed.tag)).toThrow();
    expect(() => sm4GcmDecrypt(randomBytes(16), iv, sealed.body, sealed.tag)).toThrow();
  });
});

describe('SM2 signature (GB/T 32918.2, default user id 1234567812345678)', () => {
  // GM/T 0003.5-2012 Annex A (GB/T 32918.5-2017): the example on the recommended curve — key, message
  // "message digest", ID 1234567812345678, nonce k and signature (r, s) — as OpenSSL's sm2 tests use it.
  const privateKey = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
  const publicKey =
    '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';
  const signature =
    'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa';
  const message = new TextEncoder().encode('message digest');

  it('the example key pair and its known signature verify; a changed message or user id does not', () => {
    expect(sm2.getPublicKeyFromPrivateKey(privateKey)).toBe(publicKey);
    expect(sm2Verify(message, hex(signature), publicKey)).toBe(true);
    expect(sm2Verify(new TextEncoder().encode('message digesT'), hex(signature), publicKey)).toBe(false);
    expect(sm2.doVerifySignature(message, signature, publicKey, { hash: true, userId: 'someone-else' })).toBe(false);
    expect(SM2_DEFAULT_USER_ID).toBe('1234567812345678');
  });

  it('with the standard nonce k the signature is exactly the standard (r, s)', () => {
    const k = '59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21';
    const x1 = sm2.getPublicKeyFromPrivateKey(k).slice(2, 66);
    const sig = sm2.doSignature(message, privateKey, {
      hash: true,
      publicKey,
      userId: SM2_DEFAULT_USER_ID,
      pointPool: [{ k: BigInt(`0x${k}`), x1: BigInt(`0x${x1}`) }],
    });
    expect(sig).toBe(signature);
  });

  it('sign → verify round trip; a changed byte of the signature fails; another key fails', () => {
    const sig = sm2Sign(message, privateKey, publicKey);
    expect(sig.length).toBe(64);
    expect(sm2Verify(message, sig, publicKey)).toBe(true);
    const bad = Buffer.from(sig);
    bad[10] ^= 1;
    expect(sm2Verify(message, bad, publicKey)).toBe(false);
    expect(sm2Verify(message, sig, sm2.generateKeyPairHex().publicKey)).toBe(false);
  });
});

describe('SEC-3 vault formats', () => {
  const secret = randomBytes(32);
  const international = new PersonalDataVault(secret);
  const gm = new PersonalDataVault(secret, { profile: 'gm' });

  it('SEC-3 gm seals with SM4-GCM (g1), international with AES-256-GCM (v1); each opens both', () => {
    const a = international.seal('510107198506150011');
    const g = gm.seal('510107198506150011');
    expect(a.startsWith('v1.')).toBe(true);
    expect(g.startsWith('g1.')).toBe(true);
    for (const v of [international, gm]) {
      expect(v.open(a)).toBe('510107198506150011');
      expect(v.open(g)).toBe('510107198506150011');
    }
    expect(gm.openWithOrigin(g).current).toBe(true);
    expect(gm.openWithOrigin(a).current).toBe(false);
    const [ver, iv, tag, body] = g.split('.');
    const changed = Buffer.from(body, 'base64url');
    changed[0] ^= 1;
    expect(() => gm.open([ver, iv, tag, changed.toString('base64url')].join('.'))).toThrow();
  });

  it('SEC-3 look-up hashes: HMAC-SM3 under gm, HMAC-SHA-256 otherwise; lookupHashes covers both', () => {
    const g = gm.lookupHash('id_number', '510107198506150011');
    const a = international.lookupHash('id_number', '510107198506150011');
    expect(g).not.toBe(a);
    expect(gm.lookupHashes('id_number', '510107198506150011')).toEqual([g, a]);
  });

  it('SEC-3 QUANLIAN_SECRET_PREVIOUS opens the old secret’s seals, which count as not current', () => {
    const oldSecret = randomBytes(32);
    const old = new PersonalDataVault(oldSecret).seal('13800138000');
    expect(() => gm.open(old)).toThrow();
    const rotating = new PersonalDataVault(secret, { profile: 'gm', previousSecret: oldSecret });
    expect(rotating.openWithOrigin(old)).toEqual({ plain: '13800138000', current: false });
    expect(rotating.lookupHashes('phone', '13800138000')).toContain(
      new PersonalDataVault(oldSecret).lookupHash('phone', '13800138000'),
    );
  });
});

// ---------------------------------------------------------------------------------------------------

let p: TestPlatform;
let auditMaterial: Buffer;
beforeAll(async () => {
  p = await startTestPlatform();
  auditMaterial = p.ctx.config.secret;
  useProfile('international');
});
afterAll(() => p.close());

/** What a restart with another CRYPTO_PROFILE does to the running context. */
function useProfile(profile: CryptoProfile, previousSecret?: Buffer) {
  p.ctx.config.cryptoProfile = profile;
  p.ctx.vault = new PersonalDataVault(p.ctx.config.secret, { profile, previousSecret });
}

let cityIndex = 0;
const CITIES = ['510100', '510300', '510400', '510500', '510600'];

async function issuedCertificate() {
  const city = CITIES[cityIndex++];
  const county = childrenOf(city)[0].code;
  const authority = await signedInAs(p, 'issuing_authority', { kind: 'regulator', regionCode: city });
  await authority.client.put('/api/certificates/authority-settings', { deadlineWorkingDays: 20 });
  const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: county });
  const worker = await makeWorker(p, employer.actor, {
    regionCode: county,
    idNumber: makeIdNumber('1985-06-15', 'male', county),
  });
  await linkWorkerToOrganisation(p.ctx.db, {
    workerId: worker.id,
    orgId: employer.org!.id,
    relation: 'employee',
    since: p.clock.now(),
  });
  await p.ctx.db.transaction((tx) =>
    emitEvent(tx, p.clock, {
      type: 'exam.passed',
      payload: {
        resultId: randomUUID(),
        workerId: worker.id,
        itemCode: '1.2',
        sessionId: randomUUID(),
        passedAt: p.clock.now().toISOString(),
        regionCode: county,
      },
      regionCode: county,
    }),
  );
  await deliverEvents(p.ctx, subscribers);
  const tasks = (await authority.client.get('/api/certificates/tasks?status=pending')).json();
  const res = await authority.client.post(`/api/certificates/tasks/${tasks.items[0].id}/approve`);
  expect(res.statusCode, res.body).toBe(200);
  return (await authority.client.get(`/api/certificates/${res.json().certificateId}`)).json() as {
    credential: string;
    number: string;
  };
}

const verifyToken = (token: string) =>
  p.app.inject({
    method: 'POST',
    url: '/api/public/certificates/verify',
    payload: { token },
    remoteAddress: '203.0.113.77',
  });

/** An outside verifier's check of an SM2 credential: the published SM2 keys and the library, no project code. */
function verifySm2Independently(token: string, keys: { kid: string; x: string; y: string }[]) {
  const [h, body, sig] = token.split('.');
  const { kid } = decodeProtectedHeader(token);
  const key = keys.find((k) => k.kid === kid)!;
  const publicKey = `04${Buffer.from(key.x, 'base64url').toString('hex')}${Buffer.from(key.y, 'base64url').toString('hex')}`;
  return sm2.doVerifySignature(
    new TextEncoder().encode(`${h}.${body}`),
    Buffer.from(sig, 'base64url').toString('hex'),
    publicKey,
    {
      hash: true,
      userId: '1234567812345678',
    },
  );
}

describe('CER-3 credentials under the gm profile', () => {
  it('CER-3 an Ed25519 credential issued before the switch still verifies; a new one is SM2-signed and verifies, online and with the published SM2 keys alone', async () => {
    useProfile('international');
    const before = await issuedCertificate();
    expect(decodeProtectedHeader(before.credential).alg).toBe('EdDSA');

    useProfile('gm');
    const after = await issuedCertificate();
    expect(decodeProtectedHeader(after.credential)).toMatchObject({ alg: 'SM2', typ: 'vc+jwt' });

    // Online (the public verify endpoint) both hold.
    for (const c of [before, after]) {
      const res = await verifyToken(c.credential);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe('valid');
    }
    // Offline: the Ed25519 one with the JWKS and jose; the SM2 one with the SM2 key set and sm-crypto.
    const jwks = (await p.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
    await jwtVerify(before.credential, createLocalJWKSet(jwks), { typ: 'vc+jwt' });
    expect(jwks.keys.every((k: { alg: string }) => k.alg === 'EdDSA')).toBe(true);
    const sm2Keys = await p.app.inject({ method: 'GET', url: '/.well-known/jwks-sm2.json' });
    expect(sm2Keys.statusCode).toBe(200);
    expect(sm2Keys.headers['cache-control']).toContain('public');
    const keys = sm2Keys.json().keys;
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'SM2', alg: 'SM2', use: 'sig' });
    expect(verifySm2Independently(after.credential, keys)).toBe(true);

    // The status list is signed by the platform's SM2 key now, and verifies the same way.
    const vc = JSON.parse(Buffer.from(after.credential.split('.')[1], 'base64url').toString());
    const list = await p.app.inject({ method: 'GET', url: new URL(vc.credentialStatus.statusListCredential).pathname });
    expect(decodeProtectedHeader(list.body).alg).toBe('SM2');
    // The platform's key was made for this list, after the keys above were read: read them again.
    const withPlatformKey = (await p.app.inject({ method: 'GET', url: '/.well-known/jwks-sm2.json' })).json().keys;
    expect(verifySm2Independently(list.body, withPlatformKey)).toBe(true);
  });

  it('CER-3 a changed byte in an SM2 credential fails verification (400, recorded as a miss)', async () => {
    useProfile('gm');
    const c = await issuedCertificate();
    const [h, body, sig] = c.credential.split('.');
    const bytes = Buffer.from(body, 'base64url');
    bytes[20] ^= 1;
    const tampered = [h, bytes.toString('base64url'), sig].join('.');
    const res = await verifyToken(tampered);
    expect(res.statusCode).toBe(400);
    expect(res.json().rule).toBe('CER-3');
    const keys = (await p.app.inject({ method: 'GET', url: '/.well-known/jwks-sm2.json' })).json().keys;
    expect(verifySm2Independently(tampered, keys)).toBe(false);
  });
});

describe('SEC-3 vault:rotate', () => {
  it('SEC-3 rotation re-seals a worker’s ID number and phone with SM4-GCM, re-hashes them, keeps look-up by ID number working and is audited', async () => {
    useProfile('international');
    const registrar = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510107' });
    const idNumber = makeIdNumber('1990-03-07');
    const worker = await makeWorker(p, registrar.actor, { idNumber, phone: '13800138000' });
    const stored = async () =>
      (
        await queryRows<{ id_number_sealed: string; id_number_hash: string; phone_sealed: string; phone_hash: string }>(
          p,
          sql`select id_number_sealed, id_number_hash, phone_sealed, phone_hash from workers where id = ${worker.id}`,
        )
      )[0];
    const old = await stored();
    expect(old.id_number_sealed.startsWith('v1.')).toBe(true);

    useProfile('gm');
    // Before the rotation: the old seal opens and the look-up still finds the person (old hash).
    const search = async () =>
      (await registrar.client.get(`/api/workers?q=${idNumber}`)).json().items.map((w: { id: string }) => w.id);
    expect(await search()).toEqual([worker.id]);
    // REG-2 holds across the switch: the same person cannot be registered again under the new hash.
    await expect(makeWorker(p, registrar.actor, { idNumber })).rejects.toMatchObject({ status: 409 });

    const report = await rotateVault(p.ctx, { batchSize: 7 });
    expect(report.failed).toEqual([]);
    // Every table with a sealed column, found in the catalogue (attendance has a two-column key).
    expect(report.tables.map((t) => t.table).sort()).toEqual([
      'attendance',
      'certificate_signing_keys',
      'exam_door_holds',
      'exam_reference_photos',
      'exam_staff',
      'face_enrolments',
      'face_verifications',
      'institution_teachers',
      'learning_captures',
      'org_applications',
      'public_report_attachments',
      'public_reports',
      'sms_codes',
      'users',
      'workers',
    ]);
    const now = await stored();
    expect(now.id_number_sealed.startsWith('g1.')).toBe(true);
    expect(now.phone_sealed.startsWith('g1.')).toBe(true);
    expect(p.ctx.vault.open(now.id_number_sealed)).toBe(idNumber);
    expect(now.id_number_hash).toBe(p.ctx.vault.lookupHash('id_number', idNumber));
    expect(now.id_number_hash).not.toBe(old.id_number_hash);
    expect(now.phone_hash).toBe(p.ctx.vault.lookupHash('phone', '13800138000'));
    expect(await search()).toEqual([worker.id]);
    // Everything sealed is now g1 (signing keys included), and a second run has nothing to do.
    const leftovers = await queryRows<{ n: number }>(
      p,
      sql`select (select count(*) from workers where id_number_sealed not like 'g1.%')::int
             + (select count(*) from certificate_signing_keys where private_sealed not like 'g1.%')::int as n`,
    );
    expect(leftovers[0].n).toBe(0);
    expect((await rotateVault(p.ctx)).resealed).toBe(0);
    const audit = await queryRows<{ action: string }>(
      p,
      sql`select action from audit_records where action like 'vault.%' order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'vault.rotate_start',
      'vault.rotate',
      'vault.rotate_start',
      'vault.rotate',
    ]);
    expect((await verifyAuditChain(p.ctx.db)).ok).toBe(true);
    // Credentials signed before the rotation still verify (their keys were re-sealed, not replaced).
    const c = await issuedCertificate();
    expect((await verifyToken(c.credential)).json().status).toBe('valid');
  });

  it('SEC-3 with QUANLIAN_SECRET_PREVIOUS, values sealed under the old secret are re-sealed under the new one', async () => {
    useProfile('gm');
    const oldSecret = p.ctx.config.secret;
    const registrar = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510107' });
    const idNumber = makeIdNumber('1991-04-08');
    const worker = await makeWorker(p, registrar.actor, { idNumber });
    const newSecret = randomBytes(32);
    p.ctx.config.secret = newSecret;
    useProfile('gm', oldSecret);
    try {
      expect((await registrar.client.get(`/api/workers?q=${idNumber}`)).json().items[0]?.id).toBe(worker.id);
      const report = await rotateVault(p.ctx);
      expect(report.failed).toEqual([]);
      const [row] = await queryRows<{ id_number_sealed: string }>(
        p,
        sql`select id_number_sealed from workers where id = ${worker.id}`,
      );
      expect(new PersonalDataVault(newSecret, { profile: 'gm' }).open(row.id_number_sealed)).toBe(idNumber);
    } finally {
      // Later tests of this file use the new secret, as the deployment would after the rotation.
      useProfile('gm');
    }
  });
});

describe('SEC-1 the audit chain across a profile switch', () => {
  it('SEC-1 records MACed with HMAC-SHA-256 before a switch to gm (HMAC-SM3) and back still verify, checkpoints are SM2-signed under gm; a changed record does not verify', async () => {
    const dir = p.ctx.config.auditCheckpointDir ?? `${p.ctx.config.dataDir}/audit-checkpoints`;
    const append = (action: string) =>
      p.ctx.db.transaction((tx) => appendAudit(tx, p.clock, null, { action, entityType: 'vault', entityId: action }));
    try {
      configureAuditChain(auditMaterial, dir, 'international');
      await append('test.before_switch');
      const ed25519 = await writeAuditCheckpoint(p.ctx.db, p.clock);
      expect(ed25519.payload.signatureAlgorithm).toBe('Ed25519');
      configureAuditChain(auditMaterial, dir, 'gm');
      await append('test.after_switch');
      // Under gm the checkpoint is signed with SM2, and the chain is held against it.
      const signed = await writeAuditCheckpoint(p.ctx.db, p.clock);
      expect(signed.payload).toMatchObject({ signatureAlgorithm: 'SM2', macAlgorithm: 'HMAC-SM3' });
      expect(checkpointSignatureValid(signed)).toBe(true);
      expect(checkpointSignatureValid({ ...signed, payload: { ...signed.payload, seq: signed.payload.seq - 1 } })).toBe(
        false,
      );
      const published = (await p.app.inject({ method: 'GET', url: '/api/public/audit/checkpoint' })).json();
      expect(published.publicKey.jwk).toMatchObject({ kty: 'EC', crv: 'SM2', alg: 'SM2' });
      const { x, y } = published.publicKey.jwk;
      expect(
        sm2.doVerifySignature(
          Buffer.from(JSON.stringify(published.checkpoint.payload, Object.keys(published.checkpoint.payload).sort())),
          Buffer.from(published.checkpoint.signature, 'base64url').toString('hex'),
          `04${Buffer.from(x, 'base64url').toString('hex')}${Buffer.from(y, 'base64url').toString('hex')}`,
          { hash: true },
        ),
      ).toBe(true);
      const held = await verifyAuditChain(p.ctx.db);
      expect(held).toMatchObject({ ok: true, checkpoint: { seq: signed.payload.seq } });
      configureAuditChain(auditMaterial, dir, 'international');
      expect((await verifyAuditChain(p.ctx.db)).ok).toBe(true);
      await p.ctx.db.execute(sql`update audit_records set entity_id = 'changed' where action = 'test.before_switch'`);
      const verdict = await verifyAuditChain(p.ctx.db);
      expect(verdict.ok).toBe(false);
    } finally {
      configureAuditChain(auditMaterial, dir, process.env.CRYPTO_PROFILE === 'gm' ? 'gm' : 'international');
    }
  });
});
