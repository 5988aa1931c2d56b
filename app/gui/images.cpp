#include "images.hpp"

#include <GL/gl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <map>

#include <stb/stb_image.h>  // the implementation comes from -lstb

namespace ls::gui {

namespace {

bool g_textures = false;

std::map<std::string, PageImage>& cache() {
    static std::map<std::string, PageImage> c;
    return c;
}

bool is_dir(const std::string& p) { return !p.empty() && access((p + "/.").c_str(), F_OK) == 0; }

std::string exe_dir() {
    char self[4096] = {};
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return {};
    std::string s(self, size_t(n));
    return s.substr(0, s.rfind('/'));
}

std::string find_assets() {
    if (const char* env = std::getenv("LOGINSCOPE_ASSETS"); env && is_dir(env)) return env;
    if (is_dir("assets/univerify")) return "assets";
    const std::string exe = exe_dir();
    for (const char* rel : {"/../assets", "/../../assets", "/../share/loginscope/assets"})
        if (is_dir(exe + rel + "/univerify")) return exe + rel;
    std::string here = __FILE__;  // <source>/app/gui/images.cpp
    for (int up = 0; up < 3 && here.find('/') != std::string::npos; ++up) here = here.substr(0, here.rfind('/'));
    return here + "/assets";
}

ImTextureID upload(const unsigned char* rgba, int w, int h) {
    GLuint tex = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    return ImTextureID(intptr_t(tex));
}

PageImage load(const std::string& style_path) {
    PageImage img;
    img.style_path = style_path;
    img.file = resolve_asset(style_path);
    if (img.file.empty()) {
        img.error = "refused (outside assets/)";
        return img;
    }
    int n = 0;
    unsigned char* px = stbi_load(img.file.c_str(), &img.w, &img.h, &n, 4);
    if (!px) {
        const char* why = stbi_failure_reason();
        img.error = access(img.file.c_str(), R_OK) != 0 ? "not found" : (why ? why : "unreadable");
        return img;
    }
    img.ok = true;
    if (g_textures) img.tex = upload(px, img.w, img.h);
    stbi_image_free(px);
    return img;
}

}  // namespace

std::string assets_dir() {
    static const std::string dir = find_assets();
    return dir;
}

std::string resolve_asset(const std::string& style_path) {
    if (style_path.empty() || style_path.find("..") != std::string::npos) return {};
    std::string rel = style_path;
    if (rel.rfind("/static/", 0) == 0)
        rel = "univerify/" + rel.substr(8);
    else
        while (!rel.empty() && rel[0] == '/') rel.erase(0, 1);
    return rel.empty() ? std::string() : assets_dir() + "/" + rel;
}

const PageImage& page_image(const std::string& style_path) {
    auto& c = cache();
    auto it = c.find(style_path);
    if (it == c.end()) it = c.emplace(style_path, load(style_path)).first;
    return it->second;
}

void enable_textures(bool on) { g_textures = on; }

void release_images() {
    for (auto& [path, img] : cache())
        if (img.tex) {
            const GLuint tex = GLuint(intptr_t(img.tex));
            glDeleteTextures(1, &tex);
        }
    cache().clear();
}

}  // namespace ls::gui
