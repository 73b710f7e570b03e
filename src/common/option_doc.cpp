#include "clivrt/common/option_doc.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

namespace clivrt {

std::vector<OptionDoc> describe_options(const CLI::App& app,
                                        const std::vector<std::pair<std::string, std::vector<std::string>>>& choices) {
  std::vector<OptionDoc> docs;
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_lnames().empty()) continue;  // positionals: our programs take none
    OptionDoc doc;
    doc.name = "--" + option->get_lnames().front();
    if (!option->get_snames().empty()) doc.short_name = "-" + option->get_snames().front();
    // A flag expects no value; CLI11 still names a type for some of them.
    // get_type_name() appends the validators' descriptions ("N:INT in [1 - 64]"); the value's
    // name is the part before them.
    if (option->get_type_size() != 0) {
      const std::string type = option->get_type_name();
      doc.value = type.substr(0, type.find(':'));
    }
    doc.default_value = option->get_default_str();
    doc.summary = option->get_description();
    doc.repeatable =
        option->get_items_expected_max() > 1 || option->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
    const auto found = std::ranges::find(choices, doc.name, &std::pair<std::string, std::vector<std::string>>::first);
    if (found != choices.end()) doc.choices = found->second;
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace clivrt
