// Retention clusters (spec 000): high (>= 70% average watch), medium (40-70%) and low (< 40%), with
// the features common to each cluster (content type, duration bucket, hook, platform) and their
// lift = share of the feature value in the cluster / its share over all measured content. Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/store/window_rows.hpp"

namespace learnloop {

/// "high" (>= 70% average watch), "medium" (40% to 70%) or "low" (< 40%).
const char* retention_cluster_of(double avg_watch_percentage);

/// Duration bucket of content: "0-15s", "15-30s", "30-60s" or "60s+"; "" when the duration is unknown (< 0).
std::string duration_bucket(double seconds);

/// For each cluster ("high", "medium", "low"): {"features": {content_type|duration_bucket|hook_type|platform:
/// [{value, content, share, overall_share, lift}] by lift}, "common_features": [{feature, value, content, share,
/// lift}]}, where common features have at least 3 items in the cluster and a lift of at least 1.1 (at most 5, by lift).
nlohmann::ordered_json retention_cluster_features(const std::vector<RetentionRow>& rows);

}  // namespace learnloop
