// A TypeScript service's use of the package, type-checked by tests/js/types.test.mjs against the
// shipped .d.ts files (dist/). It is never run; it must compile, and the @ts-expect-error lines
// must stay errors.
import {
  init,
  LearnloopError,
  saveEmbeddingIndex,
  type Bandit,
  type BestTimeResult,
  type MetaLearningScores,
  type MetricsStore,
  type ViralityPrediction,
  type EmbeddingHit,
  type EmbeddingIndex,
  type GbdtModel,
  type OpeReport,
  type PredictionReport,
  type Selection,
  type SimulationReport,
  openDatabase,
  type BudgetSimulation,
  type CreativeDayRecord,
  type CreativeFatigue,
  type CreativeFatigueReport,
  type EmqBatchResult,
} from 'learnloop';

export async function nightly(): Promise<number> {
  const ll = await init();
  const report: SimulationReport = ll.simulateBandit({ policy: 'thompson', probs: [0.02, 0.03], rounds: 1000, seed: 1 });
  const bandit: Bandit = ll.bandit({ policy: 'linucb', arms: ['a', 'b'], dim: 2, alpha: 0.5 });
  const choice: Selection = bandit.select(new Float64Array([1, 0.5]));
  bandit.update(choice.arm, 1, [1, 0.5]);
  bandit.updateBatch(new Uint32Array([0]), new Float64Array([0]), new Float64Array([1, 0]));
  bandit[Symbol.dispose]();
  const index: EmbeddingIndex = ll.embeddingIndex({ TEXT_CAPTION: { dim: 3, metric: 'cosine' } });
  index.storeBatch('TEXT_CAPTION', ['a', 'b'], new Float32Array([1, 0, 0, 0, 1, 0]), [{ lang: 'en' }, null]);
  const similar: EmbeddingHit[] = index.search('TEXT_CAPTION', { id: 'a' }, { k: 5, filter: { lang: 'en' }, minScore: 0.1 });
  const snapshot: Uint8Array = index.toBytes();
  await saveEmbeddingIndex(ll.embeddingIndexFromBytes(snapshot), '/tmp/captions.index');
  index.dispose();
  // @ts-expect-error an unknown metric is a type error
  ll.embeddingIndex({ X: { dim: 3, metric: 'dot' } });
  const ope: OpeReport = ll.offPolicyEvaluation({ rewards: [1, 0], propensities: [0.5, 0.5], targetProbs: [1, 0] });
  try {
    ll.thompsonSampling({ arms: 0 });
  } catch (e) {
    if (e instanceof LearnloopError && e.code === 'invalid_argument') return report.reward + ope.ips.value + similar.length;
  }
  // @ts-expect-error an unknown policy name is a type error
  ll.bandit({ policy: 'greedy' });
  // @ts-expect-error select returns a Selection, not a number
  const n: number = bandit.select();
  return n;
}

export async function scoreCampaigns(records: Array<Record<string, unknown>>): Promise<number> {
  const ll = await init();
  const x = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]);
  const model: GbdtModel = ll.fitGbdtRegressor({ x, rows: 8, cols: 1, y: x }, { nEstimators: 10, maxDepth: 3, seed: 1 });
  const p: Float64Array = ll.predict(model, { x, rows: 8, cols: 1 });
  const conversion: GbdtModel = ll.fitGbdtClassifier(
    { records, target: 'converted', spec: { columns: ['cart_value', { name: 'device_type', kind: 'one_hot' }] } },
    { preset: 'conversion', earlyStoppingRounds: 5, testFraction: 0.2 },
  );
  const report: PredictionReport = ll.predictReport(conversion, records);
  // @ts-expect-error a preset is ctr, roas or conversion
  ll.fitGbdtRegressor({ x, rows: 8, cols: 1, y: x }, { preset: 'ltv' });
  return p[0] + model.importance[0] + report.predictions.length;
}

export async function schedule(store: MetricsStore): Promise<number> {
  const best: BestTimeResult = store.bestTimeToPost({ platform: 'tiktok', days: 28 });
  const prediction: ViralityPrediction = store.predictVirality({ platform: 'tiktok', quality_score: 0.8, posted_hour: best.best_hours[0] });
  const scores: MetaLearningScores = store.metaLearningScores({});
  // @ts-expect-error platform is required
  store.bestTimeToPost({ days: 7 });
  return (prediction.virality_score ?? 0) + scores.count + (best.confidence ?? 0);
}

export async function adsAnalytics(path: string, history: CreativeDayRecord[]): Promise<number> {
  const ll = await init();
  const sim: BudgetSimulation = ll.simulateBudget(
    { base_budget: 10000, baseline: { revenue: 32000, conversions: 400 }, scenarios: [{ name: '+20%', budget_change_percent: 20 }] },
    { seed: 7, iterations: 1000 },
  );
  const one: CreativeFatigue = ll.creativeFatigue(history, { date: '2026-11-22' });
  const batch: EmqBatchResult = ll.emqScore([{ email: 'a@b.co' }], { platform: 'google' });
  // @ts-expect-error EMQ knows meta and google only
  ll.emqScore([], { platform: 'tiktok' });
  const store = await openDatabase(path);
  const report: CreativeFatigueReport = store.creativeFatigue({ date: '2026-11-22' });
  store.dispose();
  return sim.scenarios[0].revenue + (one.fatigue_score ?? 0) + batch.summary.mean_score + report.creatives;
}
