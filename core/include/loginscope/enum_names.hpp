#pragma once
// The names an enum has in JSON and on the command line, as a table of {value, name} rows, and
// the two lookups every such table needs.
#include <cstddef>
#include <optional>
#include <string>

namespace ls {

template <class E>
struct EnumName {
    E value;
    const char* name;
};

// The name of `v` in `table`; "?" for a value the table lacks.
template <class E, size_t N>
const char* enum_name(const EnumName<E> (&table)[N], E v) {
    for (const auto& n : table)
        if (n.value == v) return n.name;
    return "?";
}

// The value named `s` in `table`; nothing for an unknown name.
template <class E, size_t N>
std::optional<E> enum_from_name(const EnumName<E> (&table)[N], const std::string& s) {
    for (const auto& n : table)
        if (s == n.name) return n.value;
    return std::nullopt;
}

}  // namespace ls
