#pragma once
// How the tests read a refusal: the message of the error a parser throws.
#include <string>

namespace ls::test {

// The what() of the `Error` that `parse` throws; "(accepted)" when it throws none.
template <class Error, class Parse>
std::string refusal(Parse parse) {
    try {
        parse();
    } catch (const Error& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace ls::test
