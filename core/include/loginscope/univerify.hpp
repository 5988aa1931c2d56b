#pragma once
// uni-app univerify, the App's one-click phone login (PLATFORM-FACTS §5): the page's style
// (univerifyStyle with every documented default), the carriers, and the DCloud + carrier side that
// hands out preLogin results and access tokens and answers getPhoneNumber.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "loginscope/catalog.hpp"
#include "loginscope/platform_base.hpp"

namespace ls {

enum class Carrier { ChinaMobile, ChinaUnicom, ChinaTelecom };

struct CarrierInfo {
    Carrier carrier;
    const char* id;          // scenario name: "china_mobile", …
    const char* slogan;      // the brand line under the number: 中国移动 / 中国联通 / 中国电信 (§5.10)
    const char* term;        // the carrier's own agreement, always shown on the page (§5.10)
    const char* term_url;
    const char* gateway_code;  // source-IP authentication failure: 40101 / 40201 / 40301 (§5.8)
};
const std::vector<CarrierInfo>& carriers();
const CarrierInfo& carrier_info(Carrier c);
std::optional<Carrier> carrier_from_string(const std::string& id);
std::string mask_phone(const std::string& number);  // 13800138000 → 138****8000

// univerifyStyle (§5.4); field names follow the JavaScript keys.
struct UniverifyPrivacyItem {
    std::string url, title;
};
struct UniverifyCustomButton {
    std::string provider, iconPath;
};
struct UniverifyStyle {
    bool fullScreen = false;
    std::string backgroundColor = "#ffffff";
    std::string backgroundImage;  // full screen only
    struct Icon { std::string path, width = "60px", height = "60px"; } icon, closeIcon;
    struct { std::string color = "#202020"; } phoneNum;
    struct { std::string color = "#BBBBBB"; } slogan;
    struct {
        std::string normalColor = "#3479f5", highlightColor = "#2861c5", disabledColor = "#73aaf5";
        std::string textColor = "#ffffff", title = "本机号码一键登录", borderRadius = "24px";
    } authButton;
    struct {
        bool visible = true;
        std::string normalColor, highlightColor;  // "" = transparent
        std::string textColor = "#656565", title = "其他登录方式", borderColor, borderRadius = "24px";  // [U] radius
    } otherLoginButton;
    struct {
        bool defaultCheckBoxState = true;
        bool isCenterHint = false;
        std::string uncheckedImage, checkedImage;
        int checkBoxSize = 12;
        std::string textColor = "#BBBBBB", termsColor = "#5496E3";
        std::string prefix = "我已阅读并同意", suffix = "并使用本机号码登录";
        std::vector<UniverifyPrivacyItem> privacyItems;
    } privacyTerms;
    struct {
        std::string iconWidth = "45px";  // full screen only
        std::vector<UniverifyCustomButton> list;
    } buttons;
    // Options the docs do not list ("privacyTerms.fontSize" appears in real apps' code): the SDK
    // ignores them, so do we, and say so. Each is its JSON pointer and its value as JSON text, so the
    // style writes back as it was read.
    struct Ignored { std::string pointer, value; };
    std::vector<Ignored> ignored;
};
// "/privacyTerms/fontSize" → "privacyTerms.fontSize"; "/buttons/list/0/x" → "buttons.list[0].x".
std::string style_key(const std::string& pointer);
// The style as the SDK draws it on `os`: the iOS-only options (§5.4: authButton.highlightColor and
// disabledColor, otherLoginButton.borderColor, closeIcon.width/height) fall back on Android to what
// the assumptions table says (univerify.android_ios_only). `dropped` (optional) gets the keys that
// were set and are not drawn.
UniverifyStyle honoured_style(UniverifyStyle s, const std::string& os, std::vector<std::string>* dropped = nullptr);

// Parses a univerifyStyle object; missing keys keep their defaults, keys the docs do not list are
// kept in `ignored`. Throws std::invalid_argument naming a known key of the wrong type
// ("univerifyStyle.authButton.normalColor: must be a colour like #3479f5").
UniverifyStyle univerify_style_from_json(const nlohmann::json& j);
nlohmann::json univerify_style_to_json(const UniverifyStyle& s);
// The privacy items the page shows: at most two, each with both url and title (others are ignored).
std::vector<UniverifyPrivacyItem> shown_privacy_items(const UniverifyStyle& s);
// "24px" → 24; "#3479f5" → 0x3479f5 (nullopt when malformed).
std::optional<float> css_px(const std::string& v);
std::optional<uint32_t> css_rgb(const std::string& v);

// The phone as univerify sees it (PRODUCT.md actor 4); errors emerge from it.
struct PhoneLine {
    bool sim_present = true;
    bool cellular_data = true;
    Carrier carrier = Carrier::ChinaMobile;
    std::string number = "13800138000";
    bool gateway_ok = true;  // false: the carrier's source-IP check fails (dual SIM, VPN, non-carrier card)
};

// The app as DCloud knows it.
struct UniverifyApp {
    std::string uni_appid = "__UNI__A1B2C3D";  // "" → -7 uniAppid 缺失
    bool service_enabled = true;               // false → 1000 尚未开通一键登录
    bool approved = true;                      // false → 40004 应用不存在 (custom base before approval)
    std::string account = "ok";                // "ok" | "abnormal" (1001) | "no_balance" (1002)
};

struct UniverifyPolicy {
    int64_t prelogin_ttl_ms = 10 * 60 * 1000;  // [V] 10 minutes, single use
    int64_t token_ttl_ms = assumed_int("univerify.token_ttl_ms");              // [D]/[U]
    int64_t page_delay_ms = assumed_int("univerify.page_delay_ms");            // [U]
    int64_t page_delay_cold_ms = assumed_int("univerify.page_delay_cold_ms");  // [V] ~1–2 s
};

struct UniverifyToken {
    std::string access_token, openid;
    int64_t expires_at_ms = 0;
};

// DCloud + the carrier: preLogin results, access tokens, getPhoneNumber. Thread-safe.
class UniverifyPlatform : public PlatformBase<UniverifyApp> {
public:
    UniverifyPlatform(VirtualClock& clock, IdGenerator& ids, Journal& journal, UniverifyPolicy policy = {});

    // The environment check shared by preLogin and login: "" when suitable, else the catalog code.
    std::string unsuitable(const PhoneLine& line, bool online) const;
    // A preLogin result for this line (10 min, single use); replaces an earlier one.
    void remember_prelogin(const PhoneLine& line, uint32_t flow);
    // Consumes the line's live preLogin result; false when there is none (expired, used, never made).
    bool take_prelogin(const PhoneLine& line, uint32_t flow);
    // The carrier's answer to the login button: an access_token for the line's number.
    UniverifyToken issue_token(const PhoneLine& line, uint32_t flow);
    // POST /univerify/getPhoneNumber {appid, provider, access_token, openid} → {code:0, success:true, phoneNumber}
    HttpReply get_phone_number(const HttpRequest& req, uint32_t flow, const std::string& forced = "");
    HttpReply error_reply(const std::string& code) const;

    std::optional<int64_t> next_expiry(int64_t after_ms) const;
    void sweep();  // forgets the access tokens dead by now (CodeStore)
    void reset();

private:
    UniverifyPolicy policy_;
    struct PreLogin { int64_t expires_ms; std::string id; };  // id: its lifetime in the journal
    std::map<std::string, PreLogin> prelogin_;  // number → its live preLogin result
    CodeStore tokens_;  // access tokens, single use: scope the openid, user the phone number
    std::map<std::string, std::string> openids_;  // number → openid (stable per app and number)
};

}  // namespace ls
