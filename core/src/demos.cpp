#include "loginscope/demos.hpp"
#include "loginscope/platform_pack.hpp"

namespace ls {

namespace {

const std::vector<Demo> kBuiltinDemos = {
    // wx.login in a mini program
    {Flow::WeChatMp, "scenarios/wechat-mp/success.json", "Log in: wx.login -> code2Session -> our own token",
     "登录：wx.login → code2Session → 自己的登录态", false},
    {Flow::WeChatMp, "scenarios/demos/wechat-mp-classroom.json",
     "The whole picture: token, checkSession and open data checked with session_key",
     "完整流程：登录态、checkSession，以及用 session_key 校验开放数据", false},
    {Flow::WeChatMp, "scenarios/wechat-mp/code-reused.json", "A code works once: the second exchange answers 40163",
     "code 只能用一次：第二次换取返回 40163", true},
    {Flow::WeChatMp, "scenarios/wechat-mp/code-expired.json", "A code lives 5 minutes: too late answers 40029",
     "code 只有 5 分钟有效期：过期再换返回 40029", true},
    {Flow::WeChatMp, "scenarios/open-data/profile-race.json",
     "A second wx.login replaces session_key: the server's signature check fails",
     "再调一次 wx.login 会换掉 session_key：服务器的签名校验失败", true},
    {Flow::WeChatMp, "scenarios/wechat-mp/check-session-expired.json",
     "session_key expires unused: checkSession fails, log in again",
     "session_key 长时间不用会过期：checkSession 失败，需要重新登录", true},
    {Flow::WeChatMp, "scenarios/demos/wechat-mp-flaw-leak-session-key.json",
     "Developer-server flaw: /api/login returns session_key to the app",
     "开发者服务器漏洞：/api/login 把 session_key 返回给了小程序", true},
    {Flow::WeChatMp, "scenarios/demos/wechat-mp-flaw-skip-watermark-check.json",
     "Developer-server flaw: open data watermarked for another app is accepted",
     "开发者服务器漏洞：接受了水印属于其他应用的开放数据", true},
    {Flow::WeChatMp, "scenarios/demos/wechat-mp-flaw-accept-reused-code.json",
     "Developer-server flaw: answers cached by code, so a replayed code logs in again",
     "开发者服务器漏洞：按 code 缓存换取结果，重放的 code 又能登录", true},
    // Taro.login
    {Flow::Taro, "scenarios/taro/taro-success.json", "Taro.login: callbacks first, then the Promise",
     "Taro.login：先回调，再 Promise", false},
    {Flow::Taro, "scenarios/demos/taro-code-reused.json", "Taro.login's code is a WeChat code: reused, it answers 40163",
     "Taro.login 拿到的就是微信的 code：重复使用返回 40163", true},
    {Flow::Taro, "scenarios/taro/taro-timeout.json", "Taro.login times out: fail, complete, then catch",
     "Taro.login 超时：fail、complete，然后 catch", true},
    // wx.weixinAppLogin (multi-terminal app)
    {Flow::WeChatApp, "scenarios/wechat-app/success.json",
     "Log in with WeChat from an app: hand-off, consent, code2verifyinfo",
     "在 App 里用微信登录：跳转微信、用户同意、code2verifyinfo", false},
    {Flow::WeChatApp, "scenarios/wechat-app/wechat-not-installed.json", "WeChat is not installed: -700000",
     "手机没装微信：-700000", true},
    {Flow::WeChatApp, "scenarios/wechat-app/user-denies.json", "The user refuses on WeChat's authorization page",
     "用户在微信里点了“拒绝”", true},
    {Flow::WeChatApp, "scenarios/wechat-app/code-reused-10001001.json", "A code works once: the second exchange answers 10001001",
     "code 只能用一次：第二次换取返回 10001001", true},
    // Baidu swan
    {Flow::Swan, "scenarios/swan/button-login.json", "The Baidu login button: getLoginCode -> jscode2sessionkey",
     "百度登录按钮：getLoginCode → jscode2sessionkey", false},
    {Flow::Swan, "scenarios/swan/baidu-dialog-log-in.json", "Not logged in to Baidu: the account dialog, then the code",
     "百度 App 未登录：先弹百度账号登录框，再拿 code", false},
    {Flow::Swan, "scenarios/swan/baidu-dialog-close-10004.json", "Not logged in to Baidu and the user closes the dialog: 10004",
     "百度 App 未登录，用户关掉登录框：10004", true},
    {Flow::Swan, "scenarios/swan/code-reused.json", "A Baidu code works once: invalid_grant",
     "百度的 code 只能用一次：invalid_grant", true},
    {Flow::Swan, "scenarios/swan/code-expired-10min.json", "A Baidu code lives 10 minutes: invalid_grant",
     "百度的 code 有效期 10 分钟：过期返回 invalid_grant", true},
    // uni.login weixin (App)
    {Flow::UniWeixin, "scenarios/uni-weixin/only-authorize.json", "onlyAuthorize: the app gets a code, its server exchanges it",
     "onlyAuthorize：App 只拿 code，由服务器去换取", false},
    {Flow::UniWeixin, "scenarios/uni-weixin/authresult-in-app.json",
     "Without onlyAuthorize the app exchanges the code itself: its appsecret ships in the app",
     "不用 onlyAuthorize 时 App 自己换取 code：appsecret 被打包进了 App", false},
    {Flow::UniWeixin, "scenarios/uni-weixin/user-cancels-2.json", "The user cancels in WeChat: -2",
     "用户在微信里取消：-2", true},
    {Flow::UniWeixin, "scenarios/uni-weixin/wechat-not-installed-8.json", "WeChat is not installed: -8",
     "手机没装微信：-8", true},
    // uni.login apple
    {Flow::UniApple, "scenarios/uni-apple/first-and-later.json",
     "Sign in with Apple: name and email only the first time", "通过 Apple 登录：只有第一次授权才给姓名和邮箱", false},
    {Flow::UniApple, "scenarios/uni-apple/cancel-1001.json", "The user cancels the Apple sheet: 1001",
     "用户取消 Apple 登录面板：1001", true},
    {Flow::UniApple, "scenarios/uni-apple/android-3.json", "Sign in with Apple on Android: -3, not supported",
     "在 Android 上用 Apple 登录：-3，不支持", true},
    // univerify one-click login
    {Flow::Univerify, "scenarios/univerify/success.json", "One-click login: preLogin, the page, login, the number on the server",
     "一键登录：预登录、授权页、点登录，服务器拿到号码", false},
    {Flow::Univerify, "scenarios/demos/univerify-privacy-unchecked.json",
     "The privacy box is not ticked: login does nothing until the user agrees",
     "没勾选隐私协议：用户同意之前，点登录没有任何作用", true},
    {Flow::Univerify, "scenarios/univerify/unchecked-box-hint.json", "Tick the privacy box after the hint, then log in",
     "看到提示后勾选协议，再登录", false},
    {Flow::Univerify, "scenarios/univerify/no-sim-30005.json", "No SIM card: preLogin fails with 30005",
     "没有 SIM 卡：预登录失败 30005", true},
    {Flow::Univerify, "scenarios/univerify/data-off-20202.json", "Cellular data off: 20202", "蜂窝数据没开：20202", true},
    {Flow::Univerify, "scenarios/univerify/close-30003.json", "The user closes the page: 30003, preLogin again",
     "用户关闭授权页：30003，需要重新预登录", true},
    {Flow::Univerify, "scenarios/univerify/cloud-function-wrong-sign.json",
     "The server signs with an old secret: its cloud function refuses and asks DCloud nothing",
     "服务器用旧密钥签名：云函数拒绝请求（非法访问），不去向 DCloud 取号", true},
};

}  // namespace

// The built-in demos, then each platform pack's (grouped by flow: a pack's flows come last).
const std::vector<Demo>& demos() {
    static const std::vector<Demo> all = with_pack_rows(kBuiltinDemos, &PlatformPack::demos);
    return all;
}

std::vector<const Demo*> demos_for(Flow flow) {
    std::vector<const Demo*> out;
    for (const Demo& d : demos())
        if (d.flow == flow) out.push_back(&d);
    return out;
}

}  // namespace ls
