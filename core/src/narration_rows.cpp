// The narration's prose (narration.hpp): what each event means, in English and Chinese, the more
// specific rows by context. Data only; narration.cpp picks the row an event matches.
#include "narration_rows.hpp"

namespace ls {

namespace {

// ---- the texts shared by several rows ---------------------------------------------------------

constexpr const char* kDevAnswerEn =
    "The developer server answers the app: on success only its own login token, never session_key or other secrets; "
    "on failure an error status (401 when the platform refused, 502 or 504 when the platform could not be reached).";
constexpr const char* kDevAnswerZh =
    "开发者服务器给应用回话：成功时只给自己的登录 token，绝不带 session_key 之类的秘密；失败时返回错误状态"
    "（平台拒绝时是 401，连不上平台时是 502 或 504）。";
constexpr const char* kSessionApiEn =
    "The app asks its developer server to check or reset, with WeChat, the session_key the server holds. The key "
    "itself never travels to the phone.";
constexpr const char* kSessionApiZh =
    "应用请开发者服务器去微信那里检查或重置它保存的 session_key。密钥本身从不会传到手机上。";
constexpr const char* kSessionApiAnswerEn =
    "The developer server reports WeChat's verdict on its session_key to the app (200 when WeChat said ok, 401 when "
    "WeChat refused), without the key itself.";
constexpr const char* kSessionApiAnswerZh =
    "开发者服务器把微信对它那个 session_key 的判断告诉应用（微信说正常就是 200，微信拒绝就是 401），但不带密钥本身。";
constexpr const char* kCodeWeChatEn =
    "WeChat issued a login code, valid 5 minutes and usable only once. It proves nothing by itself: the developer "
    "server must exchange it with code2Session, using the AppSecret, before it expires.";
constexpr const char* kCodeWeChatZh =
    "微信发了一个登录 code，有效期 5 分钟，只能用一次。它本身证明不了什么：开发者服务器必须在过期前用 AppSecret "
    "调 code2Session 去换取。";
constexpr const char* kExchangeOkWeChatEn =
    "code2Session succeeded and WeChat consumed the code. It returned openid (this user's id in this mini program), "
    "session_key and, if the mini program is bound to an Open Platform account, unionid (the same user across all the "
    "apps of that account).";
constexpr const char* kExchangeOkWeChatZh =
    "code2Session 成功，微信把这个 code 作废了。它返回了 openid（这个用户在这个小程序里的标识）、session_key；"
    "如果小程序绑定了开放平台账号，还有 unionid（同一个用户在该账号下所有应用里共用的标识）。";
constexpr const char* kExchangeErrWeChatEn =
    "WeChat refused code2Session and answered errcode and errmsg instead of openid: 40029 invalid or expired code, "
    "40163 code already used, 45011 too many calls, -1 system busy. The server must not create a session from this.";
constexpr const char* kExchangeErrWeChatZh =
    "微信拒绝了 code2Session，返回的是 errcode 和 errmsg 而不是 openid：40029 是 code 无效或已过期，40163 是 code "
    "已被使用，45011 是调用太频繁，-1 是系统繁忙。服务器不能凭这个结果建立登录态。";
constexpr const char* kSystemBusyEn =
    "WeChat answered -1 system error: the platform is busy, and its documentation says to try again a little later.";
constexpr const char* kSystemBusyZh = "微信返回 -1 系统繁忙：平台暂时忙不过来，按文档的说法，稍候再试即可。";
constexpr const char* kTaroCallEn =
    "Taro.login is wx.login underneath: the same code, the same errMsg. Taro calls your success or fail and complete "
    "callbacks first, then settles its Promise with the same result.";
constexpr const char* kTaroCallZh =
    "Taro.login 底层就是 wx.login：同样的 code，同样的 errMsg。Taro 先调用你的 success 或 fail 和 complete 回调，"
    "再用同一个结果兑现 Promise。";
constexpr const char* kCheckSessionCallEn =
    "The app asks WeChat whether the session_key of its latest login is still alive. If it is there is no need to log "
    "in again; if not, call wx.login.";
constexpr const char* kCheckSessionCallZh =
    "应用问微信：最近一次登录的 session_key 还有效吗？有效就不用重新登录；失效了就要重新调用 wx.login。";
constexpr const char* kCodeReusedEn =
    "The login failed because the code had already been used (40163): a code is accepted only once. The app must log "
    "in again to get a fresh code instead of resending the old one.";
constexpr const char* kCodeReusedZh =
    "登录失败，因为这个 code 已经用过了（40163）：一个 code 只能换一次。应用应该重新登录拿一个新 code，而不是把旧的再发一遍。";

// ---- the table --------------------------------------------------------------------------------

const std::vector<NarrationEntry> kRows = {
    // ---- actions
    {"action.start", "",
     "A new user action starts here: a tap, or one step of a scenario. Every step below belongs to it until it ends.",
     "这里开始一次新的用户操作：一次点击，或者场景里的一步。直到它结束，下面的每一步都属于这次操作。"},
    {"action.ok", "",
     "The action succeeded, as the JavaScript code sees it: the success callback ran, then complete.",
     "这次操作成功了，JavaScript 代码看到的是：先调用 success 回调，然后是 complete。"},
    {"action.ok", "taro",
     "The action succeeded: the success callback ran, then complete; a Taro API then also resolves its Promise with the "
     "same result.",
     "这次操作成功了：先调用 success 回调，再调用 complete；如果是 Taro 的接口，随后还会用同一个结果兑现 Promise。"},
    {"action.pending", "",
     "The action now waits for the user: a dialog or page is open, and its callbacks come only after a tap.",
     "这次操作现在在等用户：有一个弹窗或页面开着，只有用户点了之后才会回调。"},
    {"action.pending", "univerify",
     "uni.login has opened the one-click page and stays pending: nothing is called back until the user taps login, "
     "another button or close. The page does not close by itself.",
     "uni.login 打开了一键登录授权页，之后一直处于等待状态：用户点登录、其他按钮或关闭之前，不会有任何回调。授权页也不会自己关掉。"},
    {"action.fail", "",
     "The action failed, as the JavaScript code sees it: the fail callback got an errMsg (and an error code where the "
     "platform gives one), then complete ran. The app should tell the user, or start the login again.",
     "这次操作失败了，JavaScript 代码看到的是：fail 回调收到 errMsg（平台给了错误码的话还有错误码），然后执行 complete。"
     "应用应该提示用户，或者重新走一遍登录。"},
    {"action.fail", "taro",
     "The action failed: the fail callback got an errMsg, then complete ran; a Taro API then also rejects its Promise "
     "with the same result, so catch runs last.",
     "这次操作失败了：fail 回调收到 errMsg，然后执行 complete；如果是 Taro 的接口，随后还会用同一个结果拒绝 Promise，"
     "所以 catch 最后执行。"},
    {"action.fail", "text~WeChat's check rejected",
     "WeChat's content check refused what the user supplied. No callback reports it: WeChat shows the user its own "
     "toast, a picture never reaches the app and a nickname is cleared from the input.",
     "微信的内容检测拒绝了用户提供的内容。没有回调会告诉应用：微信自己给用户显示提示，图片不会交给应用，昵称会被从输入框清掉。"},
    {"action.fail", "errcode=40163", kCodeReusedEn, kCodeReusedZh},
    {"action.fail", "errcode=40029",
     "The login failed with 40029 invalid code: the code had expired or was never issued for this app. The app must "
     "get a new code and send it to its server right away.",
     "登录失败，错误码 40029（code 无效）：这个 code 已经过期，或者根本不是发给这个应用的。应用要重新拿一个 code，并马上发给服务器。"},
    {"action.fail", "errcode=45011",
     "The login failed with 45011: too many code2Session calls for this user in one minute. Wait a minute and try again.",
     "登录失败，错误码 45011：这个用户一分钟内调用 code2Session 太频繁了。等一分钟再试。"},
    {"action.fail", "errcode=40226",
     "The login failed with 40226: WeChat's risk control treats this user as high-risk and blocks the login.",
     "登录失败，错误码 40226：微信的风控把这个用户判定为高风险用户，拦截了这次登录。"},
    {"action.fail", "swan errcode=10004",
     "The Baidu login did not happen (10004): the user is not logged in to the Baidu app or closed its login dialog. "
     "Ask the user to log in to Baidu, then tap the login button again.",
     "百度登录没有完成（10004）：用户没有登录百度 App，或者关掉了百度的登录框。请用户先登录百度，再点一次登录按钮。"},
    {"action.fail", "swan errcode=10002",
     "The Baidu call failed with 10002: the network request failed, for example because the phone is offline.",
     "百度接口调用失败，错误码 10002：网络请求失败了，比如手机没有联网。"},
    {"action.fail", "swan errcode=10007",
     "The Baidu call failed with 10007: the request timed out.", "百度接口调用失败，错误码 10007：请求超时了。"},
    {"action.fail", "wechat-app errcode=-700000",
     "The app could not open WeChat (-700000, sendOpenReq:fail launch wechat fail): WeChat is not installed, or the "
     "mobile app binding is missing. Offer another way to log in.",
     "App 没能打开微信（-700000，sendOpenReq:fail launch wechat fail）：手机上没装微信，或者没有绑定移动应用。"
     "应该给用户提供别的登录方式。"},
    {"action.fail", "wechat-app errcode=-1",
     "The WeChat login failed with -1: the user refused on WeChat's authorization page, or WeChat reported a system "
     "error. The app should offer to try again.",
     "微信登录失败，错误码 -1：用户在微信授权页上拒绝了，或者微信报了系统错误。应用应该让用户可以再试一次。"},
    {"action.fail", "swan text~before the login button",
     "On Baidu, uni.login works only after the login button's login event: called before it, it fails and asks the "
     "user to log in. Put a login button on the page and call uni.login in its handler.",
     "在百度上，uni.login 只有在登录按钮的 login 事件之后才能用：提前调用会失败，并提示“请登录”。要在页面上放一个登录按钮，"
     "在它的事件处理函数里调用 uni.login。"},
    {"action.fail", "errcode=10001001",
     "code2verifyinfo refused the code (10001001): it is wrong or was already used. Codes from wx.login are not "
     "accepted here either.",
     "code2verifyinfo 拒绝了这个 code（10001001）：code 不对或者已经用过了。wx.login 拿到的 code 在这里也不能用。"},
    {"action.fail", "errcode=10001000",
     "code2verifyinfo answered 10001000: the code has expired (it lives 5 minutes). Log in again for a fresh one.",
     "code2verifyinfo 返回 10001000：code 已过期（有效期 5 分钟）。重新登录拿一个新的。"},
    {"action.fail", "uni-weixin errcode=-8",
     "uni.login failed with -8: WeChat is not installed on this phone, so the WeChat login cannot start.",
     "uni.login 失败，错误码 -8：这台手机没装微信，微信登录没法开始。"},
    {"action.fail", "uni-weixin errcode=-2",
     "uni.login failed with -2: the user cancelled in WeChat. Nothing was authorized.",
     "uni.login 失败，错误码 -2：用户在微信里取消了，什么都没有授权。"},
    {"action.fail", "uni-weixin errcode=-7",
     "uni.login failed with -7: the app's configuration is missing (without onlyAuthorize the app needs the appsecret "
     "in its manifest).",
     "uni.login 失败，错误码 -7：业务参数配置缺失（不用 onlyAuthorize 时，App 的 manifest 里必须配置 appsecret）。"},
    {"action.fail", "uni-apple errcode=1001",
     "The user cancelled Sign in with Apple (1001): nothing was shared.", "用户取消了通过 Apple 登录（1001）：什么信息都没有共享。"},
    {"action.fail", "uni-apple errcode=-3",
     "uni.login with provider apple failed with -3: Sign in with Apple is only available on iOS.",
     "provider 为 apple 的 uni.login 失败，错误码 -3：通过 Apple 登录只能在 iOS 上用。"},
    {"action.fail", "univerify errcode=30002",
     "The user tapped Other login methods (30002): the app should close the page and show its other ways to log in.",
     "用户点了“其他登录方式”（30002）：应用应该关掉授权页，展示它的其他登录方式。"},
    {"action.fail", "univerify errcode=30003",
     "The user closed the one-click page (30003): the login is abandoned, and the preLogin result is used up, so call "
     "uni.preLogin again before the next try.",
     "用户关闭了一键登录授权页（30003）：这次登录放弃了，预登录结果也用掉了，下次再试之前要重新调用 uni.preLogin。"},
    {"action.fail", "univerify errcode=30005",
     "preLogin failed (30005): this phone cannot do one-click login right now, for example no SIM card or cellular "
     "data off. Offer another login method.",
     "预登录失败（30005）：这台手机现在没法一键登录，比如没插 SIM 卡或者没开蜂窝数据。应该提供别的登录方式。"},
    {"action.fail", "univerify errcode=20202",
     "One-click login needs cellular data (20202): the carrier recognises the number only over its own network, so "
     "ask the user to turn mobile data on (Wi-Fi may stay on).",
     "一键登录需要蜂窝数据（20202）：运营商只有通过自己的网络才能识别号码，所以要请用户打开移动数据（Wi-Fi 可以不关）。"},
    {"action.fail", "univerify errcode=30008",
     "The user tapped a custom button on the one-click page (30008): without a univerify manager, uni.login fails "
     "with the button's index and provider so the app can start that login.",
     "用户点了授权页上的自定义按钮（30008）：没有使用 univerify manager 时，uni.login 会带着按钮的序号和 provider 失败，"
     "应用据此去走对应的登录方式。"},
    {"action.fail", "univerify errcode=5000",
     "Getting the number failed (5000): the one-click access_token expired (it lives about 2 minutes) or was already "
     "used, or the SIM is out of service. Start the one-click login again.",
     "取号失败（5000）：一键登录的 access_token 已过期（大约 2 分钟有效）或已被用过，也可能 SIM 卡停机欠费。重新发起一键登录。"},
    {"action.fail", "univerify errcode=1000",
     "One-click login is not enabled for this uni-app appid (1000): the service must be opened in the DCloud console "
     "first.",
     "这个 uni-app 的 appid 还没开通一键登录（1000）：要先在 DCloud 开发者后台开通服务。"},
    {"action.fail", "univerify errcode=30001",
     "One-click login failed with 30001: the current network is not suitable, for example the phone is offline.",
     "一键登录失败，错误码 30001：当前网络环境不适合执行该操作，比如手机没有联网。"},

    // ---- client APIs
    {"api.call", "",
     "The app calls a client API of the platform. The answer comes back through the success or fail callback, then "
     "complete.",
     "应用调用平台的一个客户端接口。结果通过 success 或 fail 回调返回，然后是 complete。"},
    {"api.call", "text~wx.login(",
     "The mini program calls wx.login. No dialog is shown: WeChat silently issues a login code for this user and this "
     "mini program.",
     "小程序调用 wx.login。这一步不弹任何窗口：微信直接为这个用户、这个小程序发一个登录 code。"},
    {"api.call", "text~Taro.login(", kTaroCallEn, kTaroCallZh},
    {"api.call", "text~wx.checkSession", kCheckSessionCallEn, kCheckSessionCallZh},
    {"api.call", "text~Taro.checkSession", kCheckSessionCallEn, kCheckSessionCallZh},
    {"api.call", "text~getUserProfile",
     "The app asks for the user's nickname and avatar with wx.getUserProfile. It must be called directly in a tap "
     "handler; WeChat then shows its authorization sheet.",
     "应用用 wx.getUserProfile 申请获取用户的昵称和头像。它必须直接在点击事件的处理函数里调用；随后微信会弹出授权框。"},
    {"api.call", "text~weixinAppLogin",
     "The multi-terminal app calls wx.weixinAppLogin: it hands over to the WeChat app, where the user confirms logging "
     "in.",
     "多端应用调用 wx.weixinAppLogin：它会跳转到微信 App，由用户在微信里确认登录。"},
    {"api.call", "text~open-type",
     "The user taps the Baidu login button (open-type login). If the Baidu app is not logged in, Baidu first shows its "
     "own account dialog; then bindlogin reports login:ok and the program asks for a code.",
     "用户点了百度的登录按钮（open-type 为 login）。如果百度 App 没登录，百度会先弹出自己的账号登录框；之后 bindlogin "
     "收到 login:ok，程序再去拿 code。"},
    {"api.call", "text~swan.getLoginCode",
     "The smart program asks Baidu for a login code with swan.getLoginCode. The code is valid 10 minutes and can be "
     "exchanged only once.",
     "智能小程序用 swan.getLoginCode 向百度要一个登录 code。这个 code 有效期 10 分钟，只能换取一次。"},
    {"api.call", "text~swan.login(",
     "swan.login also returns a login code (valid 10 minutes, single use). Newer Baidu versions ask for the login "
     "button plus swan.getLoginCode instead.",
     "swan.login 同样返回一个登录 code（有效期 10 分钟，只能用一次）。新版百度要求改用登录按钮加 swan.getLoginCode。"},
    {"api.call", "text~swan.checkSession",
     "The smart program asks Baidu whether its login state (the Session Key) is still valid. If the key expired or the "
     "Baidu app is logged out, it fails straight away.",
     "智能小程序问百度：登录态（Session Key）还有效吗？如果密钥过期了，或者百度 App 已经退出登录，就直接失败。"},
    {"api.call", "text~provider: 'weixin'",
     "uni.login with provider weixin: uni-app first logs out of WeChat, then opens WeChat's authorization page in the "
     "WeChat app.",
     "provider 为 weixin 的 uni.login：uni-app 先退出之前的微信登录，再打开微信 App 里的授权页。"},
    {"api.call", "text~provider: 'apple'",
     "uni.login with provider apple opens the Sign in with Apple sheet, which exists only on iOS.",
     "provider 为 apple 的 uni.login 会打开“通过 Apple 登录”面板，这个功能只有 iOS 上才有。"},
    {"api.call", "text~preLogin",
     "uni.preLogin asks the carrier whether this phone can use one-click login (SIM card, cellular data) and "
     "pre-fetches the number, so the page opens at once. The result is valid 10 minutes and used once.",
     "uni.preLogin 向运营商确认这台手机能不能一键登录（有没有 SIM 卡、开没开蜂窝数据），并提前预取号，让授权页能马上打开。"
     "预登录结果有效 10 分钟，只能用一次。"},
    {"api.call", "text~provider: 'univerify'",
     "uni.login with provider univerify opens the carrier's one-click page with the masked number. It stays pending "
     "until the user taps something; the page does not close on its own.",
     "provider 为 univerify 的 uni.login 会打开运营商的一键登录授权页，上面显示打了码的手机号。用户点击之前它一直等待；"
     "授权页也不会自己关闭。"},
    {"api.call", "text~closeAuthView",
     "The app closes the one-click page with uni.closeAuthView(). The page never closes by itself, not even after a "
     "successful login.",
     "应用调用 uni.closeAuthView() 关闭一键登录授权页。这个页面从来不会自己关，登录成功后也不会。"},
    {"api.call", "text~getUniverifyManager",
     "The app takes the univerify manager. From now on custom buttons on the page report to onButtonsClick instead of "
     "failing uni.login, and the page stays open.",
     "应用拿到了 univerify manager。从现在起，授权页上的自定义按钮会通知 onButtonsClick，而不是让 uni.login 失败，授权页也保持打开。"},
    {"api.call", "text~ButtonsClick",
     "The app subscribes or unsubscribes a callback for the custom buttons of the one-click page.",
     "应用为一键登录授权页上的自定义按钮注册或取消回调。"},
    {"console", "",
     "This is what the JavaScript callbacks printed, in the platform's order: success or fail first, then complete.",
     "这是 JavaScript 回调打印出来的内容，顺序和平台一致：先是 success 或 fail，然后是 complete。"},
    {"console", "taro",
     "This is what the JavaScript printed: with Taro your success or fail and complete callbacks run first, and the "
     "Promise's then or catch runs after them with the same result.",
     "这是 JavaScript 打印出来的内容：用 Taro 时，先执行你的 success 或 fail 和 complete 回调，Promise 的 then 或 catch "
     "随后拿到同一个结果执行。"},

    // ---- the world
    {"clock.advanced", "",
     "Virtual time moved forward. Every lifetime follows this clock: codes (5 minutes in a WeChat mini program, 10 on "
     "Baidu), session keys, login tokens and preLogin results.",
     "虚拟时间往前走了。所有的有效期都按这个时钟算：code（微信小程序 5 分钟，百度 10 分钟）、session_key、登录 token 和预登录结果。"},
    {"environment.changed", "",
     "The simulated phone changed: network, OS, logged-in user, SIM card, cellular data or installed apps. From now on "
     "errors come from this state, as they would on a real phone.",
     "模拟手机的环境变了：网络、系统、登录的用户、SIM 卡、蜂窝数据或已安装的应用。之后出现的错误都由这个状态决定，和真手机一样。"},
    {"fault.fired", "",
     "An injected fault fired at this hop, to show how the app copes when something goes wrong on the way.",
     "在这一环节触发了一个注入的故障，用来观察出了问题时应用怎么应对。"},
    {"fault.fired", "fault=platform_error",
     "An injected fault fired: the platform answers one of its documented error codes here, exactly as the real one "
     "would.",
     "触发了注入的故障：平台在这里返回一个它文档里写明的错误码，和真实平台的返回一模一样。"},
    {"fault.fired", "fault=http_status",
     "An injected fault fired: a gateway answers with an HTTP error status and an HTML page instead of JSON. The caller "
     "must not read it as a normal answer.",
     "触发了注入的故障：网关返回一个 HTTP 错误状态和一个 HTML 页面，而不是 JSON。调用方不能把它当成正常结果来解析。"},
    {"fault.fired", "fault=delay",
     "An injected fault fired: this message is delayed. If the delay reaches the caller's timeout, the call fails with "
     "a timeout.",
     "触发了注入的故障：这条消息被延迟了。如果延迟达到调用方的超时时间，调用就会以超时失败。"},
    {"fault.fired", "fault=hang",
     "An injected fault fired: no answer comes at all, until the caller's timeout gives up.",
     "触发了注入的故障：根本没有回应，直到调用方超时放弃。"},
    {"fault.fired", "fault=connection_reset",
     "An injected fault fired: the connection is reset before any byte of the answer arrives.",
     "触发了注入的故障：在收到任何响应数据之前，连接就被重置了。"},
    {"fault.fired", "fault=empty_reply",
     "An injected fault fired: the connection closes without any answer.", "触发了注入的故障：连接关闭了，没有任何响应。"},
    {"fault.fired", "fault=malformed_json",
     "An injected fault fired: the request was processed (a code may be used up) but the reply is broken, so the caller "
     "cannot know the result. Resending the same code will now fail.",
     "触发了注入的故障：请求已经被处理了（code 可能已经用掉），但响应是坏的，调用方无法知道结果。再发同一个 code 就会失败。"},
    {"fault.fired", "fault=cut_body",
     "An injected fault fired: the request was processed (a code may be used up) but the reply is cut off, so the "
     "caller cannot know the result. Resending the same code will now fail.",
     "触发了注入的故障：请求已经被处理了（code 可能已经用掉），但响应被截断了，调用方无法知道结果。再发同一个 code 就会失败。"},
    {"fault.fired", "fault=duplicate_delivery",
     "An injected fault fired: the network delivers the same request twice and the caller sees the second answer. "
     "For a single-use code, that second answer is an error.",
     "触发了注入的故障：网络把同一个请求投递了两次，调用方看到的是第二次的响应。对于只能用一次的 code，第二次的响应就是错误。"},
    {"fault.fired", "fault=clock_jump",
     "An injected fault fired: the virtual clock jumps forward before this hop, so a code can expire while it is on "
     "its way.",
     "触发了注入的故障：在这一环节之前虚拟时钟往前跳了，于是 code 可能在传输途中就过期了。"},
    {"request.duplicated", "",
     "The same request arrives a second time, like a retry or a duplicated packet. This is why codes are single use: "
     "the second exchange of a code is refused.",
     "同一个请求又到了一次，就像重试或者重复的数据包。这正是 code 只能用一次的原因：同一个 code 第二次换取会被拒绝。"},

    // ---- HTTP requests
    {"http.request", "",
     "A network request goes out; the inspector shows the whole HTTP message (method, URL, body). Secrets such as the "
     "AppSecret are masked in the journal.",
     "发出了一个网络请求；检查器里能看到完整的 HTTP 报文（方法、URL、请求体）。AppSecret 之类的秘密在日志里都打了码。"},
    {"http.request", "server=backend",
     "The app calls your backend as the profile describes, with the code (or the one-click token). What your server "
     "should do with it: exchange it with the platform itself, since a code proves nothing until the platform vouches "
     "for it, and never trust an openid the client sends along.",
     "App 按配置文件调用你的后端，带着 code（或一键登录的 token）。你的服务器应当自己拿它去平台换取：平台确认之前，"
     "code 什么也证明不了；客户端顺带发来的 openid 也绝不能信。"},
    {"http.request", "/api/login",
     "The phone sends the code to the developer server. Only the code travels: the phone never has the AppSecret, so "
     "it cannot exchange the code itself.",
     "手机把 code 发给开发者服务器。传过去的只有 code：手机上没有 AppSecret，所以它自己没法换取。"},
    {"http.request", "/sns/jscode2session",
     "The developer server calls code2Session: GET /sns/jscode2session with appid, secret (the AppSecret), js_code "
     "(the code) and grant_type=authorization_code. Only a server may make this call, because it carries the AppSecret.",
     "开发者服务器调用 code2Session：GET /sns/jscode2session，带上 appid、secret（即 AppSecret）、js_code（即 code）和 "
     "grant_type=authorization_code。这个调用只能由服务器发起，因为它带着 AppSecret。"},
    {"http.request", "/api/me",
     "The phone calls the developer server's API with its own login token. The server looks the token up to know who "
     "is calling; no call to the platform is needed.",
     "手机带着自己的登录 token 调用开发者服务器的接口。服务器查这个 token 就知道是谁在调用，不需要再问平台。"},
    {"http.request", "/api/profile",
     "The phone posts the open data (rawData, signature, encryptedData, iv) to the developer server, which checks and "
     "decrypts it with the session_key it kept.",
     "手机把开放数据（rawData、signature、encryptedData、iv）发给开发者服务器，服务器用自己保存的 session_key 来校验和解密。"},
    {"http.request", "/api/session/check", kSessionApiEn, kSessionApiZh},
    {"http.request", "/api/session/reset", kSessionApiEn, kSessionApiZh},
    {"http.request", "/wxa/checksession",
     "The developer server asks WeChat whether its session_key is still valid: the signature is an HMAC-SHA256 of an "
     "empty string keyed with the session_key, sent with access_token and openid. The key itself is never sent.",
     "开发者服务器问微信它手里的 session_key 是否还有效：签名是以 session_key 为密钥对空字符串做的 HMAC-SHA256，"
     "和 access_token、openid 一起发送。密钥本身从不发出去。"},
    {"http.request", "/wxa/resetusersessionkey",
     "The developer server asks WeChat for a new session_key for this user, signed like checksession. The old key "
     "stops working; the new one keeps the old expiry.",
     "开发者服务器请微信给这个用户换一个新的 session_key，签名方式和 checksession 一样。旧密钥随即失效，新密钥沿用旧的过期时间。"},
    {"http.request", "/cgi-bin/token",
     "The developer server fetches the app's access_token with appid and AppSecret. It is valid 2 hours and is needed "
     "for server-side APIs such as checksession.",
     "开发者服务器用 appid 和 AppSecret 获取应用的 access_token。它有效 2 小时，调用 checksession 这类服务端接口时要用到。"},
    {"http.request", "/api/baidu/login",
     "The smart program sends the Baidu code to its developer server; the secret needed to exchange it is only there.",
     "智能小程序把百度的 code 发给自己的开发者服务器；换取 code 要用的密钥只在服务器上。"},
    {"http.request", "/oauth/jscode2sessionkey",
     "The developer server calls Baidu's jscode2sessionkey with the code, client_id (the AppKey) and sk (the "
     "AppSecret) to exchange the code for openid and session_key.",
     "开发者服务器调用百度的 jscode2sessionkey，带上 code、client_id（即 AppKey）和 sk（即 AppSecret），用 code 换取 openid "
     "和 session_key。"},
    {"http.request", "/api/app/login",
     "The multi-terminal app sends WeChat's code to its own server, which exchanges it.",
     "多端应用把微信给的 code 发给自己的服务器，由服务器去换取。"},
    {"http.request", "/donut/code2verifyinfo",
     "The app's server calls code2verifyinfo with the multi-terminal app's own appid and appsecret and the code. Codes "
     "from wx.login are not accepted here.",
     "App 的服务器用多端应用自己的 appid、appsecret 和 code 调用 code2verifyinfo。wx.login 拿到的 code 在这里不能用。"},
    {"http.request", "/api/open/login",
     "The app sends the WeChat Open Platform code to its own server, which exchanges it: the appsecret stays on the "
     "server.",
     "App 把微信开放平台给的 code 发给自己的服务器，由服务器去换取：appsecret 留在服务器上。"},
    {"http.request", "/sns/oauth2/access_token",
     "A call to sns/oauth2/access_token: appid, secret and the code are exchanged for the user's access_token, openid "
     "and unionid. It belongs on a server, because it carries the appsecret.",
     "调用 sns/oauth2/access_token：用 appid、secret 和 code 换取用户的 access_token、openid 和 unionid。"
     "这个调用应该放在服务器上，因为它带着 appsecret。"},
    {"http.request", "/api/univerify/login",
     "The app sends the one-click access_token and openid to its developer server, which will ask its uniCloud cloud "
     "function for the phone number.",
     "App 把一键登录拿到的 access_token 和 openid 发给开发者服务器，由服务器去请它的 uniCloud 云函数获取手机号。"},
    {"http.request", "/univerify-phone",
     "uniCloud.getPhoneNumber runs only inside uniCloud, so the developer server calls its own cloud function's URL: a "
     "GET with access_token, openid and sign. The sign is an HMAC-SHA256 of the sorted parameters made with a secret "
     "that only the server and the function hold; the secret itself never travels.",
     "uniCloud.getPhoneNumber 只能在 uniCloud 里运行，所以开发者服务器调用自己云函数的 URL：用 GET 带上 access_token、"
     "openid 和 sign。sign 是用只有服务器和云函数知道的密钥，对排好序的参数做的 HMAC-SHA256；密钥本身从不在网络上传。"},
    {"http.request", "/univerify/getPhoneNumber",
     "The cloud function calls uniCloud.getPhoneNumber with the DCloud appid (required when the function is called "
     "through its URL), the access_token and the openid, to get the full phone number from DCloud.",
     "云函数用 DCloud appid（通过 URL 调用云函数时必须带上）、access_token 和 openid 调用 uniCloud.getPhoneNumber，"
     "向 DCloud 获取完整的手机号。"},

    // ---- HTTP responses
    {"http.response", "",
     "The answer to that request arrived, or did not (a timeout, a reset connection). Its status and body are in the "
     "inspector.",
     "上面那个请求的响应到了，或者没有到（超时、连接被重置）。状态码和响应体都在检查器里。"},
    {"http.response", "server=backend",
     "Your backend answers the app; the live invariants check the reply. Whatever the call, it must never carry the "
     "session_key, the AppSecret or the platform's access_token. To a login it should give its own session (a token "
     "or a cookie) only once the platform accepted the code, else an error without a session.",
     "你的后端给 App 回话，实时不变量会检查这个响应。无论哪个接口，响应里都绝不能带 session_key、AppSecret 或平台的 "
     "access_token。对登录请求，只有平台接受了 code 之后才给出自己的会话（token 或 cookie），否则返回错误且不给会话。"},
    {"http.response", "/api/login", kDevAnswerEn, kDevAnswerZh},
    {"http.response", "/api/baidu/login", kDevAnswerEn, kDevAnswerZh},
    {"http.response", "/api/app/login", kDevAnswerEn, kDevAnswerZh},
    {"http.response", "/api/open/login", kDevAnswerEn, kDevAnswerZh},
    {"http.response", "/api/univerify/login",
     "The developer server answers the app: on success its own login token, without the full phone number; on failure "
     "an error status.",
     "开发者服务器给 App 回话：成功时给自己的登录 token，不带完整手机号；失败时返回错误状态。"},
    {"http.response", "/sns/jscode2session",
     "WeChat's answer to code2Session: on success openid, session_key and maybe unionid; on failure errcode and errmsg. "
     "This answer reaches only the developer server, never the phone.",
     "微信对 code2Session 的响应：成功时是 openid、session_key，可能还有 unionid；失败时是 errcode 和 errmsg。"
     "这个响应只到开发者服务器，不会到手机上。"},
    {"http.response", "/api/me",
     "The developer server answers the API call: 200 when the login token is valid, 401 when it is unknown or expired "
     "(then the app must log in again).",
     "开发者服务器响应这次接口调用：登录 token 有效就是 200，不认识或已过期就是 401（这时应用要重新登录）。"},
    {"http.response", "/api/profile",
     "The developer server says whether the open data passed its checks: the signature matched, the data decrypted and "
     "watermark.appid is our appid.",
     "开发者服务器告诉应用开放数据有没有通过校验：签名对得上、数据能解密、watermark.appid 是自己的 appid。"},
    {"http.response", "/api/session/check", kSessionApiAnswerEn, kSessionApiAnswerZh},
    {"http.response", "/api/session/reset", kSessionApiAnswerEn, kSessionApiAnswerZh},
    {"http.response", "/wxa/checksession",
     "WeChat's answer: errcode 0 means the server's session_key is still the live one; 87009 invalid signature means "
     "it is stale or wrong.",
     "微信的响应：errcode 为 0 说明服务器手里的 session_key 仍是当前有效的；87009 invalid signature 说明它已过时或不对。"},
    {"http.response", "/wxa/resetusersessionkey",
     "WeChat's answer carries the new session_key, or an errcode. The developer server keeps the new key to itself.",
     "微信的响应里带着新的 session_key，或者一个 errcode。开发者服务器把新密钥留在自己这里。"},
    {"http.response", "/cgi-bin/token",
     "WeChat's answer: access_token with expires_in 7200 seconds, or an errcode such as 40001 (wrong AppSecret) or "
     "40013 (invalid appid).",
     "微信的响应：access_token 加上 expires_in 7200 秒，或者一个 errcode，比如 40001（AppSecret 错误）、40013（appid 不合法）。"},
    {"http.response", "/oauth/jscode2sessionkey",
     "Baidu's answer: openid and session_key, or an OAuth error with HTTP 400 (error and error_description), such as "
     "invalid_grant for a used or expired code.",
     "百度的响应：openid 和 session_key，或者一个 HTTP 400 的 OAuth 错误（error 和 error_description），比如 code "
     "已用过或已过期时的 invalid_grant。"},
    {"http.response", "/donut/code2verifyinfo",
     "WeChat's answer to code2verifyinfo: the user's identity (user_id and openapp_info), or an errcode such as "
     "10001001.",
     "微信对 code2verifyinfo 的响应：用户身份（user_id 和 openapp_info），或者一个 errcode，比如 10001001。"},
    {"http.response", "/sns/oauth2/access_token",
     "WeChat's answer: the user's access_token (2 hours), refresh_token, openid, scope and unionid, or an errcode.",
     "微信的响应：用户的 access_token（2 小时有效）、refresh_token、openid、scope 和 unionid，或者一个 errcode。"},
    {"http.response", "/univerify/getPhoneNumber",
     "DCloud's answer to the cloud function: code 0 with the full phone number, or an error code such as 5000 (the "
     "number could not be fetched).",
     "DCloud 给云函数的响应：code 为 0 并带着完整手机号，或者一个错误码，比如 5000（取号失败）。"},
    {"http.response", "/univerify-phone",
     "The cloud function returns getPhoneNumber's result to the developer server as it got it: the full phone number, "
     "or DCloud's error code. If the function threw instead (a wrong sign), its URL answers an error status.",
     "云函数把 getPhoneNumber 的结果原样返回给开发者服务器：完整手机号，或者 DCloud 的错误码。"
     "如果云函数抛出了错误（比如 sign 不对），它的 URL 返回的是错误状态码。"},

    // ---- credentials and the exchange
    {"code.issued", "",
     "The platform issued a login code: a temporary credential that lives only minutes and can be exchanged only once. "
     "That is why a code that leaks or lands in a log is almost worthless.",
     "平台发了一个登录 code：这是个临时凭证，只有几分钟有效期，而且只能换取一次。所以 code 即使泄露或被写进日志，也几乎没有用处。"},
    {"code.issued", "wechat-mp", kCodeWeChatEn, kCodeWeChatZh},
    {"code.issued", "taro", kCodeWeChatEn, kCodeWeChatZh},
    {"code.issued", "wechat-app",
     "The user agreed in WeChat, and WeChat handed the app a code, valid 5 minutes and (presumably) usable only once. "
     "The app's server must exchange it at code2verifyinfo with the multi-terminal app's own appid and appsecret.",
     "用户在微信里同意了，微信交给 App 一个 code，有效期 5 分钟，（按推测）只能用一次。App 的服务器要用多端应用自己的 appid "
     "和 appsecret 到 code2verifyinfo 去换取。"},
    {"code.issued", "swan",
     "Baidu issued a login code, valid 10 minutes and usable only once. The developer server exchanges it at "
     "jscode2sessionkey with the AppKey and the AppSecret.",
     "百度发了一个登录 code，有效期 10 分钟，只能用一次。开发者服务器用 AppKey 和 AppSecret 到 jscode2sessionkey 去换取。"},
    {"code.issued", "uni-weixin",
     "The user agreed in WeChat, and the WeChat Open Platform handed the app a code, valid 10 minutes and exchangeable "
     "only once at sns/oauth2/access_token.",
     "用户在微信里同意了，微信开放平台交给 App 一个 code，有效期 10 分钟，只能在 sns/oauth2/access_token 换取一次。"},
    {"session_key.issued", "",
     "The platform created a new session_key for this user; any older one stops working. The key stays on the "
     "developer server, which receives it in the exchange answer: it verifies and decrypts the user's open data, so it "
     "must never be sent to the client.",
     "平台为这个用户生成了新的 session_key，之前的随即失效。这个密钥留在开发者服务器上，服务器从换取结果里拿到它："
     "它用来校验和解密用户的开放数据，所以绝不能发给客户端。"},
    {"session_key.issued", "wechat-mp",
     "WeChat created a new session_key for this user with this login; any older one stops working. The key stays on "
     "the developer server, which gets it from code2Session: it verifies and decrypts the user's open data, so it must "
     "never be sent to the client.",
     "微信随这次登录为用户生成了新的 session_key，之前的随即失效。这个密钥留在开发者服务器上，服务器通过 code2Session "
     "拿到它：它用来校验和解密用户的开放数据，所以绝不能发给客户端。"},
    {"session_key.issued", "taro",
     "WeChat created a new session_key for this user with this login; any older one stops working. The key stays on "
     "the developer server, which gets it from code2Session: it verifies and decrypts the user's open data, so it must "
     "never be sent to the client.",
     "微信随这次登录为用户生成了新的 session_key，之前的随即失效。这个密钥留在开发者服务器上，服务器通过 code2Session "
     "拿到它：它用来校验和解密用户的开放数据，所以绝不能发给客户端。"},
    {"session_key.expired", "",
     "The session_key expired because the user did not use the program for a long time (the platform does not publish "
     "the exact lifetime). checkSession now fails and the user must log in again.",
     "用户很久没用这个小程序，session_key 过期了（平台没有公开具体的有效期）。现在 checkSession 会失败，用户需要重新登录。"},
    {"exchange.ok", "",
     "The platform accepted the credential and consumed it, so the same one is refused if it comes again. It answered "
     "the developer server with the user's identity.",
     "平台接受了这个凭证并把它作废了，同一个凭证再来就会被拒绝。平台把用户身份告诉了开发者服务器。"},
    {"exchange.ok", "wechat-mp", kExchangeOkWeChatEn, kExchangeOkWeChatZh},
    {"exchange.ok", "taro", kExchangeOkWeChatEn, kExchangeOkWeChatZh},
    {"exchange.ok", "wechat-app",
     "code2verifyinfo succeeded and consumed the code: WeChat told the app's server who the user is (user_id, and "
     "openid and unionid in openapp_info).",
     "code2verifyinfo 成功，code 被作废了：微信告诉 App 的服务器这个用户是谁（user_id，以及 openapp_info 里的 openid 和 unionid）。"},
    {"exchange.ok", "swan",
     "jscode2sessionkey succeeded and Baidu consumed the code: it returned openid (different in every smart program) "
     "and session_key to the developer server.",
     "jscode2sessionkey 成功，百度把 code 作废了：它把 openid（每个智能小程序都不一样）和 session_key 返回给了开发者服务器。"},
    {"exchange.ok", "uni-weixin",
     "sns/oauth2/access_token succeeded and consumed the code: WeChat returned the user's access_token (2 hours), "
     "refresh_token, openid and unionid.",
     "sns/oauth2/access_token 成功，code 被作废了：微信返回了用户的 access_token（2 小时有效）、refresh_token、openid 和 unionid。"},
    {"exchange.ok", "univerify",
     "getPhoneNumber succeeded and the one-click access_token is used up: the cloud function returns the user's full "
     "phone number to the developer server. It should stay on the server; the client only needs its own login token.",
     "getPhoneNumber 成功，一键登录的 access_token 用掉了：云函数把用户的完整手机号返回给开发者服务器。号码应该留在服务器上，"
     "客户端只需要自己的登录 token。"},
    {"exchange.error", "",
     "The platform refused the exchange and answered an error instead of the user's identity. The developer server must "
     "not create a session; the client has to start the login again.",
     "平台拒绝了这次换取，返回的是错误而不是用户身份。开发者服务器不能建立登录态，客户端要重新发起登录。"},
    {"exchange.error", "wechat-mp", kExchangeErrWeChatEn, kExchangeErrWeChatZh},
    {"exchange.error", "taro", kExchangeErrWeChatEn, kExchangeErrWeChatZh},
    {"exchange.error", "errcode=40163",
     "WeChat answered 40163 code been used: this code was already exchanged once. A code is single use, so a replayed "
     "request cannot log anyone in again.",
     "微信返回 40163 code been used：这个 code 已经换取过一次了。code 只能用一次，所以重放的请求没法再让任何人登录。"},
    {"exchange.error", "errcode=40029",
     "WeChat answered 40029 invalid code: the code has expired (a mini program's code lives 5 minutes), was never "
     "issued, or belongs to another appid.",
     "微信返回 40029 invalid code：code 已经过期（小程序的 code 只有 5 分钟有效期）、根本没发过，或者属于别的 appid。"},
    {"exchange.error", "uni-weixin errcode=40029",
     "WeChat answered 40029 invalid code: the Open Platform code has expired (it lives 10 minutes) or was never issued.",
     "微信返回 40029 invalid code：开放平台的 code 已经过期（有效期 10 分钟），或者根本没发过。"},
    {"exchange.error", "errcode=45011",
     "WeChat answered 45011: too many calls for this user this minute (the limit is 100 per user per minute). Slow down "
     "and retry later.",
     "微信返回 45011：这个用户这一分钟内调用太频繁了（每个用户每分钟最多 100 次）。放慢一点，稍后再试。"},
    {"exchange.error", "errcode=40226",
     "WeChat answered 40226 code blocked: its risk control treats this user as high-risk and blocks the login.",
     "微信返回 40226 code blocked：微信风控把这个用户判定为高风险用户，拦截了这次登录。"},
    {"exchange.error", "wechat-mp errcode=-1", kSystemBusyEn, kSystemBusyZh},
    {"exchange.error", "taro errcode=-1", kSystemBusyEn, kSystemBusyZh},
    {"exchange.error", "errcode=40013",
     "WeChat answered 40013 invalid appid: the developer server sent an appid WeChat does not know. This is a "
     "configuration error on the server.",
     "微信返回 40013 invalid appid：开发者服务器发的 appid 微信不认识。这是服务器的配置错误。"},
    {"exchange.error", "errcode=40125",
     "WeChat answered 40125 invalid appsecret: the AppSecret does not match the appid. This is a configuration error on "
     "the server.",
     "微信返回 40125 invalid appsecret：AppSecret 和 appid 对不上。这是服务器的配置错误。"},
    {"exchange.error", "wechat-app",
     "code2verifyinfo refused the code with an errcode, for example 10001000 (code expired), 10001001 (wrong or "
     "already used code) or 10001003 (wrong appsecret).",
     "code2verifyinfo 拒绝了这个 code，返回了 errcode，比如 10001000（code 过期）、10001001（code 错误或已用过）、"
     "10001003（appsecret 错误）。"},
    {"exchange.error", "errcode=10001001",
     "code2verifyinfo answered 10001001: the code is wrong or was already used. Codes from wx.login are not accepted "
     "here either.",
     "code2verifyinfo 返回 10001001：code 不对或者已经用过了。wx.login 拿到的 code 在这里也不能用。"},
    {"exchange.error", "errcode=10001000",
     "code2verifyinfo answered 10001000: the code has expired (it lives 5 minutes).",
     "code2verifyinfo 返回 10001000：code 已过期（有效期 5 分钟）。"},
    {"exchange.error", "swan",
     "Baidu refused jscode2sessionkey with an OAuth error (error and error_description) instead of openid: "
     "invalid_grant means the code expired or was already used, invalid_client a wrong AppKey or AppSecret.",
     "百度拒绝了 jscode2sessionkey，返回的是 OAuth 错误（error 和 error_description）而不是 openid：invalid_grant 表示 code "
     "已过期或已用过，invalid_client 表示 AppKey 或 AppSecret 不对。"},
    {"exchange.error", "error=invalid_grant",
     "Baidu answered invalid_grant: this code was already used or has expired. Baidu codes live 10 minutes and work "
     "only once.",
     "百度返回 invalid_grant：这个 code 已经用过或已经过期。百度的 code 有效期 10 分钟，而且只能用一次。"},
    {"exchange.error", "error=invalid_client",
     "Baidu answered invalid_client: the client_id (AppKey) or sk (AppSecret) is wrong.",
     "百度返回 invalid_client：client_id（AppKey）或 sk（AppSecret）不对。"},
    {"exchange.error", "uni-weixin",
     "WeChat refused sns/oauth2/access_token with an errcode, for example 40029 (invalid or expired code) or 40163 "
     "(code already used).",
     "微信拒绝了 sns/oauth2/access_token，返回了 errcode，比如 40029（code 无效或已过期）、40163（code 已被使用）。"},
    {"exchange.error", "univerify",
     "getPhoneNumber was refused with an error code, for example 5000 (the number could not be fetched) or 1001 and "
     "1002 (a problem with the app owner's DCloud account).",
     "getPhoneNumber 被拒绝，返回了错误码，比如 5000（取号失败），或者 1001、1002（应用所有者的 DCloud 账号有问题）。"},
    {"exchange.error", "univerify errcode=5000",
     "getPhoneNumber answered 5000: the one-click access_token has expired (it lives about 2 minutes) or was already "
     "used, or the SIM is out of service. Start the one-click login again.",
     "getPhoneNumber 返回 5000：一键登录的 access_token 已过期（大约 2 分钟有效）或已被用过，也可能 SIM 卡停机欠费。重新发起一键登录。"},
    {"token.issued", "",
     "The developer server created its own login state: it keeps openid and session_key and gives the client only its "
     "own token. session_key stays on the developer server; from now on the client proves who it is with this token.",
     "开发者服务器建立了自己的登录态：openid 和 session_key 由它保存，只给客户端发自己的 token。session_key "
     "留在开发者服务器上；之后客户端凭这个 token 证明自己是谁。"},
    {"token.issued", "server=backend",
     "Your backend issued a session: its reply carries one where the profile says. It should do so only after the "
     "platform accepted the code, for the identity the platform gave, and keep session_key on its side.",
     "你的后端签发了会话：它的响应在配置文件指定的位置带着会话。只有在平台接受了 code 之后，才应为平台给出的身份签发，"
     "并且把 session_key 留在服务器上。"},
    {"token.issued", "wechat-app",
     "The app's server stored the user's identity from code2verifyinfo and gave the app its own login token. From now "
     "on the app proves who it is with this token.",
     "App 的服务器保存了 code2verifyinfo 返回的用户身份，给 App 发了自己的登录 token。之后 App 凭这个 token 证明自己是谁。"},
    {"token.issued", "uni-weixin",
     "The app's server stored the openid and unionid WeChat returned and gave the app its own login token. The "
     "appsecret and WeChat's tokens stay on the server.",
     "App 的服务器保存了微信返回的 openid 和 unionid，给 App 发了自己的登录 token。appsecret 和微信的令牌都留在服务器上。"},
    {"token.issued", "univerify",
     "The developer server stored the phone number its cloud function returned and gave the app its own login token. "
     "The full number stays on the server: the client only needs to know that the login worked.",
     "开发者服务器保存了云函数返回的手机号，给 App 发了自己的登录 token。完整号码留在服务器上：客户端只需要知道登录成功了。"},
    {"login.rejected", "",
     "The developer server refuses this login and tells the phone (401 when the platform said no, 400 for a malformed "
     "request, 502 or 504 when the platform could not be reached). It never creates a session the platform did not "
     "vouch for.",
     "开发者服务器拒绝了这次登录并告诉手机（平台说不行时是 401，请求格式不对是 400，连不上平台是 502 或 504）。"
     "平台没有担保的身份，它绝不会为之建立登录态。"},
    {"login.rejected", "univerify",
     "The developer server refuses this login and tells the app: 401 when DCloud refused the number (its error code "
     "passed on by the cloud function), 502 or 504 when the cloud function threw or could not be reached. It never "
     "creates a session without a phone number.",
     "开发者服务器拒绝了这次登录并告诉 App：DCloud 拒绝取号时是 401（错误码由云函数原样转交），云函数抛出错误或连不上时是 502 或 504。"
     "没有拿到手机号，它绝不会建立登录态。"},
    {"login.client_openid_ignored", "",
     "The client also sent an openid, but the developer server ignored it and used the one the platform returned for "
     "the code. That is right: a client can claim any openid, and only the platform's answer is proof.",
     "客户端还自己报了一个 openid，但开发者服务器没理它，用的是平台为这个 code 返回的 openid。这样做是对的："
     "客户端想报哪个 openid 都可以，只有平台的返回才算数。"},

    // ---- sessions
    {"session.valid", "",
     "checkSession succeeds: the session_key of the latest login is still alive, so there is no need to log in again.",
     "checkSession 成功：最近一次登录的 session_key 还有效，不需要重新登录。"},
    {"session.valid", "swan",
     "swan.checkSession succeeds: the Baidu login state is still valid, so there is no need to log in again.",
     "swan.checkSession 成功：百度的登录态还有效，不需要重新登录。"},
    {"session.invalid", "",
     "checkSession fails: the session_key expired or was replaced. The app must call wx.login again and send the new "
     "code to its server.",
     "checkSession 失败：session_key 已过期或被换掉了。应用要重新调用 wx.login，把新的 code 发给自己的服务器。"},
    {"session.invalid", "swan",
     "swan.checkSession fails: the Session Key expired or the Baidu app is logged out. The user has to log in again.",
     "swan.checkSession 失败：Session Key 过期了，或者百度 App 已退出登录。用户需要重新登录。"},
    {"checksession.ok", "",
     "WeChat confirms that the session_key the developer server holds is the live one (errcode 0). The check used a "
     "signature made with the key, so the key itself never travelled.",
     "微信确认开发者服务器手里的 session_key 是当前有效的（errcode 为 0）。检查用的是以密钥生成的签名，密钥本身从没在网络上传过。"},
    {"checksession.error", "",
     "WeChat says the server's session_key is not the live one (87009 invalid signature), or the call itself was "
     "wrong: the key was replaced by a newer login or has expired.",
     "微信说服务器手里的 session_key 不是当前有效的（87009 invalid signature），或者调用本身有问题：密钥已被新的登录换掉，或者已经过期。"},
    {"resetsessionkey.error", "",
     "WeChat refused to reset the session_key, for example 87009 (the signature does not match the current key) or "
     "87008 (invalid sig_method).",
     "微信拒绝重置 session_key，比如 87009（签名和当前密钥对不上）或 87008（sig_method 不合法）。"},
    {"access_token.issued", "",
     "WeChat issued the app's access_token, valid 2 hours. It is the app's credential for server APIs and stays on the "
     "server; fetching a new one retires the old one after 5 minutes.",
     "微信发了应用的 access_token，有效 2 小时。它是应用调用服务端接口的凭证，只放在服务器上；重新获取后，旧的 5 分钟后失效。"},
    {"access_token.error", "",
     "WeChat refused to issue an access_token, for example 40001 or 40125 (wrong AppSecret), 40013 (invalid appid) or "
     "-1 (system busy).",
     "微信拒绝发 access_token，比如 40001 或 40125（AppSecret 错误）、40013（appid 不合法），或者 -1（系统繁忙）。"},

    // ---- open data
    {"profile.sheet_opened", "",
     "WeChat shows its authorization sheet asking to share the user's nickname and avatar. Only the user's tap on "
     "Allow lets the data go to the app.",
     "微信弹出授权框，请用户同意分享昵称和头像。只有用户点了“允许”，数据才会交给应用。"},
    // ---- phone-number quick verification
    {"phone.sheet_opened", "",
     "The user tapped the page's getPhoneNumber button: WeChat shows its own sheet with the number bound to the "
     "account. The mini program sees nothing until the user answers.",
     "用户点了页面上的获取手机号按钮：微信弹出自己的授权框，显示账号绑定的手机号。用户回答之前，小程序什么也拿不到。"},
    {"phone.sheet_closed", "", "The user answered WeChat's phone-number sheet.", "用户对微信的手机号授权框做出了选择。"},
    {"phone.sheet_closed", "text~拒绝",
     "The user tapped Deny: bindgetphonenumber runs with getPhoneNumber:fail user deny and no code.",
     "用户点了“拒绝”：bindgetphonenumber 收到 getPhoneNumber:fail user deny，没有 code。"},
    {"phone_code.issued", "",
     "WeChat gave the mini program a phone-number code (not the number). It lives 5 minutes, works once, and only "
     "the app's server can trade it, with its access_token.",
     "微信给了小程序一个手机号 code（不是号码本身）。它有效 5 分钟，只能用一次，只有应用的服务器能拿 access_token 去换。"},
    {"phone_number.ok", "",
     "WeChat traded the code for phone_info: phoneNumber, purePhoneNumber, countryCode and a watermark with the appid. "
     "The full number now sits on the developer server.",
     "微信用 code 换出了 phone_info：phoneNumber、purePhoneNumber、countryCode，以及带 appid 的 watermark。完整号码现在在开发者服务器上。"},
    {"phone_number.error", "",
     "WeChat refused the phone-number code: 40029 for a code that is unknown, used, expired or not this user's, "
     "40013 for another app's code, 40001 for a bad access_token, 45011 over the quota.",
     "微信拒绝了手机号 code：未知、用过、过期或不是这个用户的返回 40029，别的应用的 code 返回 40013，access_token 不对返回 40001，超过频率限制返回 45011。"},
    {"phone.bound", "",
     "The developer server keeps the full number with the user's session and tells the app only a masked one: the "
     "number need not travel back to the phone.",
     "开发者服务器把完整号码和用户的会话一起保存，只告诉小程序打码后的号码：完整号码没必要再传回手机。"},
    {"phone.rejected", "",
     "The developer server could not get the number from WeChat and tells the app so; the user can try again with a "
     "new tap, which brings a new code.",
     "开发者服务器没能从微信拿到号码，并告诉了小程序；用户可以再点一次，得到一个新的 code。"},
    // ---- avatar and nickname filling
    {"avatar.sheet_opened", "",
     "The user tapped the page's chooseAvatar button: WeChat shows its own sheet to use the WeChat avatar, pick a "
     "picture from the album or take a photo. The mini program sees nothing until a picture is chosen.",
     "用户点了页面上的 chooseAvatar 按钮：微信弹出自己的菜单，可以用微信头像、从相册选择或拍照。选好图片之前，小程序什么也拿不到。"},
    {"avatar.sheet_closed", "", "The user answered WeChat's avatar sheet.", "用户对微信的头像菜单做出了选择。"},
    {"avatar.sheet_closed", "text~取消", "The user cancelled: bindchooseavatar does not fire and the page keeps its avatar.",
     "用户点了“取消”：bindchooseavatar 不触发，页面保留原来的头像。"},
    {"avatar.chosen", "",
     "bindchooseavatar hands the app a temporary file path, not a URL anyone else can open. To keep the avatar the "
     "app must upload the file to its own server (wx.uploadFile).",
     "bindchooseavatar 给应用的是一个临时文件路径，别人打不开。要保留头像，应用得把文件上传到自己的服务器（wx.uploadFile）。"},
    {"nickname.keyboard", "",
     "The nickname input has focus: the keyboard comes up, and from base library 2.21.2 WeChat offers the user's "
     "WeChat nickname above it. The app learns the nickname only if the user taps it or types one.",
     "昵称输入框获得焦点：键盘弹出，从基础库 2.21.2 起微信会在键盘上方给出用户的微信昵称。只有用户点了它或自己输入，应用才拿得到昵称。"},
    {"nickname.changed", "", "The nickname input's value changed: bindinput tells the app.", "昵称输入框的值变了：bindinput 通知应用。"},
    {"nickname.changed", "text~cleared",
     "WeChat's check rejected the nickname and cleared the input, after bindblur had already handed the app the "
     "rejected text. An app that kept the value from bindblur or bindinput now holds a nickname WeChat refused; "
     "reading it at the form's submit avoids that.",
     "微信的检测没有通过，清空了输入框，而 bindblur 早已把这个昵称交给了应用。应用如果用的是 bindblur 或 bindinput 里的值，"
     "手里就是微信拒绝的昵称；在表单提交时再读取可以避免。"},
    {"nickname.blur", "",
     "The nickname input lost focus: bindblur carries the value as typed. From base library 2.24.4 WeChat now checks "
     "it, asynchronously.",
     "昵称输入框失去焦点：bindblur 带着输入的值。从基础库 2.24.4 起，微信这时开始异步检测它。"},
    {"content.check", "",
     "WeChat checks what the user supplied against its content-security rules (from base library 2.24.4). The "
     "app does not take part and cannot skip it.",
     "微信按内容安全规则检测用户提供的内容（基础库 2.24.4 起）。应用不参与，也跳不过。"},
    {"content.verdict", "", "WeChat's content check answered.", "微信的内容检测有了结果。"},
    {"content.verdict", "text~reject",
     "The check failed: a picture never reaches the app (no bindchooseavatar), a nickname is cleared from the input. "
     "WeChat shows the user its own toast.",
     "检测没通过：图片根本不会交给应用（bindchooseavatar 不触发），昵称会被从输入框里清掉。微信会给用户显示自己的提示。"},
    {"content.verdict", "text~timeout",
     "The check timed out. bindnicknamereview says timeout: true; the nickname stays, unchecked.",
     "检测超时。bindnicknamereview 里 timeout 为 true；昵称保留，但没有经过检测。"},
    {"profile.filled", "",
     "The form was submitted: the page now has the nickname and avatar the user filled in. This is how a current mini "
     "program gets a profile; wx.getUserProfile gives only the anonymous one.",
     "表单提交了：页面拿到了用户自己填写的昵称和头像。这是现在的小程序获得资料的方式；wx.getUserProfile 只给匿名资料。"},
    {"profile.anonymous", "",
     "This base library (2.27.1 or later) no longer hands out the user's profile: no sheet appears, and WeChat answers "
     "at once with the default nickname (WeChat User) and the grey default avatar. It is still signed with the session_key. A current "
     "mini program asks the user to fill in avatar and nickname instead.",
     "这个基础库（2.27.1 及以上）不再提供用户资料：不弹授权框，微信直接返回昵称“微信用户”和灰色默认头像。数据仍然用 "
     "session_key 签名。现在的小程序要让用户自己填写头像和昵称。"},
    {"profile.sheet_closed", "", "The user answered WeChat's authorization sheet.", "用户对微信的授权框做出了选择。"},
    {"profile.sheet_closed", "text~允许",
     "The user tapped Allow: WeChat will hand the app the profile as rawData with a signature, plus encryptedData and iv.",
     "用户点了“允许”：微信会把资料交给应用，包括带 signature 的 rawData，以及 encryptedData 和 iv。"},
    {"profile.sheet_closed", "text~拒绝",
     "The user tapped Deny: getUserProfile fails and the app gets nothing.",
     "用户点了“拒绝”：getUserProfile 失败，应用什么也拿不到。"},
    {"profile.signed", "",
     "WeChat packed the profile: rawData in clear with signature = sha1(rawData + session_key), and encryptedData "
     "(AES-128-CBC with session_key and iv) holding a watermark with the appid. Both use the session_key of the user's "
     "latest wx.login.",
     "微信把资料打包好了：明文的 rawData 加上 signature = sha1(rawData + session_key)，以及 encryptedData（用 session_key "
     "和 iv 做 AES-128-CBC 加密），里面带有含 appid 的 watermark。两者用的都是用户最近一次 wx.login 的 session_key。"},
    {"open_data.signature_ok", "",
     "The developer server recomputed sha1(rawData + session_key) with the key it kept, and it matches: the profile "
     "really comes from WeChat, unchanged.",
     "开发者服务器用自己保存的密钥重新计算 sha1(rawData + session_key)，结果一致：资料确实来自微信，而且没被改过。"},
    {"open_data.signature_mismatch", "",
     "The signature does not match the session_key the server holds. Either the data was altered, or a newer wx.login "
     "replaced the key (the classic race): the server should ask the user to log in again.",
     "签名和服务器手里的 session_key 对不上。要么数据被改过，要么更新的一次 wx.login 换掉了密钥（经典的竞态问题）：服务器应该让用户重新登录。"},
    {"open_data.decrypt_failed", "",
     "The server could not decrypt encryptedData with its session_key: the key is stale (replaced by a newer login) or "
     "the data was tampered with.",
     "服务器用自己的 session_key 解不开 encryptedData：密钥已经过时（被新的登录换掉了），或者数据被篡改了。"},
    {"open_data.watermark_mismatch", "",
     "The data decrypted, but watermark.appid is another app's: it was issued for a different mini program and is "
     "rightly refused.",
     "数据解密出来了，但 watermark.appid 是别的应用的：它是发给另一个小程序的，拒绝它是对的。"},
    {"open_data.decrypted", "",
     "The server decrypted encryptedData with its session_key and checked that watermark.appid is its own appid: the "
     "open data is genuine and meant for this app.",
     "服务器用自己的 session_key 解密了 encryptedData，并核对了 watermark.appid 就是自己的 appid：这份开放数据是真的，而且是发给本应用的。"},

    // ---- WeChat app, Apple, Baidu
    {"wechat.handoff", "",
     "The app hands over to the WeChat app, which shows its own authorization page. The app sees nothing until WeChat "
     "hands control back.",
     "App 跳转到微信 App，由微信显示它自己的授权页。在微信把控制权交回来之前，App 什么也看不到。"},
    {"wechat.handoff", "wechat-app",
     "wx.weixinAppLogin opens the WeChat app, where the user confirms logging in to this app. The app waits until "
     "WeChat hands control back.",
     "wx.weixinAppLogin 打开微信 App，用户在微信里确认登录这个 App。App 一直等到微信把控制权交回来。"},
    {"wechat.handoff", "uni-weixin",
     "uni-app logs out of WeChat first, then opens the WeChat app's authorization page (SendAuth). The app waits until "
     "WeChat hands control back.",
     "uni-app 先退出之前的微信登录，再打开微信 App 的授权页（SendAuth）。App 一直等到微信把控制权交回来。"},
    {"wechat.auth", "", "The user answered WeChat's authorization page.", "用户对微信的授权页做出了选择。"},
    {"wechat.auth", "text~允许",
     "The user tapped Allow in WeChat: WeChat hands a short-lived code back to the app.",
     "用户在微信里点了“允许”：微信把一个短时有效的 code 交回给 App。"},
    {"wechat.auth", "text~拒绝",
     "The user tapped Deny in WeChat: the login fails and no code is issued.",
     "用户在微信里点了“拒绝”：登录失败，不会发出 code。"},
    {"apple.sheet_opened", "",
     "iOS shows the Sign in with Apple sheet. The user decides whether to log in and, the first time only, whether to "
     "share their name and email.",
     "iOS 弹出“通过 Apple 登录”面板。用户决定是否登录；只有第一次还会问是否共享姓名和邮箱。"},
    {"apple.sheet_closed", "", "The user answered the Sign in with Apple sheet.", "用户对“通过 Apple 登录”面板做出了选择。"},
    {"apple.sheet_closed", "text~continued",
     "The user continued in the Apple sheet: Apple authorizes the login.", "用户在 Apple 面板上选择了继续：Apple 授权了这次登录。"},
    {"apple.sheet_closed", "text~cancelled",
     "The user cancelled the Apple sheet: uni.login fails with 1001 and nothing is shared.",
     "用户取消了 Apple 面板：uni.login 以 1001 失败，什么信息都没有共享。"},
    {"apple.authorized", "",
     "Apple authorized the user: appleInfo carries the user id and an identityToken (a signed JWT), and name and email "
     "only on the first authorization. The server should verify the identityToken rather than trust the client.",
     "Apple 授权了这个用户：appleInfo 里有用户 ID 和 identityToken（一个签了名的 JWT），只有第一次授权才带姓名和邮箱。"
     "服务器应该校验 identityToken，而不是直接相信客户端。"},
    {"baidu.dialog_opened", "",
     "The Baidu app is not logged in, so Baidu first shows its own account login dialog. Logging in continues the "
     "flow; closing it makes bindlogin report errCode 10004.",
     "百度 App 没有登录，所以百度先弹出自己的账号登录框。登录后流程继续；关掉它的话，bindlogin 会收到 errCode 10004。"},

    // ---- univerify
    {"prelogin.ok", "",
     "preLogin succeeded: the carrier confirmed this SIM can use one-click login and pre-fetched the masked number. The "
     "result is valid 10 minutes and is used once, by the next uni.login.",
     "预登录成功：运营商确认这张 SIM 卡可以一键登录，并预取了打码的号码。这个结果有效 10 分钟，只能被下一次 uni.login 用一次。"},
    {"prelogin.used", "",
     "uni.login used the preLogin result, so the page opens at once. It is single use: after a cancel or close, call "
     "uni.preLogin again.",
     "uni.login 用掉了预登录结果，所以授权页能马上打开。它只能用一次：用户取消或关闭后，要重新调用 uni.preLogin。"},
    {"univerify.style_ignored", "",
     "The app's univerifyStyle has options the documentation does not list. The SDK reads only the options it knows, "
     "so these change nothing on the page; the rest of the style still applies.",
     "应用的 univerifyStyle 里有文档没有列出的选项。SDK 只读取它认识的选项，所以这些选项不会改变授权页；样式的其余部分照常生效。"},
    {"univerify.style_ignored", "text~iOS only",
     "Some options of the app's univerifyStyle are iOS only in the documentation (the pressed and busy colours of the "
     "login button, the other-login border, the close icon's size). On Android the page is drawn without them.",
     "应用 univerifyStyle 里的部分选项在文档中标明仅 iOS 支持（登录按钮的按下色和禁用色、其他登录方式按钮的边框、关闭图标的尺寸）。"
     "在 Android 上授权页不使用它们。"},
    {"univerify.page_opened", "",
     "The carrier's one-click page opens: masked number, carrier slogan, login button and the privacy checkbox with the "
     "carrier's terms. Nothing is sent until the user agrees to those terms and taps login.",
     "运营商的一键登录授权页打开了：打码的手机号、运营商标语、登录按钮，以及带运营商协议的隐私勾选框。在用户同意协议并点登录之前，什么都不会发出去。"},
    {"univerify.checkbox", "",
     "The user ticked the privacy box: they now agree to the carrier's terms, which must happen before the number may "
     "be used for login.",
     "用户勾选了隐私协议：表示同意运营商的服务协议，只有同意之后才能用这个号码登录。"},
    {"univerify.checkbox", "text~unticked",
     "The user unticked the privacy box: without agreeing to the carrier's terms the number may not be used, so "
     "tapping login now only shows a hint.",
     "用户取消了隐私协议的勾选：不同意运营商的协议，号码就不能用，所以现在点登录只会弹出提示。"},
    {"univerify.hint", "",
     "The user tapped login with the privacy box unticked, so the page only shows a hint. The user must agree to the "
     "carrier's terms before the number may be used: no callback fires and nothing is sent.",
     "用户没勾选隐私协议就点了登录，所以页面只弹出提示。用户必须先同意运营商的协议，号码才能被使用：不会有回调，也不会发出任何请求。"},
    {"univerify.tap", "", "The user tapped a button on the one-click page.", "用户点了一键登录授权页上的一个按钮。"},
    {"univerify.tap", "text~other-login",
     "The user tapped Other login methods: uni.login fails with 30002 and the app should offer its other ways to log in.",
     "用户点了“其他登录方式”：uni.login 以 30002 失败，应用应该提供其他登录方式。"},
    {"univerify.tap", "text~custom button",
     "The user tapped a custom button: with a univerify manager its onButtonsClick callback hears of it and the page "
     "stays open; without one, uni.login fails with 30008.",
     "用户点了自定义按钮：用了 univerify manager 时，onButtonsClick 回调会收到通知，授权页保持打开；没用的话，uni.login 以 30008 失败。"},
    {"univerify.token", "",
     "The carrier verified the number over cellular data and issued a one-click access_token (about 2 minutes, single "
     "use) with an openid. The app must hand both to its server at once.",
     "运营商通过蜂窝网络核实了号码，发了一个一键登录的 access_token（大约 2 分钟有效，只能用一次）和一个 openid。App 要马上把两者交给自己的服务器。"},
    {"univerify.page_closed", "",
     "The one-click page is closed. It never closes by itself: the app calls uni.closeAuthView(), or the user closes it.",
     "一键登录授权页关闭了。它从来不会自己关：要么应用调用 uni.closeAuthView()，要么用户自己关掉。"},
    {"asset.missing", "",
     "An image named in univerifyStyle could not be found (only local images are allowed), so a placeholder is drawn "
     "instead.",
     "univerifyStyle 里指定的图片找不到（只能用本地图片），所以画了一个占位图代替。"},

    // ---- univerify's uniCloud cloud function
    {"cloud_function.sign_ok", "",
     "The cloud function recomputed the sign from the parameters with its copy of the secret, and it matches: the "
     "request comes from the developer server, so the function may ask DCloud for the number.",
     "云函数用自己保存的密钥根据参数重新计算 sign，结果一致：请求确实来自开发者服务器，云函数可以去向 DCloud 取号了。"},
    {"cloud_function.sign_rejected", "",
     "The sign does not match (a forged call, or the server signs with another secret than the function's), so the "
     "cloud function throws an illegal-access error and asks DCloud nothing. Without this check anyone who finds the "
     "URL could trade tokens for phone numbers.",
     "sign 对不上（请求是伪造的，或者服务器用的密钥和云函数的不一样），所以云函数抛出“非法访问”错误，不去向 DCloud 取号。"
     "如果没有这道校验，谁找到这个 URL 都能拿 token 换手机号。"},
    {"cloud_function.error", "",
     "The cloud function's call to uniCloud.getPhoneNumber failed before it had an answer (DCloud did not reply, or "
     "replied with something that is not JSON), so the function throws and its URL answers an error status.",
     "云函数调用 uniCloud.getPhoneNumber 没能拿到结果（DCloud 没有响应，或者响应不是 JSON），所以云函数抛出错误，"
     "它的 URL 返回错误状态码。"},

    // ---- flaws that are not a developer-server Flaw
    {"flaw.switched", "",
     "The developer server's deliberate mistakes were switched on or off, for teaching. With a mistake on, the step "
     "where it shows is marked in red.",
     "为了教学，开发者服务器的故意犯错开关被打开或关闭了。打开后，出错的那一步会标成红色。"},
    {"flaw.secret_in_app", "",
     "Risk: the app calls sns/oauth2/access_token itself, so its appsecret is packed inside the apk or ipa. Anyone who "
     "unpacks the app can take the secret and call WeChat as this app; prefer onlyAuthorize and exchange the code on "
     "the server.",
     "风险：App 自己调用 sns/oauth2/access_token，于是 appsecret 被打包进了 apk 或 ipa。谁解开安装包，谁就能拿到密钥，"
     "冒充这个应用调用微信接口；应该用 onlyAuthorize，把 code 交给服务器去换取。"},
};

}  // namespace

const std::vector<NarrationEntry>& narration_rows() { return kRows; }

}  // namespace ls
