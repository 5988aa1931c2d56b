// loginscope crypto — the open-data and signing facts as commands (PLATFORM-FACTS §1.4, §1.6):
//   sign    --raw-data S --session-key K             hex sha1(rawData + session_key)
//   hmac    --session-key K [--body B]               hex HMAC-SHA256, key = the session_key string, message = body ("" for GET)
//   encrypt --session-key K --iv IV --json S         base64 encryptedData
//   decrypt --session-key K --iv IV --data D [--appid A]   plaintext; exit 1 when watermark.appid differs
// Unusable input exits 2 naming the argument.
#include <iostream>
#include <map>

#include "cli.hpp"
#include "loginscope/crypto.hpp"
#include "loginscope/open_data.hpp"

namespace ls::cli {

namespace {
using Options = std::map<std::string, std::string>;

// "--name value" pairs; every name must be one of `allowed`, `required` ones present.
bool parse(const Args& args, size_t from, std::initializer_list<const char*> allowed,
           std::initializer_list<const char*> required, Options& out) {
    for (size_t i = from; i < args.size(); i += 2) {
        bool known = false;
        for (const char* a : allowed) known = known || args[i] == std::string("--") + a;
        if (!known || i + 1 >= args.size()) {
            std::cerr << "loginscope crypto: " << (known ? args[i] + " needs a value" : "unknown argument " + args[i]) << "\n";
            return false;
        }
        out[args[i].substr(2)] = args[i + 1];
    }
    for (const char* r : required)
        if (!out.count(r)) {
            std::cerr << "loginscope crypto: --" << r << " is required\n";
            return false;
        }
    return true;
}

int decrypt(const Options& o) {
    const std::string plain = decrypt_open_data(o.at("data"), o.at("session-key"), o.at("iv"));
    std::cout << plain << "\n";
    if (o.count("appid") && watermark_appid(plain) != o.at("appid")) {
        std::cerr << "loginscope crypto: watermark.appid is \"" << watermark_appid(plain) << "\", expected \""
                  << o.at("appid") << "\": this data was not encrypted for that app\n";
        return 1;
    }
    return 0;
}
}  // namespace

int crypto(const Args& args) {
    const std::string verb = args.empty() ? "" : args[0];
    Options o;
    try {
        if (verb == "sign" && parse(args, 1, {"raw-data", "session-key"}, {"raw-data", "session-key"}, o)) {
            std::cout << open_data_signature(o["raw-data"], o["session-key"]) << "\n";
            return 0;
        }
        if (verb == "hmac" && parse(args, 1, {"session-key", "body"}, {"session-key"}, o)) {
            std::cout << hmac_sha256_hex(o["session-key"], o["body"]) << "\n";
            return 0;
        }
        if (verb == "encrypt" && parse(args, 1, {"session-key", "iv", "json"}, {"session-key", "iv", "json"}, o)) {
            std::cout << encrypt_open_data(o["json"], o["session-key"], o["iv"]) << "\n";
            return 0;
        }
        if (verb == "decrypt" && parse(args, 1, {"session-key", "iv", "data", "appid"}, {"session-key", "iv", "data"}, o))
            return decrypt(o);
    } catch (const CryptoError& e) {
        std::cerr << "loginscope crypto " << verb << ": " << e.what() << "\n";
        return 2;
    }
    if (verb != "sign" && verb != "hmac" && verb != "encrypt" && verb != "decrypt")
        std::cerr << "usage: loginscope crypto sign|hmac|encrypt|decrypt … (see loginscope --help)\n";
    return 2;
}

}  // namespace ls::cli
