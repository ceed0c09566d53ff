// INT-3 collusion: answer similarity between candidates of the same session beyond what their
// abilities explain. Method `int3-gbt-rasch-nominal` v2 — the generalised binomial test
// (van der Linden & Sotaridona 2006): over the items both answered, M = number of identical
// answers (same option set, right or wrong). Conditional on the source's actual answers, under
// independence the copier matches item i with probability
//   P_i(θ_copier) when the source answered right, (1 − P_i(θ_copier)) π_ik when it chose wrong answer k,
// with P_i the Rasch probability and π_ik the share of wrong answer k among all wrong answers to
// item i in the bank's data (a nominal-response approximation) — so a shared rare wrong answer is
// strong evidence and a shared right answer of an able pair is not. M is Poisson-binomial:
// p = P(M ≥ m), exact. Both directions are tested (who copied is unknown): p = 2·min, then
// Bonferroni over the pairs of the session. Needs no times: runs on imported attempts.
import type { ResponseData } from './data.js';
import { prob, type RaschFit } from './models.js';
import { PERSON_ALPHA, surprise, type Verdict } from './result.js';
import { normSf, poissonBinomialSf } from './stats.js';

export interface OptionTables {
  /** Option mask of the key per item (−1 when nobody answered right). */
  key: Int32Array;
  /** Wrong-answer shares per item: mask → π (with blank as its own answer). */
  wrong: Array<Map<number, number>>;
}

export function optionTables(data: ResponseData): OptionTables {
  const I = data.itemIds.length;
  const key = new Int32Array(I).fill(-1);
  const counts = Array.from({ length: I }, () => new Map<number, number>());
  for (let r = 0; r < data.item.length; r++) {
    const i = data.item[r];
    if (data.correct[r]) key[i] = data.option[r];
    else counts[i].set(data.option[r], (counts[i].get(data.option[r]) ?? 0) + 1);
  }
  const wrong = counts.map((m) => {
    // Add-one smoothing so an answer seen once is not treated as certain.
    const total = [...m.values()].reduce((x, y) => x + y, 0) + m.size;
    return new Map([...m].map(([k, v]) => [k, (v + 1) / Math.max(total, 1)]));
  });
  return { key, wrong };
}

/** P(the copier's answer equals the source's answer `srcOption`) under independence. */
function matchGiven(t: OptionTables, i: number, pCopier: number, srcCorrect: boolean, srcOption: number): number {
  if (srcCorrect) return pCopier;
  return (1 - pCopier) * (t.wrong[i].get(srcOption) ?? 1e-3);
}

/** Pairs within each group (session). Returns a verdict for each attempt of a flagged pair, and the best (lowest-p) pair of every other attempt. */
export function similarityVerdicts(
  data: ResponseData,
  rasch: RaschFit,
  tables: OptionTables,
  groups: Iterable<number[]>,
  alpha = PERSON_ALPHA,
): Verdict[] {
  const out: Verdict[] = [];
  const I = data.itemIds.length;
  // Per attempt: item → row, for common-item lookup.
  const rowOf = new Int32Array(I).fill(-1);
  for (const members of groups) {
    const pairs = (members.length * (members.length - 1)) / 2;
    if (pairs < 1) continue;
    const best = new Map<
      number,
      { p: number; partner: number; m: number; n: number; expected: number; identicalWrong: number }
    >();
    const probs: number[] = [];
    const reverse: number[] = [];
    for (let x = 0; x < members.length; x++) {
      const a = members[x];
      for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) rowOf[data.item[r]] = r;
      for (let y = x + 1; y < members.length; y++) {
        const b = members[y];
        probs.length = 0;
        reverse.length = 0;
        let m = 0;
        let identicalWrong = 0;
        for (let r = data.offsets[b]; r < data.offsets[b + 1]; r++) {
          const i = data.item[r];
          const ra = rowOf[i];
          if (ra < 0) continue;
          // b copying from a, and a copying from b.
          probs.push(matchGiven(tables, i, prob(rasch.theta[b], rasch.b[i]), data.correct[ra] === 1, data.option[ra]));
          reverse.push(matchGiven(tables, i, prob(rasch.theta[a], rasch.b[i]), data.correct[r] === 1, data.option[r]));
          if (data.option[ra] === data.option[r]) {
            m += 1;
            if (!data.correct[r]) identicalWrong += 1;
          }
        }
        if (probs.length < 10) continue;
        const tail = (ps: number[]) => {
          const mean = ps.reduce((u, v) => u + v, 0);
          const variance = ps.reduce((u, v) => u + v * (1 - v), 0);
          // Screen with the normal approximation; the exact tail only where it could matter.
          const approx = normSf((m - 0.5 - mean) / Math.sqrt(Math.max(variance, 1e-9)));
          return { p: approx < 0.05 ? poissonBinomialSf(m, ps) : approx, mean };
        };
        const ab = tail(probs);
        const ba = tail(reverse);
        const p = Math.min(1, 2 * Math.min(ab.p, ba.p) * pairs);
        const mean = ab.p <= ba.p ? ab.mean : ba.mean;
        for (const [me, other] of [
          [a, b],
          [b, a],
        ] as const) {
          const cur = best.get(me);
          if (!cur || p < cur.p)
            best.set(me, { p, partner: other, m, n: probs.length, expected: mean, identicalWrong });
        }
      }
      for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) rowOf[data.item[r]] = -1;
    }
    for (const [a, v] of best) {
      out.push({
        kind: 'answer_similarity',
        subjectId: data.attempts[a].id,
        partnerId: data.attempts[v.partner].id,
        method: 'int3-gbt-rasch-nominal',
        version: '2',
        statistic: '相同作答题数 M（广义二项检验，场内 Bonferroni）',
        value: v.m,
        threshold: alpha,
        pValue: v.p,
        flagged: v.p < alpha,
        score: surprise(v.p),
        detail: {
          commonItems: v.n,
          expectedMatches: v.expected,
          identicalWrong: v.identicalWrong,
          pairsInGroup: pairs,
        },
      });
    }
  }
  return out;
}
