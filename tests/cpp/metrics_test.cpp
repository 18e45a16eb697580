// Metrics from walks over rows (what the learning job uses, holding no column): the AUC from both classes sorted and
// swept once equals the pairwise Mann-Whitney count bit for bit, whichever class is smaller and with many ties (and,
// past the radix sort's threshold, the mid-rank count with scores of any sign and signed zeros), in two
// walks (one computing predictions); a NaN probability gives no AUC; the regression's two walks give the figures of
// its columns.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "learnloop/predictors/metrics.hpp"

namespace learnloop {
namespace {

// The AUC by counting every (positive, negative) pair: 1 when the positive ranks above, 1/2 on a tie.
double pairwise_auc(const std::vector<double>& truth, const std::vector<double>& p) {
  double u = 0, positives = 0, negatives = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) (truth[i] > 0.5 ? positives : negatives) += 1;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (truth[i] <= 0.5) continue;
    for (std::size_t j = 0; j < truth.size(); ++j) {
      if (truth[j] > 0.5) continue;
      u += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
    }
  }
  return u / (positives * negatives);
}

// Rows with probabilities on a grid of `levels` values (ties) and a share `positive` of class 1 that leans on them.
void make_rows(std::size_t n, int levels, double positive, unsigned seed, std::vector<double>* truth,
               std::vector<double>* p) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> level(0, levels - 1);
  std::uniform_real_distribution<double> unit(0, 1);
  for (std::size_t i = 0; i < n; ++i) {
    const double q = (level(rng) + 0.5) / levels;
    p->push_back(q);
    truth->push_back(unit(rng) < positive * (0.5 + q) ? 1.0 : 0.0);
  }
}

// classification_metrics() over walks of the columns, counting the walks and those that gave predictions.
ClassificationMetrics counted_walks(const std::vector<double>& truth, const std::vector<double>& p, int* walks,
                                    int* predicted) {
  return classification_metrics([&](bool predictions, const std::function<void(double, double)>& row) {
    ++*walks;
    *predicted += predictions ? 1 : 0;
    for (std::size_t i = 0; i < truth.size(); ++i) row(truth[i], predictions ? p[i] : 0.0);
  });
}

TEST(Metrics, TheWalkedAucIsThePairwiseCountWhicheverClassIsSmaller) {
  for (const double positive : {0.1, 0.5, 0.9}) {
    for (const int levels : {3, 40, 100000}) {
      std::vector<double> truth, p;
      make_rows(1500, levels, positive, static_cast<unsigned>(levels) + 7, &truth, &p);
      const ClassificationMetrics m = classification_metrics(truth, p);
      EXPECT_EQ(m.roc_auc, pairwise_auc(truth, p)) << "positive share " << positive << ", " << levels << " levels";
      EXPECT_GT(m.roc_auc, 0.5);
    }
  }
}

TEST(Metrics, OneClassHasNoAucAndTheWalksSeeEveryRow) {
  std::vector<double> truth(50, 1.0), p(50, 0.7);
  const ClassificationMetrics m = classification_metrics(truth, p);
  EXPECT_TRUE(std::isnan(m.roc_auc));
  EXPECT_EQ(m.accuracy, 1.0);
  int walks = 0, predicted = 0;
  const ClassificationMetrics walked = counted_walks(truth, p, &walks, &predicted);
  EXPECT_EQ(walks, 2);  // the classes counted, then the probabilities: one class, no AUC walk
  EXPECT_EQ(predicted, 1);
  EXPECT_EQ(walked.log_loss, m.log_loss);
}

// The AUC from mid-ranks (ties share their average rank): U = the positives' rank sum - P (P + 1) / 2, exact in a
// double here, so the same number as the pairwise count.
double rank_auc(const std::vector<double>& truth, const std::vector<double>& p) {
  std::vector<std::size_t> order(p.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  double rank_sum = 0, positives = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && p[order[j]] == p[order[i]]) ++j;
    const double mid_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k) {
      if (truth[order[k]] > 0.5) {
        rank_sum += mid_rank;
        positives += 1;
      }
    }
    i = j;
  }
  const double negatives = static_cast<double>(truth.size()) - positives;
  return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

TEST(Metrics, TheAucOfManyRowsIsTheMidRankCountWithTiesSignsAndZeros) {
  for (const int levels : {3, 1000, 1000000}) {
    std::vector<double> truth, p;
    make_rows(30000, levels, 0.3, static_cast<unsigned>(levels), &truth, &p);
    // Scores of any sign (a scorer's, not only probabilities), with -0 and +0 tied.
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = i % 97 == 0 ? (i % 2 == 0 ? -0.0 : 0.0) : (p[i] - 0.4) * 3;
    const ClassificationMetrics m = classification_metrics(truth, p);
    EXPECT_EQ(m.roc_auc, rank_auc(truth, p)) << levels << " levels";
  }
}

TEST(Metrics, TwoClassesTakeTwoWalksAndANanProbabilityHasNoAuc) {
  std::vector<double> truth, p;
  make_rows(300, 7, 0.5, 3, &truth, &p);
  int walks = 0, predicted = 0;
  const ClassificationMetrics walked = counted_walks(truth, p, &walks, &predicted);
  EXPECT_EQ(walks, 2);  // the classes counted, then the probabilities: each prediction is computed once
  EXPECT_EQ(predicted, 1);
  EXPECT_EQ(walked.roc_auc, pairwise_auc(truth, p));
  p[17] = std::nan("");
  EXPECT_TRUE(std::isnan(classification_metrics(truth, p).roc_auc));
}

TEST(Metrics, RegressionFromTwoWalksIsItsColumnsFigures) {
  std::vector<double> truth, predicted;
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(0, 0.3);
  for (int i = 0; i < 2000; ++i) {
    truth.push_back(i % 17 * 0.25);
    predicted.push_back(truth.back() + noise(rng));
  }
  double mean = 0;
  for (double t : truth) mean += t;
  mean /= static_cast<double>(truth.size());
  double sse = 0, sae = 0, sst = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    sse += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
    sae += std::abs(truth[i] - predicted[i]);
    sst += (truth[i] - mean) * (truth[i] - mean);
  }
  const RegressionMetrics m = regression_metrics(truth, predicted);
  const double n = static_cast<double>(truth.size());
  EXPECT_NEAR(m.mse, sse / n, 1e-12);
  EXPECT_NEAR(m.mae, sae / n, 1e-12);
  EXPECT_NEAR(m.r2, 1 - sse / sst, 1e-12);
  EXPECT_EQ(m.rmse, std::sqrt(m.mse));
}

}  // namespace
}  // namespace learnloop
