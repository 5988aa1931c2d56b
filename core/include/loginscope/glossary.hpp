#pragma once
// The glossary of the teaching mode: every identifier a class meets in a login flow (code, openid,
// session_key, …), defined in one or two sentences in English and Chinese, true to PLATFORM-FACTS;
// and a scanner that finds those terms in a narration or an inspector line, so the GUI can underline
// them and show the definition on hover. UI-free.
#include <cstddef>
#include <string_view>
#include <vector>

namespace ls {

struct GlossaryTerm {
    const char* term;  // as written in the docs: "session_key", "Open Platform", "开放平台"
    const char* en;    // the definition in English
    const char* zh;    // the definition in Simplified Chinese
};

// Every term, in a stable order (aliases such as "jscode2session" are entries of their own).
const std::vector<GlossaryTerm>& glossary();

// The entry whose term is exactly `term` (case-sensitive); nullptr when absent.
const GlossaryTerm* find_term(std::string_view term);

struct TermSpan {
    size_t offset;  // byte offset in the text
    size_t length;  // bytes
    const GlossaryTerm* term;
};

// The glossary terms in `text` (UTF-8, English or Chinese), in order, non-overlapping, the longest
// match at each position first. ASCII terms match only as whole identifiers ("code" is not found
// inside "js_code" or "code2Session"), with the exact spelling preferred and any ASCII case accepted
// ("OpenID" finds openid), and not where the word before gives the term another meaning ("the
// JavaScript code", "an error code" are not the login code); Chinese terms match anywhere.
std::vector<TermSpan> find_terms(std::string_view text);

}  // namespace ls
