#pragma once
// The error catalogs of every platform, as data. The fault menus, the scenario validator, the
// `catalog --json` command and the docs all read these tables; later platforms append rows.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loginscope/journal.hpp"

namespace ls {

enum class Confidence { Verified, Documented, Observed, Unknown };  // [V] [D] [O] [U]
const char* to_string(Confidence c);  // "V", "D", "O", "U"

struct CatalogEntry {
    const char* platform;  // "wechat", "univerify"
    Hop hop;               // where the error can arise
    const char* code;      // wire code as text: "40163", "login:fail timeout"
    const char* message;   // wire message without the rid suffix
    const char* meaning;   // what it means, as the docs say it
    const char* shape;     // response shape, e.g. {"errcode":40163,"errmsg":"code been used, rid: …"}
    Confidence confidence;
};

const std::vector<CatalogEntry>& catalog();
// The number a numeric API's error field carries for `code`: the code itself, or -1 when it is text
// (another platform's code, forced by a fault through the admin API: "invalid_grant" at WeChat).
int errcode_number(const std::string& code);
const CatalogEntry* find_catalog_entry(const std::string& platform, const std::string& code);
const CatalogEntry* find_catalog_entry(const std::string& platform, const std::string& code, Hop hop);
// Any platform's entry for `code` at `hop` (faults name a code, the flow's platform answers it).
const CatalogEntry* find_catalog_entry_at(const std::string& code, Hop hop);
const CatalogEntry* find_catalog_entry_any(const std::string& code);
std::vector<const CatalogEntry*> catalog_for(const std::string& platform, Hop hop);
std::string catalog_json();

// Every value LoginScope had to choose because the platform does not document it ([U] facts).
// The UI labels these as assumptions; this is the only place they are decided.
struct Assumption {
    const char* key;
    const char* value;
    const char* why;
};
const std::vector<Assumption>& assumptions();
const Assumption* find_assumption(const std::string& key);
int64_t assumed_int(const std::string& key);  // a numeric assumption's value (0 if missing)

}  // namespace ls
