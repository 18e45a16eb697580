// Feature specs: parsing, learning from training rows, and applying to any rows.
#include "learnloop/predictors/feature_spec.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "learnloop/core/det_math.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/json_depth.hpp"
#include "learnloop/core/json_state.hpp"

namespace learnloop {

FeatureColumn feature_column(const std::string& name, const std::string& kind) {
  FeatureColumn c;
  c.name = name;
  c.kind = kind;
  return c;
}

namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;

// The value of column `col` in row `r` as a number; `missing` is set for empty text.
Result<double> number_at(const CsvTable& rows, std::size_t r, std::size_t col, const std::string& name, bool* missing) {
  const std::string& text = rows.rows[r][col];
  *missing = text.empty();
  if (*missing) return 0.0;
  nlohmann::json parsed = parse_json_or_discarded<nlohmann::json>(text);
  if (!parsed.is_number())
    return invalid_argument(rows.where(r) + ": column '" + name + "' has '" + text + "'; expected a number");
  return parsed.get<double>();
}

Error missing_error(const CsvTable& rows, std::size_t r, const std::string& name) {
  return invalid_argument(rows.where(r) + ": column '" + name +
                          "' is missing; fill it, or set the spec's \"missing\" to \"mean\" or \"zero\"");
}

// Field `key` of `object`, when present, must pass `is_type`; the error names `owner`, the field and `expected`.
Status check_field(const nlohmann::json& object, const char* key, bool (nlohmann::json::*is_type)() const noexcept,
                   const std::string& owner, const char* expected) {
  const auto it = object.find(key);
  if (it == object.end() || ((*it).*is_type)()) return {};
  return invalid_argument(owner + " has \"" + key + "\" " + it->dump() + "; expected " + expected);
}

}  // namespace

Result<FeatureSpec> feature_spec_from_json(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("columns") || !json["columns"].is_array() || json["columns"].empty())
    return invalid_argument(
        "a feature spec must be {\"columns\": [...], \"missing\": \"error\"|\"mean\"|\"zero\"} with at least one "
        "column");
  FeatureSpec spec;
  if (json.contains("missing")) {
    if (!json["missing"].is_string())
      return invalid_argument("feature spec \"missing\" must be \"error\", \"mean\" or \"zero\"");
    spec.missing = json["missing"].get<std::string>();
    if (spec.missing != "error" && spec.missing != "mean" && spec.missing != "zero")
      return invalid_argument("feature spec \"missing\" is \"" + spec.missing +
                              "\"; expected \"error\", \"mean\" or \"zero\"");
  }
  if (Status s = check_field(json, "fitted", &nlohmann::json::is_boolean, "the feature spec", "true or false"); !s.ok())
    return s.error();
  spec.fitted = json.value("fitted", false);
  std::set<std::string> seen;
  for (const auto& c : json["columns"]) {
    FeatureColumn column;
    if (c.is_string()) {
      column.name = c.get<std::string>();
    } else if (c.is_object() && c.contains("name") && c["name"].is_string()) {
      column.name = c["name"].get<std::string>();
      const std::string owner = "feature '" + column.name + "'";
      for (const auto& [key, is_type, expected] :
           {std::tuple{"kind", &nlohmann::json::is_string, "a kind name"},
            std::tuple{"scale", &nlohmann::json::is_boolean, "true or false"},
            std::tuple{"categories", &nlohmann::json::is_array, "a list of category names"},
            std::tuple{"mean", &nlohmann::json::is_number, "a number"},
            std::tuple{"std", &nlohmann::json::is_number, "a number"}}) {
        if (Status s = check_field(c, key, is_type, owner, expected); !s.ok()) return s.error();
      }
      if (c.contains("categories"))
        for (const auto& category : c["categories"])
          if (!category.is_string())
            return invalid_argument(owner + " has a category " + category.dump() + "; expected category names");
      column.kind = c.value("kind", std::string("numeric"));
      column.scale = c.value("scale", false);
      if (column.kind != "numeric" && column.kind != "one_hot" && column.kind != "cyclic_hour")
        return invalid_argument("feature '" + column.name + "' has kind \"" + column.kind +
                                "\"; expected \"numeric\", \"one_hot\" or \"cyclic_hour\"");
      if (c.contains("categories")) column.categories = c["categories"].get<std::vector<std::string>>();
      column.mean = c.value("mean", 0.0);
      column.std = c.value("std", 1.0);
      if (c.contains("source")) {
        if (!c["source"].is_string() || c["source"].get<std::string>().empty())
          return invalid_argument("feature '" + column.name + "' has a \"source\" that is not a column name");
        column.source = c["source"].get<std::string>();
      }
      if (c.contains("divide_by")) {
        if (!c["divide_by"].is_number() || !(c["divide_by"].get<double>() != 0) ||
            !std::isfinite(c["divide_by"].get<double>()) || column.kind != "numeric")
          return invalid_argument("feature '" + column.name + "' has \"divide_by\" " + c["divide_by"].dump() +
                                  "; expected a finite non-zero number, on a numeric column");
        column.divide_by = c["divide_by"].get<double>();
      }
    } else {
      return invalid_argument("feature spec columns must be names or {\"name\", \"kind\", \"scale\"} objects; got " +
                              c.dump());
    }
    if (!seen.insert(column.name).second)
      return invalid_argument("feature '" + column.name + "' appears twice in the spec");
    spec.columns.push_back(std::move(column));
  }
  return spec;
}

nlohmann::ordered_json feature_spec_to_json(const FeatureSpec& spec) {
  nlohmann::ordered_json columns = nlohmann::ordered_json::array();
  for (const FeatureColumn& c : spec.columns) {
    nlohmann::ordered_json j = {{"name", c.name}, {"kind", c.kind}};
    if (!c.source.empty()) j["source"] = c.source;
    if (c.divide_by != 1) j["divide_by"] = c.divide_by;
    if (c.kind == "numeric") {
      j["scale"] = c.scale;
      if (spec.fitted) {
        j["mean"] = c.mean;
        j["std"] = c.std;
      }
    }
    if (c.kind == "one_hot" && spec.fitted) j["categories"] = c.categories;
    columns.push_back(j);
  }
  return {{"columns", columns}, {"missing", spec.missing}, {"fitted", spec.fitted}};
}

Result<FeatureSpec> learn_feature_spec(const FeatureSpec& spec, const CsvTable& rows) {
  if (rows.rows.empty()) return invalid_argument("no rows to learn the feature spec from");
  FeatureSpec fitted = spec;
  for (FeatureColumn& c : fitted.columns) {
    Result<std::size_t> col = rows.column(c.raw_column());
    if (!col.ok()) return col.error();
    if (c.kind == "one_hot") {
      std::set<std::string> categories;
      for (const auto& row : rows.rows) {
        if (!row[col.value()].empty()) categories.insert(row[col.value()]);
      }
      c.categories.assign(categories.begin(), categories.end());
      continue;
    }
    double sum = 0, sum_sq = 0, count = 0;
    for (std::size_t r = 0; r < rows.rows.size(); ++r) {
      bool missing = false;
      Result<double> v = number_at(rows, r, col.value(), c.raw_column(), &missing);
      if (!v.ok()) return v.error();
      if (missing) {
        if (fitted.missing == "error") return missing_error(rows, r, c.raw_column());
        continue;
      }
      const double x = v.value() / c.divide_by;
      sum += x;
      sum_sq += x * x;
      count += 1;
    }
    if (count == 0) return invalid_argument("column '" + c.name + "' has no values to learn from");
    c.mean = sum / count;
    const double variance = std::max(0.0, sum_sq / count - c.mean * c.mean);
    c.std = c.scale ? std::sqrt(variance) : 1.0;
    if (c.scale && c.std == 0)
      return invalid_argument("feature '" + c.name + "' is constant (" + format_number(c.mean) +
                              "), so it cannot be scaled: drop it");
  }
  fitted.fitted = true;
  return fitted;
}

void cyclic_hour_features(double hour, double* sine, double* cosine) {
  // Fold into [0, 24) first, so sin and cos see the same angle for 1 and 25.
  const double h = hour - 24.0 * std::floor(hour / 24.0);
  dmath::sin_cos(kTwoPi * h / 24.0, sine, cosine);
}

Result<Dataset> apply_feature_spec(const FeatureSpec& spec, const CsvTable& rows) {
  if (!spec.fitted) return invalid_argument("the feature spec has not been fitted; fit a model with it first");
  std::vector<std::string> names;
  std::vector<std::size_t> source;
  for (const FeatureColumn& c : spec.columns) {
    Result<std::size_t> col = rows.column(c.raw_column());
    if (!col.ok()) return col.error();
    source.push_back(col.value());
    if (c.kind == "numeric") names.push_back(c.name);
    if (c.kind == "cyclic_hour") {
      names.push_back(c.name + "_sin");
      names.push_back(c.name + "_cos");
    }
    if (c.kind == "one_hot") {
      for (const std::string& category : c.categories) names.push_back(c.name + "=" + category);
    }
  }
  std::vector<double> values;
  values.reserve(rows.rows.size() * names.size());
  for (std::size_t r = 0; r < rows.rows.size(); ++r) {
    for (std::size_t i = 0; i < spec.columns.size(); ++i) {
      const FeatureColumn& c = spec.columns[i];
      if (c.kind == "one_hot") {
        const std::string& text = rows.rows[r][source[i]];
        if (text.empty() && spec.missing == "error") return missing_error(rows, r, c.name);
        for (const std::string& category : c.categories) values.push_back(text == category ? 1.0 : 0.0);
        continue;
      }
      bool missing = false;
      Result<double> v = number_at(rows, r, source[i], c.raw_column(), &missing);
      if (!v.ok()) return v.error();
      double x = v.value() / c.divide_by;
      if (missing) {
        if (spec.missing == "error") return missing_error(rows, r, c.raw_column());
        x = spec.missing == "mean" ? c.mean : 0.0;
      }
      if (c.kind == "cyclic_hour") {
        double sine = 0, cosine = 0;
        cyclic_hour_features(x, &sine, &cosine);
        values.push_back(sine);
        values.push_back(cosine);
      } else {
        values.push_back(c.scale ? (x - c.mean) / c.std : x);
      }
    }
  }
  return make_dataset(rows.rows.size(), names.size(), std::move(values), names);
}

Result<CsvTable> records_from_json(const std::string& text) {
  Result<nlohmann::json> parsed = parse_json(text);
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& records = parsed.value();
  if (!records.is_array()) return invalid_argument("records must be an array of objects");
  CsvTable table;
  table.row_label = "record";
  std::set<std::string> seen;
  for (const auto& record : records) {
    if (!record.is_object()) return invalid_argument("records must be an array of objects; got " + record.dump());
    for (const auto& item : record.items()) {
      if (seen.insert(item.key()).second) table.header.push_back(item.key());
    }
  }
  for (std::size_t r = 0; r < records.size(); ++r) {
    std::vector<std::string> row;
    for (const std::string& name : table.header) {
      auto it = records[r].find(name);
      if (it == records[r].end() || it->is_null())
        row.emplace_back();
      else if (it->is_string())
        row.push_back(it->get<std::string>());
      else if (it->is_boolean())
        row.push_back(it->get<bool>() ? "1" : "0");
      else
        row.push_back(it->dump());
    }
    table.rows.push_back(std::move(row));
    table.line_numbers.push_back(r + 1);
  }
  return table;
}

}  // namespace learnloop
