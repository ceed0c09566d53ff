// INT-3 item pre-knowledge without knowing which items leaked. Method `int3-preknowledge-loo` v1.
// For every response: accuracy residual e = (u − P)/sqrt(PQ) (Rasch) and speed residual f = −z
// (lognormal RT; 0 when the attempt has no times). Per group (a site) and item, the group's
// evidence that the item is known in advance is s_i = (Σe + Σf)/sqrt(2 n_i) (or Σe/sqrt(n_i)
// without times) — N(0,1) under the models. The suspect subset is found by Benjamini–Hochberg at
// FDR 5 % over the group's items. For each candidate the subset is recomputed leaving that
// candidate out (the same BH cut-off applied to the group's statistic without them), so a
// person's own answers never choose the items they are tested on. Person statistic over the
// subset S: Z = (Σ_S e + Σ_S f)/sqrt(2|S|) ~ N(0,1); p = 1 − Φ(Z). Flag below PERSON_ALPHA.
import type { ResponseData } from './data.js';
import { prob, type LognormalRtFit, type RaschFit } from './models.js';
import { PERSON_ALPHA, surprise, type Verdict } from './result.js';
import { bhCutoff, logNormSf, normSf } from './stats.js';

export const ITEM_FDR = 0.05;
const MIN_GROUP_ITEM = 5;

export interface SuspectItem {
  itemId: string;
  /** The group's evidence s_i and its one-sided p. */
  z: number;
  p: number;
  /** Responses of the group to the item, share right against the model's expectation, mean speed evidence. */
  n: number;
  correctRate: number;
  expectedRate: number;
  meanSpeedZ: number | null;
}

export interface SuspectItems {
  groupKey: string;
  items: SuspectItem[];
}

export function preknowledgeVerdicts(
  data: ResponseData,
  rasch: RaschFit,
  rt: LognormalRtFit | null,
  groups: Map<string, number[]>,
): { verdicts: Verdict[]; suspects: SuspectItems[] } {
  const I = data.itemIds.length;
  const sumE = new Float64Array(I);
  const sumF = new Float64Array(I);
  const n = new Int32Array(I);
  const nT = new Int32Array(I);
  const sumU = new Float64Array(I);
  const sumP = new Float64Array(I);
  const verdicts: Verdict[] = [];
  const suspects: SuspectItems[] = [];
  const eOf = (a: number, r: number) => {
    const p = prob(rasch.theta[a], rasch.b[data.item[r]]);
    return (data.correct[r] - p) / Math.sqrt(p * (1 - p));
  };
  // Speed evidence: the rank-normal residual of the robust time model (NaN when untimed).
  const fOf = (_a: number, r: number) => (rt ? -rt.z[r] : NaN);
  const itemZ = (se: number, sf: number, k: number, kt: number) => (se + sf) / Math.sqrt(k + kt);
  for (const [key, members] of groups) {
    sumE.fill(0);
    sumF.fill(0);
    n.fill(0);
    nT.fill(0);
    sumU.fill(0);
    sumP.fill(0);
    for (const a of members) {
      for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
        const i = data.item[r];
        sumU[i] += data.correct[r];
        sumP[i] += prob(rasch.theta[a], rasch.b[i]);
        sumE[i] += eOf(a, r);
        n[i] += 1;
        const f = fOf(a, r);
        if (!Number.isNaN(f)) {
          sumF[i] += f;
          nT[i] += 1;
        }
      }
    }
    const used: number[] = [];
    const pvals: number[] = [];
    for (let i = 0; i < I; i++) {
      if (n[i] < MIN_GROUP_ITEM) continue;
      used.push(i);
      pvals.push(normSf(itemZ(sumE[i], sumF[i], n[i], nT[i])));
    }
    const cut = bhCutoff(pvals, ITEM_FDR);
    if (cut > 0)
      suspects.push({
        groupKey: key,
        items: used
          .filter((_, k) => pvals[k] <= cut)
          .map((i) => {
            const z = itemZ(sumE[i], sumF[i], n[i], nT[i]);
            return {
              itemId: data.itemIds[i],
              z,
              p: normSf(z),
              n: n[i],
              correctRate: sumU[i] / n[i],
              expectedRate: sumP[i] / n[i],
              meanSpeedZ: nT[i] ? sumF[i] / nT[i] : null,
            };
          }),
      });
    for (const a of members) {
      let se = 0;
      let sf = 0;
      let k = 0;
      let kt = 0;
      const subset: string[] = [];
      if (cut > 0) {
        for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
          const i = data.item[r];
          if (n[i] - 1 < MIN_GROUP_ITEM) continue;
          const e = eOf(a, r);
          const f = fOf(a, r);
          const hasT = !Number.isNaN(f);
          // Leave this candidate out of the item's group statistic.
          const z = itemZ(sumE[i] - e, sumF[i] - (hasT ? f : 0), n[i] - 1, nT[i] - (hasT ? 1 : 0));
          if (normSf(z) > cut) continue;
          subset.push(data.itemIds[i]);
          se += e;
          k += 1;
          if (hasT) {
            sf += f;
            kt += 1;
          }
        }
      }
      const Z = k ? (se + sf) / Math.sqrt(k + kt) : 0;
      const logP = k ? logNormSf(Z) : 0;
      const p = Math.exp(logP);
      verdicts.push({
        kind: 'preknowledge',
        subjectId: data.attempts[a].id,
        method: 'int3-preknowledge-loo',
        version: '1',
        statistic: '可疑题子集上又快又对的标准化证据 Z',
        value: Z,
        threshold: PERSON_ALPHA,
        pValue: p,
        logP,
        flagged: p < PERSON_ALPHA,
        score: surprise(p, logP),
        detail: { group: key, suspectItems: subset, suspectCount: subset.length, bhCutoff: cut },
      });
    }
  }
  // Cross-site rescoring (issue 20): the items found compromised at the OTHER sites of the bank,
  // chosen without this site's answers, so Z over them is N(0,1) under the null for this site.
  const found = new Map(suspects.map((s) => [s.groupKey, new Set(s.items.map((x) => data.itemIds.indexOf(x.itemId)))]));
  if (found.size) {
    for (const [key, members] of groups) {
      const leaked = new Set<number>();
      for (const [other, items] of found) if (other !== key) for (const i of items) leaked.add(i);
      if (!leaked.size) continue;
      for (const a of members) {
        let se = 0;
        let sf = 0;
        let k = 0;
        let kt = 0;
        for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
          if (!leaked.has(data.item[r])) continue;
          se += eOf(a, r);
          k += 1;
          const f = fOf(a, r);
          if (!Number.isNaN(f)) {
            sf += f;
            kt += 1;
          }
        }
        if (!k) continue;
        const Z = (se + sf) / Math.sqrt(k + kt);
        const logP = logNormSf(Z);
        const p = Math.exp(logP);
        verdicts.push({
          kind: 'leaked_items',
          subjectId: data.attempts[a].id,
          method: 'int3-leaked-items-cross-site',
          version: '1',
          statistic: '其他考点认定的泄露题上又快又对的标准化证据 Z',
          value: Z,
          threshold: PERSON_ALPHA,
          pValue: p,
          logP,
          flagged: p < PERSON_ALPHA,
          score: surprise(p, logP),
          detail: { group: key, leakedItems: k, fromSites: [...found.keys()].filter((g) => g !== key) },
        });
      }
    }
  }
  return { verdicts, suspects };
}
