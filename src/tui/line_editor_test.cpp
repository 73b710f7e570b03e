#include "line_editor.hpp"

#include <gtest/gtest.h>

#include <clocale>

namespace clivrt::tui {
namespace {

struct Editor {
  Editor() {
    std::setlocale(LC_CTYPE, "C.UTF-8");
    setenv("INPUTRC", "/dev/null", 1);
    LineEditor::Hooks hooks;
    hooks.on_line = [this](std::optional<std::string> l) { lines.push_back(l ? *l : "<EOF>"); };
    hooks.complete = [](std::string_view, std::size_t) {
      return std::vector<std::string>{"/say", "/login", "/logout", "/lookup"};
    };
    hooks.on_candidates = [this](std::vector<std::string> c) { candidates = std::move(c); };
    hooks.on_change = [this] { ++changes; };
    editor.emplace(std::move(hooks));
  }
  std::vector<std::string> lines;
  std::vector<std::string> candidates;
  int changes = 0;
  std::optional<LineEditor> editor;
};

TEST(LineEditor, EntersLinesAndRecallsHistory) {
  Editor e;
  e.editor->feed("hello\r");
  e.editor->feed("world\r");
  EXPECT_EQ(e.lines, (std::vector<std::string>{"hello", "world"}));
  EXPECT_EQ(e.editor->buffer(), "");
  e.editor->feed("\x1b[A");
  EXPECT_EQ(e.editor->buffer(), "world");
  e.editor->feed("\x1b[A");
  EXPECT_EQ(e.editor->buffer(), "hello");
  EXPECT_GT(e.changes, 0);
}

TEST(LineEditor, EmacsKeysAndMultibyte) {
  Editor e;
  e.editor->feed("grüße\x7f");  // Backspace removes the whole ß
  EXPECT_EQ(e.editor->buffer(), "grüß");
  e.editor->feed("\x01");  // Ctrl-A
  EXPECT_EQ(e.editor->point(), 0u);
  e.editor->feed("\x0b");  // Ctrl-K
  EXPECT_EQ(e.editor->buffer(), "");
  e.editor->feed("abc\x1b[H\x1b[3~");  // Home, Delete
  EXPECT_EQ(e.editor->buffer(), "bc");
  e.editor->feed("\x1b[F\x17");  // End, Ctrl-W
  EXPECT_EQ(e.editor->buffer(), "");
}

TEST(LineEditor, CompletesUniqueAndListsAmbiguous) {
  Editor e;
  e.editor->feed("/sa\t");
  EXPECT_EQ(e.editor->buffer(), "/say ");
  e.editor->feed("\x15/lo\t\t");  // Ctrl-U, then a double Tab
  EXPECT_EQ(e.editor->buffer(), "/lo");
  EXPECT_EQ(e.candidates, (std::vector<std::string>{"/login", "/logout", "/lookup"}));
}

TEST(LineEditor, CtrlDOnEmptyLineIsEof) {
  Editor e;
  e.editor->feed("ab\x04");  // Ctrl-D with text: deletes (nothing under the cursor), no EOF
  EXPECT_TRUE(e.lines.empty());
  e.editor->feed("\x15\x04");
  EXPECT_EQ(e.lines, (std::vector<std::string>{"<EOF>"}));
}

TEST(LineEditor, PasteInsertsWithoutExecuting) {
  Editor e;
  e.editor->insert("a\rb");
  EXPECT_TRUE(e.lines.empty());
  EXPECT_EQ(e.editor->buffer(), "a\rb");
}

TEST(LineEditor, OnlyOneAtATime) {
  Editor e;
  EXPECT_THROW(LineEditor(LineEditor::Hooks{}), std::logic_error);
}

}  // namespace
}  // namespace clivrt::tui
