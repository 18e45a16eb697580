// Fuzz target: model documents (linear and GBDT) read by kind and used for a prediction report.
#include "fuzz_input.hpp"
#include "learnloop/predictors/model_document.hpp"
#include "learnloop/text/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const learnloop::CsvTable rows =
      learnloop::parse_csv("x,y,hour,quality_score,likes\n1,2,13,0.5,3\n-1,0.5,0,1,0\n").value();
  const std::string document = learnloop::fuzz::text(data, size);
  if (!learnloop::model_document_kind(document).ok()) return 0;
  (void)learnloop::prediction_report(document, rows);
  return 0;
}
