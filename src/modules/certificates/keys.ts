// The issuing authority's signing keys (CER-1, CER-3): the authority sees its keys and rotates the
// one that signs (e.g. yearly, or at once when a key may have leaked). A retired key stops signing
// but stays in the published JWKS, so every certificate it signed still verifies, on and offline.
import { asc, eq, sql } from 'drizzle-orm';
import { requirePermission, type Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { forbidden } from '../../kernel/problem.js';
import { rotateKey } from './credentials.js';
import { certificates, signingKeys } from './schema.js';

function authorityOf(actor: Actor): string {
  requirePermission(actor, 'certificates.manage');
  if (actor.role !== 'issuing_authority' || !actor.orgId) throw forbidden('仅考核发证机关可管理本机关的签名密钥。');
  return actor.orgId;
}

export async function listSigningKeys(ctx: AppContext, actor: Actor) {
  const orgId = authorityOf(actor);
  const keys = await ctx.db
    .select({
      kid: signingKeys.kid,
      jwk: signingKeys.publicJwk,
      createdAt: signingKeys.createdAt,
      retiredAt: signingKeys.retiredAt,
    })
    .from(signingKeys)
    .where(eq(signingKeys.orgId, orgId))
    .orderBy(asc(signingKeys.createdAt));
  const signed = await ctx.db
    .select({ kid: certificates.credentialKid, n: sql<number>`count(*)::int` })
    .from(certificates)
    .where(eq(certificates.authorityOrgId, orgId))
    .groupBy(certificates.credentialKid);
  const counts = new Map(signed.map((r) => [r.kid, r.n]));
  return {
    items: keys.map((k) => ({
      kid: k.kid,
      // Ed25519, or SM2 under the national-cryptography profile (docs/crypto.md).
      algorithm: k.jwk.alg === 'SM2' ? 'SM2' : 'Ed25519',
      createdAt: k.createdAt.toISOString(),
      retiredAt: k.retiredAt?.toISOString() ?? null,
      active: !k.retiredAt,
      certificates: counts.get(k.kid) ?? 0,
    })),
    jwksUrl: '/.well-known/jwks.json',
    sm2JwksUrl: '/.well-known/jwks-sm2.json',
  };
}

/** Rotates the authority's key: the new one signs from now on; the old stays published (and audited). */
export async function rotateSigningKey(ctx: AppContext, actor: Actor) {
  const orgId = authorityOf(actor);
  await ctx.db.transaction(async (tx) => {
    const kid = await rotateKey(ctx, tx, orgId);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'certificates.key_rotate',
      entityType: 'signing_key',
      entityId: kid,
      regionCode: actor.regionCode,
      after: { kid },
    });
  });
  return listSigningKeys(ctx, actor);
}
