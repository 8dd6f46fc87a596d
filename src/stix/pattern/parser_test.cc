#include "stix/pattern/parser.h"

#include <gtest/gtest.h>

#include "common/json.h"
#include "stix/bundle_reader.h"
#include "tests/test_util.h"

namespace concord::stix::pattern {
namespace {

// Example patterns printed in the STIX 2.1 specification (§9 Patterning), plus the grammar's
// corner cases the examples touch: every operator, qualifier, literal kind and path form.
const char* kSpecExamples[] = {
    "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
    "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND "
    "email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']",
    "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' "
    "AND file:mime_type = 'application/x-pdf']",
    "[file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c' "
    "OR "
    "file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f'] AND [file:hashes.'SHA-256' = "
    "'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
    "[file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY "
    "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar'] WITHIN 300 SECONDS",
    "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND "
    "user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND "
    "user-account:user_id = '1008' AND user-account:account_login = 'Paul'] AND "
    "[user-account:account_type = 'unix' AND user-account:user_id = '1009' AND "
    "user-account:account_login = 'Mary']",
    "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES "
    "'\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']",
    "[file:name = 'foo.dll' AND file:parent_directory_ref.path = 'C:\\\\Windows\\\\System32']",
    "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
    "[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']",
    "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = "
    "'203.0.113.33/32']",
    "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = "
    "'example.com'] REPEATS 5 TIMES WITHIN 180 SECONDS",
    "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = "
    "'198.51.100.1/32']",
    "[url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar']",
    "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = "
    "'4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']",
    "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Microsoft\\\\Windows\\\\"
    "CurrentVersion\\\\Run' AND windows-registry-key:values[*].name = 'foo']",
    "[(file:name = 'pdf.exe' OR file:size = 371712) AND file:created = t'2014-01-13T07:03:17Z']",
    "[email-message:sender_ref.value = 'jdoe@example.com' AND email-message:subject = "
    "'Conference Info']",
    "[x-usb-device:usbdrive.serial_number = '575833314133343231313937']",
    "[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] "
    "FOLLOWEDBY [process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r "
    "localMachineTrustedPublisher$'] WITHIN 300 SECONDS",
    "[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']",
    "([file:name = 'foo.dll'] AND [win-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) "
    "OR [process:name = 'fooproc' OR process:name = 'procfoo']",
    "[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f'] START t'2016-06-01T00:00:00Z' STOP "
    "t'2016-07-01T00:00:00Z'",
    "[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR "
    "ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128']",
    "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
    "[ipv4-addr:value NOT IN ('198.51.100.1', '198.51.100.2')]",
    "[file:size IN (1, 2, 3)]",
    "[file:name LIKE 'foo%.exe' AND file:name NOT LIKE '%bar%']",
    "[directory:path LIKE 'C:\\\\Windows\\\\%\\\\foo']",
    "[network-traffic:protocols[0] = 'tcp' AND network-traffic:dst_port >= 1024 AND "
    "network-traffic:dst_port <= 65535]",
    "[file:size != 0 AND file:size < 100 AND file:size > -1]",
    "[artifact:payload_bin = b'VGhpcyBpcyBhIHRlc3Q=']",
    "[EXISTS windows-registry-key:values]",
    "[process:is_hidden = true OR process:is_hidden = false]",
    "[network-traffic:extensions.'tcp-ext'.src_flags_hex = h'00000002'] REPEATS 2 TIMES",
    "[file:hashes.'SHA-256' = 'aec0'] WITHIN 1.5 SECONDS",
    "[a:b = 1] AND ([c:d = 2] OR [e:f = 3]) FOLLOWEDBY [g:h = 4]",
    "[user-account:extensions.'unix-account-ext'.groups ISSUPERSET 'wheel']",
    "/* comment */ [file:name = 'x'] // trailing comment",
};

TEST(PatternParserTest, EverySpecExampleParses) {
  for (const char* p : kSpecExamples) {
    auto parsed = Parse(p);
    EXPECT_TRUE(parsed.ok()) << p << "\n  " << parsed.status().message();
  }
}

TEST(PatternParserTest, RoundTripThroughTextIsStable) {
  for (const char* p : kSpecExamples) {
    auto first = Parse(p);
    ASSERT_TRUE(first.ok()) << p;
    std::string text = ToString(*first);
    auto second = Parse(text);
    ASSERT_TRUE(second.ok()) << text << "\n  " << second.status().message();
    EXPECT_TRUE(Equal(*first->root, *second->root)) << p << "\n  printed as: " << text;
    EXPECT_EQ(ToString(*second), text);
  }
}

TEST(PatternParserTest, PrecedenceAndQualifiersShapeTheTree) {
  auto p = Parse("[a:b = 1] OR [c:d = 2] AND [e:f = 3]");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->root->kind, ObservationExpr::Kind::kOr);  // AND binds tighter
  EXPECT_EQ(p->root->right->kind, ObservationExpr::Kind::kAnd);

  p = Parse("[a:b = 1] FOLLOWEDBY [c:d = 2] OR [e:f = 3]");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->root->kind, ObservationExpr::Kind::kFollowedBy);

  p = Parse("[a:b = 1] AND [c:d = 2] WITHIN 5 SECONDS");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->root->kind, ObservationExpr::Kind::kAnd);  // the qualifier binds to [c:d = 2]
  EXPECT_EQ(p->root->right->kind, ObservationExpr::Kind::kQualified);

  p = Parse("[a:b = 1 OR a:c = 2 AND a:d = 3]");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->root->comparison->kind, ComparisonExpr::Kind::kOr);

  p = Parse("[file:hashes.'SHA-256' = 'x' AND file:a[3].b[*] NOT = 'y']");
  ASSERT_TRUE(p.ok());
  const Comparison& c = p->root->comparison->right->comparison;
  EXPECT_TRUE(c.negated);
  ASSERT_EQ(c.path.steps.size(), 4u);
  EXPECT_EQ(c.path.steps[1].kind, PathStep::Kind::kIndex);
  EXPECT_EQ(c.path.steps[1].index, 3);
  EXPECT_EQ(c.path.steps[3].kind, PathStep::Kind::kAnyIndex);
  EXPECT_EQ(ToString(c.path), "file:a[3].b[*]");
}

TEST(PatternParserTest, StringLiteralsDecodeOnlyTheirTwoEscapes) {
  auto p = Parse("[file:name = 'it\\'s a \\\\ test']");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->root->comparison->comparison.values[0].text, "it's a \\ test");
}

struct Malformed {
  std::string pattern;
  const char* message;  // a fragment of the expected message, including the column
};

const Malformed kMalformed[] = {
    {"", "expected '[' or '(', found end of pattern at column 1"},
    {"[file:name = 'x'", "expected ']', found end of pattern at column 17"},
    {"[file:name = 'x'] AND", "expected '[' or '(', found end of pattern at column 22"},
    {"file:name = 'x'", "expected '[' or '(', found 'file' at column 1"},
    {"[file:name = 'x]", "unterminated string literal at column 14"},
    {"[file:name == ]", "expected a literal, found ']' at column 15"},
    {"[file:name 'x']", "expected a comparison operator, found string 'x' at column 12"},
    {"[file = 'x']", "expected ':', found '=' at column 7"},
    {"[file:hashes.SHA-256 = 'x']", "contains '-' and must be quoted at column 14"},
    {"[file:name = 'x'] WITHIN SECONDS",
     "expected a positive number of seconds, found 'SECONDS' at column 26"},
    {"[file:name = 'x'] WITHIN 0 SECONDS", "positive number of seconds at column 26"},
    {"[file:name = 'x'] REPEATS 0 TIMES", "positive integer at column 27"},
    {"[file:name = 'x'] REPEATS 2", "expected TIMES, found end of pattern at column 28"},
    {"[file:name = 'x'] START '2016' STOP '2017'",
     "expected a timestamp literal t'...', found string '2016' at column 25"},
    {"[file:created = t'2016-13-01T00:00:00Z']", "invalid timestamp literal"},
    {"[file:magic = h'ffd']", "invalid hex literal (needs pairs of hex digits) at column 15"},
    {"[file:payload = b'not base64!']", "invalid binary literal (needs base64) at column 17"},
    {"[file:name LIKE 5]", "expected a string literal, found '5' at column 17"},
    {"[file:size > true]", "booleans cannot be ordered"},
    {"[file:name IN 'x']", "expected '(', found string 'x' at column 15"},
    {"[file:name = 'a\\x']", "invalid escape in string literal"},
    {"[file:name = 'x'] FOO [a:b = 1]",
     "expected an observation operator or end of pattern, found 'FOO' at column 19"},
    {"[file:name = 'x'] ; ", "unexpected character ';' at column 19"},
    {"[file:size = 007]", "integer with a leading zero at column 14"},
    {"[file:name = 'x'] /* open comment", "unterminated comment at column 19"},
    {"[file:name[x] = 'x']", "expected a list index or '*', found 'x' at column 12"},
    {"((((", "expected '[' or '(', found end of pattern at column 5"},
    // Numbers from a peer must be refused with their column, never thrown on (issue 16).
    {"[file:name = 'x'] WITHIN " + std::string(401, '9') + " SECONDS",
     "WITHIN: number of seconds out of range at column 26"},
    {"[file:name = 'x'] WITHIN 1" + std::string(400, '0') + ".5 SECONDS",
     "WITHIN: number of seconds out of range at column 26"},
    {"[file:size = 99999999999999999999999]", "integer out of range (64 bits) at column 14"},
    {"[file:size > 1" + std::string(400, '0') + ".5]", "number out of range at column 14"},
    {"[file:name = 'x'] START t'2020-01-02T00:00:00Z' STOP t'2020-01-01T00:00:00Z'",
     "STOP must be after START at column 54"},
    {"[file:name = 'x'] REPEATS 99999999999999999999 TIMES", "REPEATS needs a positive integer"},
};

TEST(PatternParserTest, MalformedPatternsAreRejectedWithTheirColumn) {
  for (const Malformed& m : kMalformed) {
    auto p = Parse(m.pattern);
    ASSERT_FALSE(p.ok()) << m.pattern;
    EXPECT_NE(p.status().message().find(m.message), std::string::npos)
        << m.pattern << "\n  got: " << p.status().message() << "\n  want: " << m.message;
  }
}

TEST(PatternParserTest, HostileNestingIsRejectedNotCrashed) {
  std::string deep(50000, '(');
  EXPECT_FALSE(Parse(deep).ok());
  std::string deep_cmp = "[" + std::string(50000, '(');
  EXPECT_FALSE(Parse(deep_cmp).ok());
}

// Every pattern in the real bundles (and the demo copy) parses and round-trips.
TEST(PatternParserTest, RealBundlePatternsParseAndRoundTrip) {
  size_t patterns = 0;
  for (const std::string& file : testing::StixBundles()) {
    std::string text = testing::ReadFile(file);
    Status st = ReadObjects(text, [&](const RawObject& o) {
      if (!o.value["pattern_type"].str_equals("stix")) return Status::Ok();
      std::string pattern = o.value["pattern"].str();
      auto p = Parse(pattern);
      EXPECT_TRUE(p.ok()) << file << ": " << pattern << ": " << p.status().message();
      if (p.ok()) {
        auto again = Parse(ToString(*p));
        EXPECT_TRUE(again.ok() && Equal(*p->root, *again->root)) << pattern;
      }
      ++patterns;
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << file << ": " << st.message();
  }
  EXPECT_GT(patterns, 30u);
}

}  // namespace
}  // namespace concord::stix::pattern
