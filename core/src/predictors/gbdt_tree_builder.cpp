// Depth-wise tree growth with XGBoost's exact second-order split gain over histogram bins.
#include "gbdt_tree_builder.hpp"

namespace learnloop::predictors {

namespace {

constexpr std::size_t kMaxBins = 256;
constexpr double kMinGain = 1e-6;  // XGBoost's kRtEps: smaller loss changes do not split

// Gradient and hessian sums per (feature, bin), interleaved: [(f * 256 + b) * 2] = G, [+1] = H.
using Histogram = std::vector<double>;

class Builder {
 public:
  Builder(const BinnedMatrix& binned, const std::vector<double>& grad, const std::vector<double>& hess,
          const std::vector<std::size_t>& features, const TreeSettings& settings, std::vector<double>& gains)
      : m_(binned), grad_(grad), hess_(hess), features_(features), s_(settings), gains_(gains) {}

  GbdtTree build(std::vector<std::size_t> rows) {
    Histogram hist = histogram(rows);
    double g = 0;
    double h = 0;
    for (std::size_t r : rows) {
      g += grad_[r];
      h += hess_[r];
    }
    grow(rows, hist, g, h, 0);
    return std::move(tree_);
  }

 private:
  Histogram histogram(const std::vector<std::size_t>& rows) const {
    Histogram hist(m_.cols * kMaxBins * 2, 0.0);
    for (std::size_t r : rows) {
      const std::uint8_t* bins = &m_.bins[r * m_.cols];
      const double g = grad_[r];
      const double h = hess_[r];
      for (std::size_t f : features_) {
        double* cell = &hist[(f * kMaxBins + bins[f]) * 2];
        cell[0] += g;
        cell[1] += h;
      }
    }
    return hist;
  }

  double score(double g, double h) const { return g * g / (h + s_.lambda); }

  int add_node() {
    tree_.feature.push_back(-1);
    tree_.threshold.push_back(0);
    tree_.left.push_back(-1);
    tree_.right.push_back(-1);
    tree_.value.push_back(0);
    return static_cast<int>(tree_.feature.size() - 1);
  }

  // `hist` is this node's histogram; it is reused in place as the larger child's (parent - smaller).
  int grow(std::vector<std::size_t>& rows, Histogram& hist, double g, double h, int depth) {
    const int node = add_node();
    double best_gain = kMinGain;
    std::size_t best_feature = 0;
    std::size_t best_bin = 0;
    double best_gl = 0;
    double best_hl = 0;
    bool found = false;
    if (depth < s_.max_depth && rows.size() >= 2) {
      const double parent = score(g, h);
      for (std::size_t f : features_) {
        const std::size_t bins = m_.cuts[f].size() + 1;
        double gl = 0;
        double hl = 0;
        for (std::size_t b = 0; b + 1 < bins; ++b) {
          gl += hist[(f * kMaxBins + b) * 2];
          hl += hist[(f * kMaxBins + b) * 2 + 1];
          const double hr = h - hl;
          if (hl < s_.min_child_weight || hr < s_.min_child_weight) continue;
          const double gain = 0.5 * (score(gl, hl) + score(g - gl, hr) - parent);
          if (gain > best_gain) {
            best_gain = gain;
            best_feature = f;
            best_bin = b;
            best_gl = gl;
            best_hl = hl;
            found = true;
          }
        }
      }
    }
    if (!found) {
      tree_.value[static_cast<std::size_t>(node)] = -g / (h + s_.lambda) * s_.learning_rate;
      return node;
    }
    std::vector<std::size_t> left;
    std::vector<std::size_t> right;
    for (std::size_t r : rows) (m_.at(r, best_feature) <= best_bin ? left : right).push_back(r);
    rows.clear();
    rows.shrink_to_fit();
    gains_[best_feature] += best_gain;
    const bool left_smaller = left.size() <= right.size();
    Histogram small = histogram(left_smaller ? left : right);
    for (std::size_t f : features_)
      for (std::size_t i = f * kMaxBins * 2; i < (f + 1) * kMaxBins * 2; ++i) hist[i] -= small[i];
    Histogram& left_hist = left_smaller ? small : hist;
    Histogram& right_hist = left_smaller ? hist : small;
    const auto n = static_cast<std::size_t>(node);
    tree_.feature[n] = static_cast<int>(best_feature);
    tree_.threshold[n] = m_.cuts[best_feature][best_bin];
    const int l = grow(left, left_hist, best_gl, best_hl, depth + 1);
    tree_.left[n] = l;
    const int r = grow(right, right_hist, g - best_gl, h - best_hl, depth + 1);
    tree_.right[n] = r;
    return node;
  }

  const BinnedMatrix& m_;
  const std::vector<double>& grad_;
  const std::vector<double>& hess_;
  const std::vector<std::size_t>& features_;
  const TreeSettings& s_;
  std::vector<double>& gains_;
  GbdtTree tree_;
};

}  // namespace

GbdtTree grow_tree(const BinnedMatrix& binned, const std::vector<double>& grad, const std::vector<double>& hess,
                   const std::vector<std::size_t>& rows, const std::vector<std::size_t>& features,
                   const TreeSettings& settings, std::vector<double>& gain_by_feature) {
  return Builder(binned, grad, hess, features, settings, gain_by_feature).build(rows);
}

}  // namespace learnloop::predictors
