// Passage scoring and highlighting within one article (see passage_scorer.h).
#include "searcher/passage_scorer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "analysis/utf8.h"
#include "schema/schema.h"

namespace byline {
namespace {

// Whether tokens[first, end) hold `phrase` as consecutive words.
bool HasPhrase(const std::vector<Token>& tokens, size_t first, size_t end,
               const std::vector<std::string>& phrase) {
  if (phrase.empty()) return false;
  for (size_t i = first; i + phrase.size() <= end; ++i) {
    size_t k = 0;
    while (k < phrase.size() && tokens[i + k].term == phrase[k] &&
           tokens[i + k].position == tokens[i].position + k) {
      ++k;
    }
    if (k == phrase.size()) return true;
  }
  return false;
}

}  // namespace

std::vector<bool> PassageScorer::HoldsAnswerEntity(
    const schema::StoredArticle& article) {
  std::vector<bool> holds(article.passages.size(), false);
  schema::EntityType wanted;
  if (!AnswerEntityType(intent_.answer_type, &wanted)) return holds;
  size_t p = 0;
  size_t t = 0;
  for (const schema::EntityMention& m : article.mentions) {  // in body order
    if (m.entity >= article.entities.size() ||
        article.entities[m.entity].type != wanted) {
      continue;
    }
    while (p < holds.size() && article.passages[p].end_byte <= m.start_byte) {
      ++p;
    }
    if (p == holds.size()) break;
    if (holds[p] || m.start_byte < article.passages[p].start_byte) continue;
    // An entity the query names ("who accompanied Neil Kinnock") is not
    // its answer.
    while (t < tokens_.size() && tokens_[t].end <= m.start_byte) ++t;
    bool named = false;
    for (size_t k = t; k < tokens_.size() && tokens_[k].start < m.end_byte;
         ++k) {
      named |= KeyOf(tokens_[k].term) != nullptr;
    }
    holds[p] = !named;
  }
  return holds;
}

PassageScorer::PassageScorer(
    const QueryTerms& terms,
    absl::flat_hash_map<std::string, double> word_weights,
    TextAnalyzer* analyzer, PassageScorerOptions options, QueryIntent intent)
    : terms_(terms),
      word_weights_(std::move(word_weights)),
      analyzer_(analyzer),
      options_(options),
      intent_(intent) {
  for (const auto& [key, weight] : word_weights_) mean_weight_ += weight;
  if (!word_weights_.empty()) mean_weight_ /= word_weights_.size();
  // The exact form the query wrote maps to its word's key (as in WordKeys).
  for (const std::string& t : terms.terms) {
    const std::string stem = analyzer->Stem(t, terms.language);
    exact_keys_[t] = !stem.empty() && terms.stems.contains(stem)
                         ? schema::BodyStemTerm(stem)
                         : t;
  }
}

std::vector<std::pair<std::string, std::string>> PassageScorer::WordKeys(
    const QueryTerms& terms, TextAnalyzer& analyzer) {
  std::vector<std::pair<std::string, std::string>> keys;
  for (const std::string& t : terms.terms) {
    const std::string stem = analyzer.Stem(t, terms.language);
    if (!stem.empty() && terms.stems.contains(stem)) {
      keys.emplace_back(schema::BodyStemTerm(stem), schema::BodyStemTerm(stem));
    } else {
      keys.emplace_back(t, schema::BodyTerm(t));
    }
  }
  for (const std::string& p : terms.prefixes) {
    keys.emplace_back(absl::StrCat("*", p), "");
  }
  return keys;
}

const std::string* PassageScorer::KeyOf(const std::string& term) {
  auto [it, inserted] = seen_.try_emplace(term);
  if (inserted) {
    if (auto exact = exact_keys_.find(term); exact != exact_keys_.end()) {
      it->second = exact->second;
    } else {
      if (!terms_.stems.empty()) {
        const std::string stem = analyzer_->Stem(term, terms_.language);
        if (!stem.empty() && terms_.stems.contains(stem)) {
          it->second = schema::BodyStemTerm(stem);
        }
      }
      for (size_t i = 0; it->second.empty() && i < terms_.prefixes.size();
           ++i) {
        if (absl::StartsWith(term, terms_.prefixes[i])) {
          it->second = absl::StrCat("*", terms_.prefixes[i]);
        }
      }
    }
  }
  return it->second.empty() ? nullptr : &it->second;
}

std::vector<ScoredPassage> PassageScorer::Score(
    const schema::StoredArticle& article) {
  const std::vector<schema::PassageBounds>& bounds = article.passages;
  std::vector<ScoredPassage> scored(bounds.size());
  if (bounds.empty()) return scored;
  tokens_.clear();
  analyzer_->Tokenize(article.body, &tokens_);
  const double average_length =
      std::max(1.0, static_cast<double>(tokens_.size()) / bounds.size());
  auto weight_of = [&](const std::string& key) {
    const auto w = word_weights_.find(key);
    return w == word_weights_.end() ? options_.prefix_word_weight : w->second;
  };
  std::vector<bool> holds_answer = HoldsAnswerEntity(article);
  const bool shaped_answer = intent_.answer_type != AnswerType::kNone &&
                             !holds_answer.empty() &&
                             !AnswerEntityType(intent_.answer_type, nullptr);
  const double choice_lead_bonus = intent_.question
                                       ? options_.question_lead_bonus
                                       : options_.choice_lead_bonus;

  std::vector<std::pair<const std::string*, int>> tf;  // few keys: a vector
  size_t t = 0;
  for (size_t p = 0; p < bounds.size(); ++p) {
    ScoredPassage& out = scored[p];
    out.index = static_cast<uint32_t>(p);
    const schema::PassageBounds& pb = bounds[p];
    while (t < tokens_.size() && tokens_[t].start < pb.start_byte) ++t;
    const size_t first = t;
    tf.clear();
    uint32_t chars = pb.start_char;  // code points before `counted`
    uint32_t counted = pb.start_byte;
    for (; t < tokens_.size() && tokens_[t].start < pb.end_byte; ++t) {
      const Token& token = tokens_[t];
      const std::string* key = KeyOf(token.term);
      if (key == nullptr) {
        if (shaped_answer && !holds_answer[p]) {
          const Token* next =
              t + 1 < tokens_.size() ? &tokens_[t + 1] : nullptr;
          holds_answer[p] =
              HasAnswerShape(intent_.answer_type, article.body, token, next);
        }
        continue;
      }
      size_t k = 0;
      while (k < tf.size() && *tf[k].first != *key) ++k;
      if (k == tf.size()) tf.emplace_back(key, 0);
      ++tf[k].second;
      HighlightSpan span;
      span.start_byte = token.start;
      span.end_byte = token.end;
      chars += CountCodePoints(article.body, counted, token.start);
      span.start_char = chars;
      chars += CountCodePoints(article.body, token.start, token.end);
      span.end_char = chars;
      counted = token.end;
      out.highlights.push_back(span);
    }
    if (tf.empty()) continue;
    const double length = static_cast<double>(t - first);
    const double norm =
        options_.k1 * (1 - options_.b + options_.b * length / average_length);
    double score = 0;
    for (const auto& [key, n] : tf) {
      score += weight_of(*key) * n * (options_.k1 + 1) / (n + norm);
    }
    for (const std::vector<std::string>& phrase : terms_.phrases) {
      if (!HasPhrase(tokens_, first, t, phrase)) continue;
      double phrase_weight = 0;
      for (const std::string& word : phrase) {
        const std::string* key = KeyOf(word);
        if (key != nullptr) phrase_weight += weight_of(*key);
      }
      score += options_.phrase_bonus * phrase_weight;
    }
    // The answer-type bonus and the choice's lead bonus order the passages
    // within the article; the article's evidence (score) keeps neither, so
    // that how a question is worded does not reorder the articles.
    double choice = score;
    if (holds_answer[p]) choice += options_.answer_type_bonus * mean_weight_;
    if (p == 0) {
      score *= 1 + options_.lead_bonus;
      choice *= 1 + choice_lead_bonus;
    }
    out.score = score;
    out.choice = choice;
  }
  return scored;
}

}  // namespace byline
