// The scripts' text for hostile and ordinary option tables. That they load and complete in real
// bash, zsh and fish is tests/integration/test_packaging.py's job.
#include "clivrt/manual/completion.hpp"

#include <gtest/gtest.h>

namespace clivrt::manual {
namespace {

CompletionSpec sample() {
  return {"clivrt-x",
          {{"--help", "-h", "", "Print this help message and exit", "", {}, false},
           {"--videostyle", "", "STYLE", "how [video] is drawn: it's art", "", {"half-block", "just-ascii"}, false},
           {"--config", "", "FILE", "config file", "", {}, false},
           {"--web-root", "", "DIR", "web folder", "", {}, false},
           {"--server", "", "URL", "server URL", "", {}, false},
           {"--option", "-o", "KEY=VALUE", "set any config key", "", {}, true}},
          "--option",
          {{"framerate", "", "FPS", "frames per second", "", {}, false},
           {"color", "", "DEPTH", "colour depth", "", {"256", "none"}, false}}};
}

TEST(Completion, BashCompletesValuesByKindAndSettingsAfterTheirEqualsSign) {
  const std::string text = bash_completion(sample());
  EXPECT_NE(text.find("_clivrt_x()\n{"), std::string::npos) << text;
  EXPECT_NE(text.find("_init_completion -s -n = || return"), std::string::npos);
  EXPECT_NE(text.find("        --videostyle)\n            COMPREPLY=($(compgen -W 'half-block just-ascii' -- \"$cur\"))"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("        --config)\n            _filedir\n"), std::string::npos);
  EXPECT_NE(text.find("        --web-root)\n            _filedir -d\n"), std::string::npos);
  EXPECT_NE(text.find("        --server)\n            return\n"), std::string::npos);
  EXPECT_NE(text.find("        -o|--option)\n"), std::string::npos);
  EXPECT_NE(text.find("color) COMPREPLY=($(compgen -W '256 none' -- \"${cur#*=}\")) ;;"), std::string::npos) << text;
  EXPECT_NE(text.find("compgen -W 'framerate= color='"), std::string::npos) << text;
  EXPECT_NE(text.find("compgen -W '-h --help --videostyle --config --web-root --server -o --option'"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("complete -F _clivrt_x clivrt-x\n"), std::string::npos);
}

TEST(Completion, ZshEscapesBracketsAndQuotesInDescriptions) {
  const std::string text = zsh_completion(sample());
  EXPECT_EQ(text.rfind("#compdef clivrt-x\n", 0), 0u) << text;
  EXPECT_NE(text.find("'(-h --help)'{-h,--help}'[Print this help message and exit]'"), std::string::npos) << text;
  EXPECT_NE(text.find("'--videostyle='" "'[how \\[video\\] is drawn: it'\\''s art]:STYLE:(half-block just-ascii)'"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("'--config='" "'[config file]:FILE:_files'"), std::string::npos) << text;
  EXPECT_NE(text.find("'--web-root='" "'[web folder]:DIR:_files -/'"), std::string::npos) << text;
  EXPECT_NE(text.find("'*'{-o+,--option=}'[set any config key]:KEY=VALUE:_clivrt_x_settings'"), std::string::npos)
      << text;
  EXPECT_NE(text.find("_values 'config key'"), std::string::npos);
  EXPECT_NE(text.find("'color[colour depth]:DEPTH:(256 none)'"), std::string::npos) << text;
}

TEST(Completion, FishLinesWithDescriptionsAndSettingCandidates) {
  const std::string text = fish_completion(sample());
  EXPECT_NE(text.find("complete -c clivrt-x -s h -l help -d 'Print this help message and exit'\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("complete -c clivrt-x -l videostyle -x -a 'half-block just-ascii' -d 'how [video] is drawn: it\\'s art'\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("complete -c clivrt-x -l config -r -F -d 'config file'\n"), std::string::npos);
  EXPECT_NE(text.find("complete -c clivrt-x -s o -l option -x -a '(_clivrt_x_settings)'"), std::string::npos) << text;
  EXPECT_NE(text.find("'color=256' 'colour depth'"), std::string::npos) << text;
  EXPECT_NE(text.find("'framerate=' 'frames per second'"), std::string::npos) << text;
}

TEST(Completion, TheServerHasNoSettingsFunction) {
  CompletionSpec spec = sample();
  spec.settings_flag.clear();
  spec.options.pop_back();
  EXPECT_EQ(zsh_completion(spec).find("_settings"), std::string::npos);
  EXPECT_EQ(fish_completion(spec).find("_settings"), std::string::npos);
}

}  // namespace
}  // namespace clivrt::manual
