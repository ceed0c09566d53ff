// EXM-5: the adapter to the identity source a door compares a candidate without a registered photo
// against (a portrait service holding the ID card photo). One POST per candidate:
//   { idNumber, name, photo (base64) } → { result: 'match' | 'no_match' | 'not_found', similarity?, reference? }
// Anything else — a timeout, an error status, an unreadable answer — is 'unavailable': the door then
// holds the candidate for a person to decide, never admits on the typed ID alone.

export type IdentitySourceOutcome = 'match' | 'no_match' | 'not_found' | 'unavailable';

export interface IdentitySourceAnswer {
  outcome: IdentitySourceOutcome;
  similarity: number | null;
  /** The source's own reference for this comparison, kept as evidence. */
  reference: string | null;
}

export interface IdentitySourceConfig {
  url: string | undefined;
  token: string | undefined;
  timeoutMs: number;
}

const OUTCOMES = new Set(['match', 'no_match', 'not_found']);

export async function compareWithIdentitySource(
  config: IdentitySourceConfig,
  input: { idNumber: string; name: string; photo: Buffer },
): Promise<IdentitySourceAnswer> {
  const unavailable: IdentitySourceAnswer = { outcome: 'unavailable', similarity: null, reference: null };
  if (!config.url) return unavailable;
  try {
    const res = await fetch(config.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(config.token ? { authorization: `Bearer ${config.token}` } : {}),
      },
      body: JSON.stringify({ idNumber: input.idNumber, name: input.name, photo: input.photo.toString('base64') }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    if (!res.ok) return unavailable;
    const body = (await res.json()) as { result?: unknown; similarity?: unknown; reference?: unknown };
    if (typeof body.result !== 'string' || !OUTCOMES.has(body.result)) return unavailable;
    return {
      outcome: body.result as IdentitySourceOutcome,
      similarity: typeof body.similarity === 'number' && Number.isFinite(body.similarity) ? body.similarity : null,
      reference: typeof body.reference === 'string' ? body.reference.slice(0, 100) : null,
    };
  } catch {
    return unavailable;
  }
}
