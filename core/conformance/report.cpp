#include "report.h"

#include <ctime>

#include "codec/eventdump.h"
#include "codec/propertytree.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <map>
#include <set>

namespace zmqscope::conformance {

namespace {

constexpr Verdict kVerdicts[] = {Verdict::Passed,        Verdict::NonStrict, Verdict::Failed, Verdict::Informational,
                                 Verdict::Unimplemented, Verdict::Skipped,   Verdict::Known};
constexpr WireEntry::Kind kKinds[] = {WireEntry::Kind::Bytes, WireEntry::Kind::Event, WireEntry::Kind::Note,
                                      WireEntry::Kind::Closed};

std::string_view roleName(Role r)
{
    return r == Role::Client ? "client" : "server";
}

std::string_view sideName(bool fromSuite)
{
    return fromSuite ? "suite" : "target";
}

std::string_view kindName(WireEntry::Kind k)
{
    switch (k) {
    case WireEntry::Kind::Bytes: return "bytes";
    case WireEntry::Kind::Event: return "event";
    case WireEntry::Kind::Note: return "note";
    case WireEntry::Kind::Closed: return "closed";
    }
    return "?";
}

std::string_view tagOf(Verdict v)
{
    switch (v) {
    case Verdict::Passed: return "PASS";
    case Verdict::NonStrict: return "WARN";
    case Verdict::Failed: return "FAIL";
    case Verdict::Informational: return "INFO";
    case Verdict::Unimplemented: return "UNIMPL";
    case Verdict::Skipped: return "SKIP";
    case Verdict::Known: return "KNOWN";
    }
    return "?";
}

void tally(Counts &c, Verdict v)
{
    switch (v) {
    case Verdict::Passed: ++c.passed; break;
    case Verdict::NonStrict: ++c.nonStrict; break;
    case Verdict::Failed: ++c.failed; break;
    case Verdict::Informational: ++c.informational; break;
    case Verdict::Unimplemented: ++c.unimplemented; break;
    case Verdict::Skipped: ++c.skipped; break;
    case Verdict::Known: ++c.known; break;
    }
}

// A number with `decimals` places whatever the locale: printf follows the
// one QCoreApplication sets, and a decimal comma would break the JSON.
std::string fixed(double v, int decimals)
{
    if (!std::isfinite(v))
        v = 0;
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    if (r.ec != std::errc())
        return "0";
    return std::string(buf, std::size_t(r.ptr - buf));
}

std::string padLeft(std::string s, std::size_t width)
{
    if (s.size() < width)
        s.insert(0, width - s.size(), ' ');
    return s;
}

// The suite a result belongs to: its case's spec, or for an id the
// catalogue does not know, the id's first path element.
std::string specOf(const CaseResult &r)
{
    if (const Case *c = findCase(r.id))
        return std::string(c->spec);
    return r.id.substr(0, r.id.find('/'));
}

// --- Text: UTF-8 checked, then escaped for where it goes ---------------------

constexpr char32_t kNotUtf8 = 0x110000;

// The length of the UTF-8 sequence at s[i] and its code point, or 0 where
// the bytes are not one (overlong forms and surrogates included).
std::size_t utf8At(std::string_view s, std::size_t i, char32_t *cp)
{
    const auto at = [s](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = at(i);
    if (lead < 0x80) {
        *cp = lead;
        return 1;
    }
    std::size_t n = 0;
    if ((lead & 0xE0) == 0xC0)
        n = 2;
    else if ((lead & 0xF0) == 0xE0)
        n = 3;
    else if ((lead & 0xF8) == 0xF0)
        n = 4;
    else
        return 0;
    static constexpr char32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
    char32_t v = lead & (0x7F >> n);
    if (i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((at(i + k) & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (at(i + k) & 0x3F);
    }
    if (v < kLeast[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

// Calls f(code point, its bytes) for each character; a byte that starts no
// valid sequence comes alone as kNotUtf8.
template <typename F>
void forEachChar(std::string_view s, F &&f)
{
    std::size_t i = 0;
    while (i < s.size()) {
        char32_t cp = 0;
        std::size_t n = utf8At(s, i, &cp);
        if (n == 0) {
            cp = kNotUtf8;
            n = 1;
        }
        f(cp, s.substr(i, n));
        i += n;
    }
}

// For a terminal: control characters (bar newline and tab) and broken
// UTF-8 as '?', so a target's text cannot move the cursor.
std::string printable(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    forEachChar(s, [&out](char32_t cp, std::string_view bytes) {
        if (cp == kNotUtf8 || cp == 0x7F || (cp < 0x20 && cp != '\n' && cp != '\t'))
            out += '?';
        else
            out += bytes;
    });
    return out;
}

// For XML and HTML alike: the five special characters as references, and
// as '?' what XML 1.0 cannot carry at all (control characters bar tab and
// newline, U+FFFE, U+FFFF, broken UTF-8). In an attribute, tab and newline
// as references so that parsers keep them.
std::string markup(std::string_view s, bool attribute = false)
{
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    forEachChar(s, [&out, attribute](char32_t cp, std::string_view bytes) {
        switch (cp) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        case '\t': out += attribute ? "&#9;" : "\t"; break;
        case '\n': out += attribute ? "&#10;" : "\n"; break;
        default:
            if (cp == kNotUtf8 || cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF)
                out += '?';
            else
                out += bytes;
        }
    });
    return out;
}

// A JSON string in quotes. Characters past ASCII stay as they are (the
// file is UTF-8); control characters are escaped, broken UTF-8 becomes '?'.
void appendJsonString(std::string &out, std::string_view s)
{
    out += '"';
    forEachChar(s, [&out](char32_t cp, std::string_view bytes) {
        switch (cp) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (cp == kNotUtf8) {
                out += '?';
            } else if (cp < 0x20) {
                const std::uint8_t b = std::uint8_t(cp);
                out += "\\u00" + codec::hexBytes({&b, 1});
            } else {
                out += bytes;
            }
        }
    });
    out += '"';
}

// Continuation lines of `text` indented like its first.
std::string indented(std::string_view text, std::string_view indent)
{
    std::string out;
    for (char c : text) {
        out += c;
        if (c == '\n')
            out += indent;
    }
    return out;
}

// --- The parts every format shares -----------------------------------------------

// Hex pairs with spaces, 32 bytes a line, each line starting with `indent`.
std::string spacedHex(const std::vector<std::uint8_t> &bytes, std::size_t limit, std::string_view indent)
{
    std::string out;
    const std::size_t n = std::min(bytes.size(), limit);
    for (std::size_t off = 0; off < n; off += 32) {
        const std::size_t len = std::min<std::size_t>(32, n - off);
        const std::string hex = codec::hexBytes({bytes.data() + off, len}, len);
        out += indent;
        for (std::size_t k = 0; k < hex.size(); k += 2) {
            if (k)
                out += ' ';
            out.append(hex, k, 2);
        }
        out += '\n';
    }
    return out;
}

// The wire log as plain text, a line an entry: "[  12.3 ms] suite -> target
// text"; under a Bytes entry its first `hexLimit` bytes in hex.
std::string wireLog(const std::vector<WireEntry> &wire, std::string_view arrow, std::size_t hexLimit)
{
    const std::string_view indent = "    ";
    std::string out;
    for (const WireEntry &e : wire) {
        out += "[" + padLeft(fixed(e.ms, 1), 6) + " ms] ";
        out += sideName(e.fromSuite);
        out += arrow;
        out += sideName(!e.fromSuite);
        out += "  ";
        const std::uint64_t size = std::max<std::uint64_t>(e.size, e.bytes.size());
        switch (e.kind) {
        case WireEntry::Kind::Bytes:
            out += std::to_string(size) + (size == 1 ? " byte" : " bytes");
            if (!e.text.empty())
                out += "  " + indented(e.text, indent);
            break;
        case WireEntry::Kind::Event: out += indented(e.text, indent); break;
        case WireEntry::Kind::Note: out += "note: " + indented(e.text, indent); break;
        case WireEntry::Kind::Closed:
            out += e.text.empty() ? std::string("closed") : "closed: " + indented(e.text, indent);
            break;
        }
        out += '\n';
        if (e.kind == WireEntry::Kind::Bytes) {
            out += spacedHex(e.bytes, hexLimit, indent);
            const std::size_t shown = std::min(e.bytes.size(), hexLimit);
            if (size > shown)
                out += std::string(indent) + "… (" + std::to_string(size) + " bytes)\n";
        }
    }
    return out;
}

// The requirement, what the case accepts and what happened: the block under
// a failure in every format. Without a catalogue entry, just the id.
std::string failureText(const Case *c, const CaseResult &r)
{
    std::string s = c ? std::string(c->requirement) : r.id;
    if (c)
        s += "\nexpected: " + std::string(c->expects);
    s += "\nobserved: " + r.observed;
    return s;
}

// --- Reading a JSON report back ----------------------------------------------------

bool fail(std::string *error, int line, int column, const std::string &what)
{
    if (error)
        *error = std::to_string(std::max(line, 1)) + ":" + std::to_string(std::max(column, 1)) + ": " + what;
    return false;
}

bool fail(std::string *error, const codec::PropertyNode &at, const std::string &what)
{
    return fail(error, at.line, at.column, what);
}

std::string textOf(const codec::PropertyNode &n, std::string_view name)
{
    const codec::PropertyNode *c = n.child(name);
    return c ? c->value : std::string();
}

bool readNumber(const codec::PropertyNode &n, std::string_view name, double *out, std::string *error)
{
    const codec::PropertyNode *c = n.child(name);
    if (!c)
        return true;
    const std::string &v = c->value;
    const auto r = std::from_chars(v.data(), v.data() + v.size(), *out);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size())
        return fail(error, *c, "expected a number for \"" + std::string(name) + "\"");
    return true;
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool readWire(const codec::PropertyNode &n, WireEntry *e, std::string *error)
{
    if (!readNumber(n, "ms", &e->ms, error))
        return false;
    if (const codec::PropertyNode *from = n.child("from")) {
        if (from->value != "suite" && from->value != "target")
            return fail(error, *from, "expected \"suite\" or \"target\", not \"" + from->value + "\"");
        e->fromSuite = from->value == "suite";
    }
    if (const codec::PropertyNode *kind = n.child("kind")) {
        const auto found = std::find_if(std::begin(kKinds), std::end(kKinds),
                                        [kind](WireEntry::Kind k) { return kindName(k) == kind->value; });
        if (found == std::end(kKinds))
            return fail(error, *kind, "unknown wire entry kind \"" + kind->value + "\"");
        e->kind = *found;
    }
    e->text = textOf(n, "text");
    if (const codec::PropertyNode *hex = n.child("hex")) {
        const std::string &h = hex->value;
        if (h.size() % 2)
            return fail(error, *hex, "expected an even number of hex digits");
        e->bytes.reserve(h.size() / 2);
        for (std::size_t i = 0; i < h.size(); i += 2) {
            const int hi = hexDigit(h[i]), lo = hexDigit(h[i + 1]);
            if (hi < 0 || lo < 0)
                return fail(error, *hex, "expected hex digits");
            e->bytes.push_back(std::uint8_t(hi * 16 + lo));
        }
    }
    e->size = e->bytes.size();
    if (const codec::PropertyNode *size = n.child("size")) {
        const std::string &v = size->value;
        const auto r = std::from_chars(v.data(), v.data() + v.size(), e->size);
        if (r.ec != std::errc() || r.ptr != v.data() + v.size())
            return fail(error, *size, "expected a byte count for \"size\"");
    }
    return true;
}

bool readResult(const codec::PropertyNode &n, CaseResult *r, std::string *error)
{
    const codec::PropertyNode *id = n.child("id");
    if (!id)
        return fail(error, n, "expected \"id\" in the result");
    r->id = id->value;
    const codec::PropertyNode *verdict = n.child("verdict");
    if (!verdict)
        return fail(error, n, "expected \"verdict\" in the result");
    const auto found = std::find_if(std::begin(kVerdicts), std::end(kVerdicts),
                                    [verdict](Verdict v) { return verdictName(v) == verdict->value; });
    if (found == std::end(kVerdicts))
        return fail(error, *verdict, "unknown verdict \"" + verdict->value + "\"");
    r->verdict = *found;
    r->observed = textOf(n, "observed");
    r->profileNote = textOf(n, "profileNote");
    if (!readNumber(n, "ms", &r->ms, error))
        return false;
    for (const codec::PropertyNode &w : n.children) {
        if (w.name != "wire")
            continue;
        WireEntry e;
        if (!readWire(w, &e, error))
            return false;
        r->wire.push_back(std::move(e));
    }
    return true;
}

// --- The HTML page's parts -----------------------------------------------------------

constexpr std::string_view kStyle = R"(body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; margin: 0 0 .5em; }
ul.runs { padding-left: 1.2em; }
table { border-collapse: collapse; margin-top: .5em; }
th, td { border: 1px solid #ddd; padding: 3px 6px; vertical-align: top; text-align: left; }
thead th { position: sticky; top: 0; background: #f5f5f5; }
tr.spec th, tr.spec td { background: #eceff1; }
.id { font-family: ui-monospace, monospace; }
.where, .ms { color: #666; font-size: .85em; }
.level { display: inline-block; padding: 0 4px; border-radius: 3px; font-size: .75em; color: #fff; }
.l-must { background: #37474f; }
.l-should { background: #78909c; }
.l-may { background: #b0bec5; color: #222; }
.badge { display: inline-block; min-width: 7.5em; padding: 1px 6px; border-radius: 3px; color: #fff; text-align: center; }
.v-passed { background: #2e7d32; }
.v-failed { background: #c62828; }
.v-non-strict { background: #ef6c00; }
.v-informational { background: #607d8b; }
.v-unimplemented { background: #9e9e9e; }
.v-skipped { background: #e0e0e0; color: #333; }
.v-known { background: #6a1b9a; }
td.none { color: #999; text-align: center; }
summary { cursor: pointer; white-space: nowrap; }
dl { margin: .4em 0; max-width: 60em; }
dt { font-weight: bold; margin-top: .3em; }
dd { margin-left: 1em; white-space: pre-wrap; }
pre { font-size: 12px; background: #fafafa; border: 1px solid #eee; padding: 4px; margin: .3em 0; overflow-x: auto; max-width: 90em; }
#tools button { margin-right: .5em; }
)";

// Buttons to open or close every cell; the page works without them.
constexpr std::string_view kScript = R"((function () {
  var bar = document.getElementById('tools');
  [['Open all', true], ['Close all', false]].forEach(function (b) {
    var e = document.createElement('button');
    e.textContent = b[0];
    e.onclick = function () {
      document.querySelectorAll('td details').forEach(function (d) { d.open = b[1]; });
    };
    bar.appendChild(e);
  });
})();
)";

std::string levelClass(Level l)
{
    switch (l) {
    case Level::Must: return "l-must";
    case Level::Should: return "l-should";
    case Level::May: return "l-may";
    }
    return "l-must";
}

std::string where(const Case &c)
{
    std::string s(c.spec);
    if (!c.section.empty())
        s += " " + std::string(c.section);
    return s;
}

std::string runLine(const RunRecord &run)
{
    std::string s = "<li><b>" + markup(run.implementation) + "</b>: " + std::string(roleName(run.role)) + " at "
        + markup(run.endpoint) + ", " + markup(run.mechanism) + ", " + markup(run.socketType);
    if (!run.application.empty())
        s += ", " + markup(run.application);
    if (!run.profile.empty())
        s += "; profile " + markup(run.profile);
    s += "; started " + markup(run.started) + ", " + fixed(run.seconds, 1) + " s<br>";
    s += markup(countsLine(count(run.results))) + "</li>\n";
    return s;
}

std::string definition(std::string_view term, const std::string &text)
{
    return "<dt>" + std::string(term) + "</dt><dd>" + markup(text) + "</dd>\n";
}

std::string cell(const Case *c, const CaseResult &r)
{
    const std::string verdict(verdictName(r.verdict));
    std::string s = "<td><details><summary><span class=\"badge v-" + verdict + "\">" + verdict
        + "</span> <span class=\"ms\">" + fixed(r.ms, 0) + " ms</span></summary>\n<dl>\n";
    if (c) {
        s += "<dt>Requirement</dt><dd>" + markup(c->requirement) + " <span class=\"where\">(" + markup(where(*c)) + ", "
            + std::string(levelName(c->level)) + ")</span></dd>\n";
        s += definition("Sends", std::string(c->sends));
        s += definition("Accepts", std::string(c->expects));
    }
    s += definition("Observed", r.observed);
    if (!r.profileNote.empty())
        s += definition("Profile note", r.profileNote);
    s += "</dl>\n";
    if (!r.wire.empty())
        s += "<pre>" + markup(wireLog(r.wire, " → ", 1024)) + "</pre>\n";
    s += "</details></td>\n";
    return s;
}

}   // namespace

Counts count(const std::vector<CaseResult> &results)
{
    Counts c;
    for (const CaseResult &r : results)
        tally(c, r.verdict);
    return c;
}

std::string countsLine(const Counts &c)
{
    return std::to_string(c.passed) + " passed, " + std::to_string(c.failed) + " failed (" + std::to_string(c.nonStrict)
        + " non-strict, " + std::to_string(c.informational) + " informational, " + std::to_string(c.unimplemented)
        + " unimplemented, " + std::to_string(c.skipped) + " skipped, " + std::to_string(c.known) + " known)";
}

std::string terminalSummary(const RunRecord &run, bool verbose)
{
    std::string out = "Conformance of " + run.implementation + " (" + std::string(roleName(run.role)) + " at "
        + run.endpoint + ", " + run.mechanism + ", " + run.socketType;
    if (!run.application.empty())
        out += ", " + run.application;
    out += ") — " + std::to_string(run.results.size()) + " cases in " + fixed(run.seconds, 1) + " s\n";
    const std::string pad(8, ' ');
    for (const CaseResult &r : run.results) {
        if (r.verdict == Verdict::Skipped && !verbose)
            continue;
        std::string tag(tagOf(r.verdict));
        tag.resize(std::max<std::size_t>(tag.size() + 1, 6), ' ');
        out += "  " + tag + r.id + "  " + fixed(r.ms, 0) + " ms\n";
        if (r.verdict != Verdict::Failed && r.verdict != Verdict::NonStrict && r.verdict != Verdict::Known)
            continue;
        out += pad + indented(failureText(findCase(r.id), r), pad) + "\n";
        if (r.verdict == Verdict::Known && !r.profileNote.empty())
            out += pad + "profile: " + indented(r.profileNote, pad) + "\n";
    }
    out += countsLine(count(run.results)) + "\n";
    return printable(out);
}

std::string junitXml(const RunRecord &run)
{
    std::vector<std::string> specs;
    std::vector<std::vector<const CaseResult *>> suites;
    for (const CaseResult &r : run.results) {
        const std::string spec = specOf(r);
        const auto at = std::find(specs.begin(), specs.end(), spec);
        if (at == specs.end()) {
            specs.push_back(spec);
            suites.push_back({&r});
        } else {
            suites[std::size_t(at - specs.begin())].push_back(&r);
        }
    }

    std::string properties = "    <properties>\n";
    const std::pair<std::string_view, std::string> facts[] = {
        {"implementation", run.implementation}, {"endpoint", run.endpoint},
        {"role", std::string(roleName(run.role))}, {"mechanism", run.mechanism},
        {"socketType", run.socketType},         {"application", run.application},
        {"profile", run.profile},               {"started", run.started}};
    for (const auto &[name, value] : facts)
        if (!value.empty())
            properties += "      <property name=\"" + std::string(name) + "\" value=\"" + markup(value, true) + "\"/>\n";
    properties += "    </properties>\n";

    const Counts all = count(run.results);
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<testsuites name=\"zmqscope check\" tests=\"" + std::to_string(run.results.size()) + "\" failures=\""
        + std::to_string(all.failed) + "\" skipped=\"" + std::to_string(all.unimplemented + all.skipped + all.known)
        + "\" time=\"" + fixed(run.seconds, 3) + "\">\n";
    for (std::size_t s = 0; s < specs.size(); ++s) {
        Counts inSuite;
        double ms = 0;
        for (const CaseResult *r : suites[s]) {
            tally(inSuite, r->verdict);
            ms += r->ms;
        }
        const std::string spec = markup(specs[s], true);
        out += "  <testsuite name=\"" + spec + "\" tests=\"" + std::to_string(suites[s].size()) + "\" failures=\""
            + std::to_string(inSuite.failed) + "\" errors=\"0\" skipped=\""
            + std::to_string(inSuite.unimplemented + inSuite.skipped + inSuite.known) + "\" time=\""
            + fixed(ms / 1000, 3) + "\">\n";
        out += properties;
        for (const CaseResult *r : suites[s]) {
            const Case *c = findCase(r->id);
            out += "    <testcase classname=\"" + spec + "\" name=\"" + markup(r->id, true) + "\" time=\""
                + fixed(r->ms / 1000, 3) + "\">\n";
            const std::string verdict(verdictName(r->verdict));
            switch (r->verdict) {
            case Verdict::Failed:
                out += "      <failure message=\"" + markup(r->observed, true) + "\" type=\""
                    + std::string(c ? levelName(c->level) : "MUST") + "\">" + markup(failureText(c, *r))
                    + "</failure>\n";
                break;
            case Verdict::Known: {
                std::string message = verdict + ": " + r->profileNote;
                if (!r->observed.empty())
                    message += r->profileNote.empty() ? r->observed : " (observed: " + r->observed + ")";
                out += "      <skipped message=\"" + markup(message, true) + "\">" + markup(failureText(c, *r))
                    + "</skipped>\n";
                break;
            }
            case Verdict::Unimplemented:
            case Verdict::Skipped:
                out += "      <skipped message=\"" + markup(verdict + ": " + r->observed, true) + "\"/>\n";
                break;
            case Verdict::Passed:
            case Verdict::NonStrict:
            case Verdict::Informational:
                break;
            }
            std::string log;
            if (!r->observed.empty())
                log += "observed: " + r->observed + "\n";
            log += wireLog(r->wire, " -> ", 4096);
            if (!log.empty())
                out += "      <system-out>" + markup(log) + "</system-out>\n";
            if (r->verdict == Verdict::NonStrict)
                out += "      <system-err>" + markup("non-strict: " + failureText(c, *r)) + "</system-err>\n";
            out += "    </testcase>\n";
        }
        out += "  </testsuite>\n";
    }
    out += "</testsuites>\n";
    return out;
}

std::string jsonReport(const RunRecord &run)
{
    std::string out = "{\n";
    const auto field = [&out](std::string_view name, std::string_view value) {
        out += "  ";
        appendJsonString(out, name);
        out += ": ";
        appendJsonString(out, value);
        out += ",\n";
    };
    field("implementation", run.implementation);
    field("endpoint", run.endpoint);
    field("role", roleName(run.role));
    field("mechanism", run.mechanism);
    field("socketType", run.socketType);
    field("application", run.application);
    field("profile", run.profile);
    field("started", run.started);
    out += "  \"seconds\": " + fixed(run.seconds, 3) + ",\n";

    int perVerdict[std::size(kVerdicts)] = {};
    for (const CaseResult &r : run.results)
        ++perVerdict[std::size_t(r.verdict)];
    out += "  \"counts\": {";
    for (std::size_t i = 0; i < std::size(kVerdicts); ++i) {
        out += i ? ", " : "";
        appendJsonString(out, verdictName(kVerdicts[i]));
        out += ": " + std::to_string(perVerdict[std::size_t(kVerdicts[i])]);
    }
    out += "},\n";

    out += "  \"results\": [";
    for (std::size_t i = 0; i < run.results.size(); ++i) {
        const CaseResult &r = run.results[i];
        out += i ? ",\n    {\"id\": " : "\n    {\"id\": ";
        appendJsonString(out, r.id);
        out += ", \"verdict\": ";
        appendJsonString(out, verdictName(r.verdict));
        out += ", \"observed\": ";
        appendJsonString(out, r.observed);
        if (!r.profileNote.empty()) {
            out += ", \"profileNote\": ";
            appendJsonString(out, r.profileNote);
        }
        out += ", \"ms\": " + fixed(r.ms, 3) + ", \"wire\": [";
        for (std::size_t k = 0; k < r.wire.size(); ++k) {
            const WireEntry &e = r.wire[k];
            out += k ? ",\n      {\"ms\": " : "\n      {\"ms\": ";
            out += fixed(e.ms, 3) + ", \"from\": ";
            appendJsonString(out, sideName(e.fromSuite));
            out += ", \"kind\": ";
            appendJsonString(out, kindName(e.kind));
            if (e.kind != WireEntry::Kind::Bytes || !e.text.empty()) {
                out += ", \"text\": ";
                appendJsonString(out, e.text);
            }
            if (e.kind == WireEntry::Kind::Bytes || !e.bytes.empty()) {
                out += ", \"hex\": \"" + codec::hexBytes({e.bytes.data(), e.bytes.size()}, e.bytes.size()) + "\"";
                out += ", \"size\": " + std::to_string(std::max<std::uint64_t>(e.size, e.bytes.size()));
            }
            out += "}";
        }
        out += r.wire.empty() ? "]}" : "\n    ]}";
    }
    out += run.results.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
}

bool parseJsonReport(std::string_view text, RunRecord *run, std::string *error)
{
    codec::PropertyError pe;
    const std::optional<codec::PropertyNode> tree = codec::parseJsonTree(text, &pe);
    if (!tree)
        return fail(error, pe.line, pe.column, pe.message);
    const codec::PropertyNode &root = *tree;
    const codec::PropertyNode *implementation = root.child("implementation");
    if (!implementation)
        return fail(error, root, "expected \"implementation\" in the report");

    RunRecord out;
    out.implementation = implementation->value;
    out.endpoint = textOf(root, "endpoint");
    if (const codec::PropertyNode *role = root.child("role")) {
        if (role->value != "server" && role->value != "client")
            return fail(error, *role, "expected \"server\" or \"client\", not \"" + role->value + "\"");
        out.role = role->value == "client" ? Role::Client : Role::Server;
    }
    out.mechanism = textOf(root, "mechanism");
    out.socketType = textOf(root, "socketType");
    out.application = textOf(root, "application");
    out.profile = textOf(root, "profile");
    out.started = textOf(root, "started");
    if (!readNumber(root, "seconds", &out.seconds, error))
        return false;
    for (const codec::PropertyNode &n : root.children) {
        if (n.name != "results")
            continue;
        CaseResult r;
        if (!readResult(n, &r, error))
            return false;
        out.results.push_back(std::move(r));
    }
    if (run)
        *run = std::move(out);
    return true;
}

std::string htmlReport(const std::vector<RunRecord> &runs)
{
    std::vector<std::map<std::string_view, const CaseResult *>> byId(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i)
        for (const CaseResult &r : runs[i].results)
            byId[i].emplace(r.id, &r);

    struct Row {
        std::string_view id;
        const Case *c;
        std::string spec;
    };
    std::vector<Row> rows;
    std::set<std::string_view> listed;
    for (const Case &c : catalogue()) {
        const bool ran = std::any_of(byId.begin(), byId.end(), [&c](const auto &m) { return m.count(c.id) > 0; });
        if (ran && listed.insert(c.id).second)
            rows.push_back({c.id, &c, std::string(c.spec)});
    }
    for (const RunRecord &run : runs)
        for (const CaseResult &r : run.results)
            if (listed.insert(r.id).second)
                rows.push_back({r.id, findCase(r.id), specOf(r)});

    std::vector<std::string> specs;
    for (const Row &row : rows)
        if (std::find(specs.begin(), specs.end(), row.spec) == specs.end())
            specs.push_back(row.spec);

    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>ZmqScope conformance</title>\n<style>\n";
    out += kStyle;
    out += "</style>\n</head>\n<body>\n<h1>ZmqScope conformance</h1>\n<ul class=\"runs\">\n";
    for (const RunRecord &run : runs)
        out += runLine(run);
    out += "</ul>\n<p id=\"tools\"></p>\n<table>\n<thead><tr><th>Case</th>";
    for (const RunRecord &run : runs)
        out += "<th class=\"run\">" + markup(run.implementation) + "<br><span class=\"where\">"
            + std::string(roleName(run.role)) + " at " + markup(run.endpoint) + "</span></th>";
    out += "</tr></thead>\n<tbody>\n";

    for (const std::string &spec : specs) {
        out += "<tr class=\"spec\"><th>" + markup(spec) + "</th>";
        for (std::size_t i = 0; i < runs.size(); ++i) {
            int passed = 0, ran = 0;
            for (const Row &row : rows) {
                if (row.spec != spec)
                    continue;
                const auto r = byId[i].find(row.id);
                if (r == byId[i].end() || r->second->verdict == Verdict::Skipped)
                    continue;
                ++ran;
                passed += r->second->verdict == Verdict::Passed;
            }
            out += "<td>" + std::to_string(passed) + " of " + std::to_string(ran) + " passed</td>";
        }
        out += "</tr>\n";
        for (const Row &row : rows) {
            if (row.spec != spec)
                continue;
            out += "<tr><td class=\"case\"><span class=\"id\"";
            if (row.c)
                out += " title=\"" + markup(row.c->requirement, true) + "\"";
            out += ">" + markup(row.id) + "</span>";
            if (row.c)
                out += "<br><span class=\"where\">" + markup(where(*row.c)) + "</span> <span class=\"level "
                    + levelClass(row.c->level) + "\">" + std::string(levelName(row.c->level)) + "</span>";
            out += "</td>\n";
            for (std::size_t i = 0; i < runs.size(); ++i) {
                const auto r = byId[i].find(row.id);
                out += r == byId[i].end() ? std::string("<td class=\"none\">—</td>\n") : cell(row.c, *r->second);
            }
            out += "</tr>\n";
        }
    }
    out += "</tbody>\n</table>\n<script>\n";
    out += kScript;
    out += "</script>\n</body>\n</html>\n";
    return out;
}

RunRecord recordFor(const Target &t, const Profile &profile)
{
    RunRecord r;
    r.implementation = t.name;
    r.endpoint = t.endpoint;
    r.role = t.role;
    r.mechanism = t.mechanism;
    r.socketType = t.socketType;
    r.application = t.application;
    r.profile = profile.implementation;
    const std::time_t now = std::time(nullptr);
    char buf[32];
    std::tm utc{};
    ::gmtime_r(&now, &utc);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    r.started = buf;
    return r;
}

}   // namespace zmqscope::conformance
