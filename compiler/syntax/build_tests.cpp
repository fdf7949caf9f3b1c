// `test` blocks: steps of events and expected actions.
#include "compiler/syntax/builder.h"

namespace takt::syntax {

auto Builder::BuildTest(TaktParser::Test_declContext* c) -> ast::Test {
  ast::Test out{.name = MakeString(c->name), .doc = DocFor(c), .steps = {}, .span = SpanOf(c)};
  for (auto* s : c->test_step()) {
    ast::TestStep step{.kind = ast::TestStep::Kind::Event,
                       .at = std::nullopt,
                       .verb = {},
                       .args = {},
                       .span = SpanOf(s)};
    if (s->time != nullptr) {
      step.at = ast::TestTime{.day = std::nullopt, .time = MakeTime(s->time), .span = SpanOf(s->time)};
      if (s->day != nullptr) {
        step.at->day = MakeInteger(s->day);
        step.at->span = source::Cover(SpanOf(s->K_DAY()->getSymbol()), step.at->span);
      }
    }
    if (s->K_EXPECT() != nullptr) {
      step.kind = s->no != nullptr ? ast::TestStep::Kind::ExpectNo : ast::TestStep::Kind::Expect;
    }
    if (s->step_verb() != nullptr) {
      step.verb = MakeName(s->step_verb());
    } else if (s->event_verb() != nullptr) {
      step.verb = MakeName(s->event_verb());
    }
    for (auto* arg : s->step_arg()) {
      ast::Word word{.kind = ast::Word::Kind::Name, .text = {}, .number = 0, .span = SpanOf(arg)};
      if (arg->outcome_name != nullptr) {
        // `outcome NAME` is the key and its value, as if NAME could never start a step.
        word.text = TextOf(arg->K_OUTCOME()->getSymbol());
        word.span = SpanOf(arg->K_OUTCOME()->getSymbol());
        step.args.push_back(std::move(word));
        word = ast::Word{.kind = ast::Word::Kind::Name,
                         .text = TextOf(arg->outcome_name->getStart()),
                         .number = 0,
                         .span = SpanOf(arg->outcome_name)};
      } else if (arg->number() != nullptr) {
        ast::Number number = MakeNumber(arg->number());
        word.kind = ast::Word::Kind::Number;
        word.text = number.text;
        word.number = number.value;
      } else if (arg->text() != nullptr) {
        word.kind = ast::Word::Kind::String;
        word.text = MakeString(arg->text()).value;
      } else {
        word.text = TextOf(arg->arg_word()->getStart());
        for (auto* part : arg->qualified_part()) {
          word.text += '.';
          word.text += TextOf(part->getStart());
        }
      }
      step.args.push_back(std::move(word));
    }
    out.steps.push_back(std::move(step));
  }
  return out;
}

}  // namespace takt::syntax
