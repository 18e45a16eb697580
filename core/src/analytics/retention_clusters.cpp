// Retention clusters' common features: counts of each feature value per cluster and overall, then
// shares and lifts. Features unknown for an item (no content_metadata row, no duration) are left
// out of that feature's shares rather than counted as a value.
#include "learnloop/analytics/retention_clusters.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "analytics_math.hpp"
#include "learnloop/core/format.hpp"

namespace learnloop {
namespace {

constexpr std::size_t kMinCommon = 3;
constexpr double kMinCommonLift = 1.1;
constexpr std::size_t kMaxCommon = 5;

using Feature = std::pair<const char*, std::function<std::string(const RetentionRow&)>>;

const std::vector<Feature>& features() {
  static const std::vector<Feature> kAll = {
      {"content_type", [](const RetentionRow& r) { return r.content_type; }},
      {"duration_bucket", [](const RetentionRow& r) { return duration_bucket(r.duration_seconds); }},
      {"hook_type", [](const RetentionRow& r) { return r.hook_type; }},
      {"platform", [](const RetentionRow& r) { return r.platform; }}};
  return kAll;
}

}  // namespace

const char* retention_cluster_of(double watch) { return watch >= 70 ? "high" : watch >= 40 ? "medium" : "low"; }

std::string duration_bucket(double seconds) {
  if (seconds < 0) return "";
  return seconds < 15 ? "0-15s" : seconds < 30 ? "15-30s" : seconds < 60 ? "30-60s" : "60s+";
}

nlohmann::ordered_json retention_cluster_features(const std::vector<RetentionRow>& rows) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const char* cluster : {"high", "medium", "low"}) {
    nlohmann::ordered_json by_feature = nlohmann::ordered_json::object();
    std::vector<nlohmann::ordered_json> common;
    for (const auto& [name, value_of] : features()) {
      std::map<std::string, std::size_t> overall, inside;
      std::size_t known = 0, known_inside = 0;
      for (const RetentionRow& r : rows) {
        const std::string v = value_of(r);
        if (v.empty()) continue;
        ++overall[v];
        ++known;
        if (std::string(retention_cluster_of(r.avg_watch_percentage)) == cluster) {
          ++inside[v];
          ++known_inside;
        }
      }
      std::vector<nlohmann::ordered_json> values;
      for (const auto& [v, n] : inside) {
        const double share = static_cast<double>(n) / static_cast<double>(known_inside);
        const double overall_share = static_cast<double>(overall[v]) / static_cast<double>(known);
        const double lift = share / overall_share;
        values.push_back({{"value", v},
                          {"content", n},
                          {"share", round_to(share, 4)},
                          {"overall_share", round_to(overall_share, 4)},
                          {"lift", round_to(lift, 4)}});
        if (n >= kMinCommon && lift >= kMinCommonLift)
          common.push_back({{"feature", name},
                            {"value", v},
                            {"content", n},
                            {"share", round_to(share, 4)},
                            {"lift", round_to(lift, 4)}});
      }
      std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
        return a["lift"].template get<double>() > b["lift"].template get<double>();
      });
      by_feature[name] = values;
    }
    std::stable_sort(common.begin(), common.end(), [](const auto& a, const auto& b) {
      return a["lift"].template get<double>() > b["lift"].template get<double>();
    });
    if (common.size() > kMaxCommon) common.resize(kMaxCommon);
    out[cluster] = {{"features", by_feature}, {"common_features", common}};
  }
  return out;
}

}  // namespace learnloop
