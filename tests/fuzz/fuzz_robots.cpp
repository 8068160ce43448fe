// libFuzzer target: the robots.txt parser and matcher (crawler/robots.hpp). The first line of the
// input doubles as a path to match, so the fuzzer steers both the rules and the subject.
#include "crawler/robots.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pantau::crawler;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const RobotsTxt robots = parse_robots(input, "https://a.go.id/robots.txt");
    const std::string_view path = input.substr(0, std::min<std::size_t>(input.find('\n'), 256));

    for (const std::string_view agent :
         {std::string_view("pantau"), std::string_view("*"), path.substr(0, 16)}) {
        const RobotsAgentRules rules = rules_for_agent(robots, agent);
        for (const RobotsMatching matching : {RobotsMatching::equivalent, RobotsMatching::literal}) {
            const RobotsRule* rule = deciding_rule(rules, path, matching);
            if (robots_allows(rules, path, matching) != (rule == nullptr || rule->allow)) {
                __builtin_trap();
            }
            (void)robots_allows(rules, "/", matching);
        }
        if (rules.crawl_delay && !(*rules.crawl_delay >= 0)) {
            __builtin_trap();
        }
    }
    for (const auto& sitemap : robots.sitemaps) {
        if (sitemap.rfind("http", 0) != 0) {
            __builtin_trap(); // only absolute http(s) URLs are reported
        }
    }
    const RobotsPolicy policy = robots_policy(200, input, "https://a.go.id/robots.txt");
    if (!is_allowed(policy, "https://a.go.id/robots.txt")) {
        __builtin_trap();
    }
    (void)is_allowed(policy, std::string("https://a.go.id") + std::string(path));
    return 0;
}
