// loginscope crypto — the open-data and signing facts as commands (PLATFORM-FACTS §1.4, §1.6):
//   sign    --raw-data S --session-key K             hex sha1(rawData + session_key)
//   hmac    --session-key K [--body B]               hex HMAC-SHA256, key = the session_key string, message = body ("" for GET)
//   encrypt --session-key K --iv IV --json S         base64 encryptedData
//   decrypt --session-key K --iv IV --data D [--appid A]   plaintext; exit 1 when watermark.appid differs
// Unusable input exits 2 naming the argument.
#include <CLI/App.hpp>

#include <iostream>
#include <memory>

#include "cli.hpp"
#include "loginscope/crypto.hpp"
#include "loginscope/open_data.hpp"

namespace ls::cli {

namespace {
struct CryptoOptions {
    std::string raw_data, session_key, body, iv, json, data, appid;
};

int decrypt(const CryptoOptions& o) {
    const std::string plain = decrypt_open_data(o.data, o.session_key, o.iv);
    std::cout << plain << "\n";
    if (!o.appid.empty() && watermark_appid(plain) != o.appid) {
        std::cerr << "loginscope crypto: watermark.appid is \"" << watermark_appid(plain) << "\", expected \"" << o.appid
                  << "\": this data was not encrypted for that app\n";
        return 1;
    }
    return 0;
}

// The verb's result on stdout; a value the crypto rejects (not base64, wrong length, bad padding)
// exits 2 naming it.
int answer(const std::string& verb, const std::function<int()>& compute) {
    try {
        return compute();
    } catch (const CryptoError& e) {
        std::cerr << "loginscope crypto " << verb << ": " << e.what() << "\n";
        return 2;
    }
}

int print(const std::string& line) {
    std::cout << line << "\n";
    return 0;
}
}  // namespace

Action add_crypto(CLI::App& app) {
    auto o = std::make_shared<CryptoOptions>();
    CLI::App* cmd = app.add_subcommand("crypto", "open-data tools: signature, signed-call HMAC, AES-128-CBC encrypt/decrypt");
    cmd->require_subcommand(1);
    const auto session_key = [&](CLI::App* verb) {
        verb->add_option("--session-key", o->session_key, "the session_key (base64 of 16 bytes)")->required()->type_name("K");
    };

    CLI::App* sign = cmd->add_subcommand("sign", "hex sha1(rawData + session_key), the open-data signature");
    sign->add_option("--raw-data", o->raw_data, "rawData as the client received it")->required()->type_name("S");
    session_key(sign);

    CLI::App* hmac = cmd->add_subcommand("hmac", "hex HMAC-SHA256 of the body with the session_key as key (a signed call)");
    session_key(hmac);
    hmac->add_option("--body", o->body, "the request body (\"\" for GET)")->type_name("B");

    CLI::App* encrypt = cmd->add_subcommand("encrypt", "base64 encryptedData of JSON under AES-128-CBC");
    session_key(encrypt);
    encrypt->add_option("--iv", o->iv, "the iv (base64 of 16 bytes)")->required()->type_name("IV");
    encrypt->add_option("--json", o->json, "the plaintext JSON")->required()->type_name("S");

    CLI::App* decrypt_cmd = cmd->add_subcommand("decrypt", "the plaintext of encryptedData; exit 1 when watermark.appid differs from --appid");
    session_key(decrypt_cmd);
    decrypt_cmd->add_option("--iv", o->iv, "the iv (base64 of 16 bytes)")->required()->type_name("IV");
    decrypt_cmd->add_option("--data", o->data, "encryptedData (base64)")->required()->type_name("D");
    decrypt_cmd->add_option("--appid", o->appid, "the appid the watermark must name")->type_name("A");

    return [o, sign, hmac, encrypt] {
        if (sign->parsed()) return answer("sign", [&] { return print(open_data_signature(o->raw_data, o->session_key)); });
        if (hmac->parsed()) return answer("hmac", [&] { return print(hmac_sha256_hex(o->session_key, o->body)); });
        if (encrypt->parsed()) return answer("encrypt", [&] { return print(encrypt_open_data(o->json, o->session_key, o->iv)); });
        return answer("decrypt", [&] { return decrypt(*o); });
    };
}

}  // namespace ls::cli
