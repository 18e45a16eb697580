// Per-arm ridge statistics shared by LinUCB and linear Thompson sampling: Sherman-Morrison
// updates of A^-1, JSON state (A, A^-1 and b, so a restored bandit decides identically) and
// merging (A = A1 + A2 - lambda I, b = b1 + b2, A^-1 recomputed).
#include "learnloop/core/json_state.hpp"
#include "policies.hpp"

namespace learnloop::bandits {

LinearArm LinearArm::prior(std::size_t dim, double lambda) {
  const auto d = static_cast<Eigen::Index>(dim);
  return {Eigen::MatrixXd::Identity(d, d) * lambda, Eigen::MatrixXd::Identity(d, d) / lambda, Eigen::VectorXd::Zero(d)};
}

void LinearArm::add(const Eigen::Map<const Eigen::VectorXd>& x, double reward) {
  a.noalias() += x * x.transpose();
  b += reward * x;
  const Eigen::VectorXd ax = a_inv * x;
  a_inv -= (ax * ax.transpose()) / (1.0 + x.dot(ax));
}

LinearBandit::LinearBandit(BanditConfig config) : Bandit(std::move(config)) {
  arms_.assign(arm_count(), LinearArm::prior(context_dim(), this->config().lambda));
}

void LinearBandit::do_update(std::size_t arm, double reward, const double* context) {
  arms_[arm].add(Eigen::Map<const Eigen::VectorXd>(context, static_cast<Eigen::Index>(context_dim())), reward);
}

void LinearBandit::do_add_arm() { arms_.push_back(LinearArm::prior(context_dim(), config().lambda)); }

void LinearBandit::do_remove_arm(std::size_t arm) { arms_.erase(arms_.begin() + static_cast<std::ptrdiff_t>(arm)); }

void LinearBandit::do_reset() { arms_.assign(arm_count(), LinearArm::prior(context_dim(), config().lambda)); }

namespace {

nlohmann::json matrix_to_json(const Eigen::MatrixXd& m) {
  std::vector<double> values(m.data(), m.data() + m.size());  // column-major; A and A^-1 are symmetric
  return values;
}

Status matrix_from_json(const nlohmann::json& state, const char* key, Eigen::Index rows, Eigen::Index cols,
                        Eigen::MatrixXd* out) {
  auto it = state.find(key);
  if (it == state.end() || !it->is_array() || it->size() != static_cast<std::size_t>(rows * cols))
    return invalid_argument(std::string("linear arm state: \"") + key + "\" must hold " + std::to_string(rows * cols) +
                            " numbers");
  out->resize(rows, cols);
  for (Eigen::Index i = 0; i < rows * cols; ++i) {
    const auto& v = (*it)[static_cast<std::size_t>(i)];
    if (!v.is_number()) return invalid_argument(std::string("linear arm state: \"") + key + "\" holds a non-number");
    (*out)(i % rows, i / rows) = v.get<double>();
  }
  return {};
}

}  // namespace

nlohmann::json LinearBandit::arm_to_json(std::size_t arm) const {
  const LinearArm& a = arms_[arm];
  return {{"A", matrix_to_json(a.a)}, {"A_inv", matrix_to_json(a.a_inv)}, {"b", matrix_to_json(a.b)}};
}

Status LinearBandit::arm_from_json(std::size_t arm, const nlohmann::json& state) {
  const auto d = static_cast<Eigen::Index>(context_dim());
  LinearArm restored = LinearArm::prior(context_dim(), config().lambda);
  Eigen::MatrixXd b;
  Status s = matrix_from_json(state, "A", d, d, &restored.a);
  if (s.ok()) s = matrix_from_json(state, "A_inv", d, d, &restored.a_inv);
  if (s.ok()) s = matrix_from_json(state, "b", d, 1, &b);
  if (!s.ok()) return s;
  restored.b = b.col(0);
  arms_[arm] = std::move(restored);
  return {};
}

void LinearBandit::merge_arm(std::size_t mine, const Bandit& other, std::size_t theirs) {
  const LinearArm& o = static_cast<const LinearBandit&>(other).arms_[theirs];
  LinearArm& m = arms_[mine];
  const auto d = static_cast<Eigen::Index>(context_dim());
  m.a += o.a - Eigen::MatrixXd::Identity(d, d) * config().lambda;
  m.b += o.b;
  m.a_inv = m.a.ldlt().solve(Eigen::MatrixXd::Identity(d, d));
}

}  // namespace learnloop::bandits
