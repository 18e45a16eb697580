// Internal: the CLI's terminal text for the analytics results (best time, virality, the learning
// report). They read the JSON the core returns and only lay it out; the figures come from the core.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace learnloop::cli {

/// The best-time analysis (best_time_to_post()) as text for a terminal.
std::string render_best_time_text(const nlohmann::ordered_json& result);

/// A virality prediction (predict_virality()) as text for a terminal.
std::string render_virality_text(const nlohmann::ordered_json& result);

/// A learning report (produce_learning_report()) as text for a terminal.
std::string render_report_text(const nlohmann::ordered_json& report);

}  // namespace learnloop::cli
