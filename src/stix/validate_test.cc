#include "stix/validate.h"

#include <gtest/gtest.h>

#include "common/json.h"
#include "stix/bundle_reader.h"
#include "tests/test_util.h"

namespace concord::stix {
namespace {

constexpr const char* kId = "11111111-2222-4333-8444-555555555555";
constexpr const char* kTs = "2026-01-01T00:00:00.000Z";

// Builds an object from "type" plus extra members, with valid common properties for its kind.
std::string Sdo(const std::string& type, const std::string& extra) {
  return R"({"type":")" + type + R"(","spec_version":"2.1","id":")" + type + "--" + kId +
         R"(","created":")" + kTs + R"(","modified":")" + kTs + "\"" +
         (extra.empty() ? "" : "," + extra) + "}";
}
std::string Sco(const std::string& type, const std::string& extra) {
  return R"({"type":")" + type + R"(","id":")" + type + "--" + kId + "\"" +
         (extra.empty() ? "" : "," + extra) + "}";
}

Status ValidateText(const std::string& text, ObjectMeta* meta = nullptr) {
  json::Document doc;
  Status parsed = doc.ParseAll(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.message();
  ObjectMeta scratch;
  return Validate(doc.root(), meta ? meta : &scratch);
}

void ExpectValid(const std::string& text) {
  Status st = ValidateText(text);
  EXPECT_TRUE(st.ok()) << text << "\n  " << st.message();
}

void ExpectInvalid(const std::string& text, const std::string& fragment) {
  Status st = ValidateText(text);
  ASSERT_FALSE(st.ok()) << "accepted: " << text;
  EXPECT_NE(st.message().find(fragment), std::string::npos)
      << text << "\n  got: " << st.message() << "\n  want: " << fragment;
}

const std::string kIdentity = std::string("identity--") + kId;
const std::string kMarking = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";
const std::string kIndicatorOk =
    R"("pattern":"[ipv4-addr:value = '198.51.100.1']","pattern_type":"stix","valid_from":")" +
    std::string(kTs) + "\"";

TEST(ValidateTest, FillsMetadataForTheStore) {
  ObjectMeta meta;
  ASSERT_TRUE(ValidateText(Sdo("indicator", kIndicatorOk + R"(,"created_by_ref":")" + kIdentity +
                                                R"(","object_marking_refs":[")" + kMarking +
                                                R"("],"revoked":true)"),
                           &meta)
                  .ok());
  EXPECT_EQ(meta.type, "indicator");
  EXPECT_EQ(meta.id, std::string("indicator--") + kId);
  EXPECT_EQ(meta.spec_version, "2.1");
  EXPECT_EQ(meta.created_by_ref, kIdentity);
  EXPECT_EQ(meta.version_text, kTs);
  EXPECT_EQ(meta.marking_refs, std::vector<std::string>{kMarking});
  EXPECT_TRUE(meta.revoked);
  EXPECT_EQ(meta.kind, ObjectKind::kSdo);
  ASSERT_TRUE(ValidateText(Sco("ipv4-addr", R"("value":"198.51.100.1")"), &meta).ok());
  EXPECT_EQ(meta.version, 0);
  EXPECT_EQ(meta.kind, ObjectKind::kSco);
}

TEST(ValidateTest, CommonPropertyRules) {
  ExpectInvalid("[1]", "an object is required");
  ExpectInvalid(R"({"id":"indicator--11111111-2222-4333-8444-555555555555"})", "type: required");
  ExpectInvalid(Sdo("Indicator", kIndicatorOk), "type: must be 3-250 characters");
  ExpectInvalid(Sdo("ab", ""), "type: must be 3-250 characters");
  ExpectInvalid(Sdo("x--y", ""), "type: must be 3-250 characters");
  ExpectInvalid(R"({"type":"indicator","spec_version":"2.1"})", "id: required");
  ExpectInvalid(R"({"type":"tool","id":"tool--123","spec_version":"2.1"})",
                "id: must be an identifier");
  ExpectInvalid(R"({"type":"tool","id":"malware--11111111-2222-4333-8444-555555555555",)"
                R"("spec_version":"2.1","created":"2026-01-01T00:00:00.000Z",)"
                R"("modified":"2026-01-01T00:00:00.000Z","name":"x"})",
                "id: must start with the object's type");
  ExpectInvalid(R"({"type":"tool","id":"tool--11111111-2222-4333-8444-555555555555",)"
                R"("created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",)"
                R"("name":"x"})",
                "spec_version: required");
  std::string old_version = Sdo("tool", R"("name":"x")");
  old_version.replace(old_version.find("\"2.1\""), 5, "\"2.0\"");
  ExpectInvalid(old_version, "spec_version: must be \"2.1\"");
  ExpectInvalid(
      R"({"type":"tool","spec_version":"2.1","id":"tool--11111111-2222-4333-8444-555555555555",)"
      R"("modified":"2026-01-01T00:00:00.000Z","name":"x"})",
      "created: required");
  ExpectInvalid(
      R"({"type":"tool","spec_version":"2.1","id":"tool--11111111-2222-4333-8444-555555555555",)"
      R"("created":"2026-01-01T00:00:00.000Z","name":"x"})",
      "modified: required");
  ExpectInvalid(
      R"({"type":"tool","spec_version":"2.1","id":"tool--11111111-2222-4333-8444-555555555555",)"
      R"("created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00.000Z","name":"x"})",
      "created: '2026-01-01T00:00:00Z' is not an RFC 3339 UTC timestamp (must be precise to the "
      "millisecond)");
  ExpectInvalid(
      R"({"type":"tool","spec_version":"2.1","id":"tool--11111111-2222-4333-8444-555555555555",)"
      R"("created":"2026-01-01T00:00:00.000+01:00","modified":"2026-01-01T00:00:00.000Z","name":"x"})",
      "created: ");
  ExpectInvalid(
      R"({"type":"tool","spec_version":"2.1","id":"tool--11111111-2222-4333-8444-555555555555",)"
      R"("created":"2026-01-02T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","name":"x"})",
      "modified: must not be earlier than created");
  ExpectInvalid(
      Sdo("tool", R"("name":"x","created_by_ref":"tool--11111111-2222-4333-8444-555555555555")"),
      "created_by_ref: must reference a identity object");
  ExpectInvalid(Sdo("tool", R"("name":"x","object_marking_refs":[])"),
                "object_marking_refs: must not be an empty list");
  ExpectInvalid(
      Sdo("tool",
          R"("name":"x","object_marking_refs":["identity--11111111-2222-4333-8444-555555555555"])"),
      "object_marking_refs: must reference a marking-definition object");
  ExpectInvalid(Sdo("tool", R"("name":"x","revoked":"yes")"), "revoked: must be a boolean");
  ExpectInvalid(Sdo("tool", R"("name":"x","labels":[1])"), "labels: must contain only strings");
  ExpectInvalid(Sdo("tool", R"("name":"x","confidence":101)"),
                "confidence: must be between 0 and 100");
  ExpectInvalid(Sdo("tool", R"("name":"x","confidence":5.5)"), "confidence: must be an integer");
  ExpectInvalid(Sdo("tool", R"("name":"x","lang":5)"), "lang: must be a string");
  ExpectInvalid(Sdo("tool", R"("name":"x","external_references":[{"url":"http://x"}])"),
                "external_references[0]: source_name is required");
  ExpectInvalid(
      Sdo("tool",
          R"("name":"x","external_references":[{"source_name":"x","hashes":{"SHA-256":"zz"}}])"),
      "external_references[0].hashes: SHA-256 must be 64 hex digits");
  ExpectInvalid(Sdo("tool", R"("name":"x","granular_markings":[{"selectors":["name"]}])"),
                "granular_markings: each entry needs exactly one of marking_ref or lang");
  ExpectInvalid(Sdo("tool", R"("name":"x","extensions":{"foo":{"a":1}})"),
                "extensions: 'foo' must be an extension-definition id or end in -ext");
  ExpectInvalid(Sdo("tool", R"("name":"x","sample_ref":"nope")"),
                "sample_ref: must be an identifier");
  ExpectInvalid(Sdo("tool", R"("name":"x","sample_refs":["nope"])"),
                "sample_refs: must be an identifier");
  ExpectInvalid(Sdo("tool", R"("name":"x","bad-name":1)"), "bad-name: property names must be");
  ExpectInvalid(Sdo("tool", R"("name":"x","ab":1)"), "ab: property names must be");
}

TEST(ValidateTest, CustomContentIsAccepted) {
  ExpectValid(Sdo("x-mitre-tactic", R"("x_mitre_shortname":"impact","name":"Impact")"));
  ExpectValid(Sdo("tool", R"("name":"x","x_acme_score":1.50,"x_mitre_data_source_ref":"")"));
  ExpectValid(Sdo(
      "tool",
      R"("name":"x","extensions":{"extension-definition--11111111-2222-4333-8444-555555555555":{"extension_type":"property-extension","rank":5}})"));
  ExpectValid(Sco("x-usb-device", R"("serial":"575833")"));
}

TEST(ValidateTest, SdoRules) {
  for (const char* type :
       {"attack-pattern", "campaign", "course-of-action", "identity", "incident", "infrastructure",
        "intrusion-set", "threat-actor", "tool", "vulnerability"}) {
    ExpectValid(Sdo(type, R"("name":"n")"));
    ExpectInvalid(Sdo(type, ""), "name: ");
  }
  ExpectInvalid(
      Sdo("campaign",
          R"("name":"n","first_seen":"2026-02-01T00:00:00Z","last_seen":"2026-01-01T00:00:00Z")"),
      "last_seen: must be later than or equal to first_seen");
  ExpectInvalid(
      Sdo("intrusion-set",
          R"("name":"n","first_seen":"2026-02-01T00:00:00Z","last_seen":"2026-01-01T00:00:00Z")"),
      "last_seen: must be later");
  ExpectInvalid(
      Sdo("threat-actor",
          R"("name":"n","first_seen":"2026-02-01T00:00:00Z","last_seen":"2026-01-01T00:00:00Z")"),
      "last_seen: must be later");
  ExpectInvalid(
      Sdo("infrastructure",
          R"("name":"n","first_seen":"2026-02-01T00:00:00Z","last_seen":"2026-01-01T00:00:00Z")"),
      "last_seen: must be later");

  ExpectValid(
      Sdo("grouping", R"("context":"suspicious-activity","object_refs":[")" + kIdentity + "\"]"));
  ExpectInvalid(Sdo("grouping", R"("object_refs":[")" + kIdentity + "\"]"), "context: required");
  ExpectInvalid(Sdo("grouping", R"("context":"x")"), "object_refs: required");

  ExpectValid(Sdo("indicator", kIndicatorOk));
  ExpectInvalid(
      Sdo("indicator", R"("pattern_type":"stix","valid_from":")" + std::string(kTs) + "\""),
      "pattern: required");
  ExpectInvalid(Sdo("indicator", R"("pattern":"x","valid_from":")" + std::string(kTs) + "\""),
                "pattern_type: required");
  ExpectInvalid(Sdo("indicator", R"("pattern":"x","pattern_type":"snort")"),
                "valid_from: required");
  ExpectInvalid(Sdo("indicator", kIndicatorOk + R"(,"valid_until":")" + kTs + "\""),
                "valid_until: must be later than valid_from");
  ExpectInvalid(
      Sdo("indicator",
          R"("pattern":"[ipv4-addr:value = '1.2.3.4'","pattern_type":"stix","valid_from":")" +
              std::string(kTs) + "\""),
      "pattern: expected ']', found end of pattern at column 29");
  ExpectValid(
      Sdo("indicator", R"("pattern":"alert tcp any any","pattern_type":"snort","valid_from":")" +
                           std::string(kTs) + "\""));

  ExpectValid(Sdo("location", R"("country":"AZ")"));
  ExpectValid(Sdo("location", R"("latitude":40.4,"longitude":49.9)"));
  ExpectInvalid(Sdo("location", R"("name":"x")"), "at least one of region, country, or latitude");
  ExpectInvalid(Sdo("location", R"("latitude":40.4)"),
                "latitude and longitude must be given together");
  ExpectInvalid(Sdo("location", R"("latitude":91,"longitude":0)"),
                "latitude: must be a number from -90 to 90");
  ExpectInvalid(Sdo("location", R"("latitude":0,"longitude":181)"),
                "longitude: must be a number from -180 to 180");
  ExpectInvalid(Sdo("location", R"("country":"AZ","precision":5.0)"),
                "precision: requires latitude");

  ExpectValid(Sdo("malware", R"("is_family":false)"));
  ExpectInvalid(Sdo("malware", R"("name":"x")"), "is_family: required");
  ExpectInvalid(Sdo("malware", R"("is_family":true)"), "name: ");

  ExpectValid(Sdo("malware-analysis", R"("product":"av","result":"malicious")"));
  ExpectInvalid(Sdo("malware-analysis", R"("result":"malicious")"), "product: required");
  ExpectInvalid(Sdo("malware-analysis", R"("product":"av")"),
                "at least one of result, analysis_sco_refs");

  ExpectValid(Sdo("note", R"("content":"c","object_refs":[")" + kIdentity + "\"]"));
  ExpectInvalid(Sdo("note", R"("object_refs":[")" + kIdentity + "\"]"), "content: required");

  const std::string observed =
      R"("first_observed":"2026-01-01T00:00:00Z","last_observed":"2026-01-01T00:00:00Z","number_observed":1)";
  ExpectValid(
      Sdo("observed-data",
          observed + R"(,"object_refs":["ipv4-addr--11111111-2222-4333-8444-555555555555"])"));
  ExpectInvalid(Sdo("observed-data", observed), "exactly one of objects or object_refs");
  ExpectInvalid(
      Sdo("observed-data",
          R"("first_observed":"2026-01-01T00:00:00Z","last_observed":"2026-01-01T00:00:00Z","number_observed":0,"object_refs":[")" +
              kIdentity + "\"]"),
      "number_observed: must be between 1 and 999999999");
  ExpectInvalid(
      Sdo("observed-data",
          R"("first_observed":"2026-01-02T00:00:00Z","last_observed":"2026-01-01T00:00:00Z","number_observed":1,"object_refs":[")" +
              kIdentity + "\"]"),
      "last_observed: must be later");

  ExpectValid(Sdo("opinion", R"("opinion":"agree","object_refs":[")" + kIdentity + "\"]"));
  ExpectInvalid(Sdo("opinion", R"("opinion":"maybe","object_refs":[")" + kIdentity + "\"]"),
                "opinion: 'maybe' is not an allowed value");

  ExpectValid(Sdo("report", R"("name":"r","published":"2026-01-01T00:00:00Z","object_refs":[")" +
                                kIdentity + "\"]"));
  ExpectInvalid(Sdo("report", R"("name":"r","object_refs":[")" + kIdentity + "\"]"),
                "published: required");
  ExpectInvalid(
      Sdo("report", R"("name":"r","published":"yesterday","object_refs":[")" + kIdentity + "\"]"),
      "published: ");
}

TEST(ValidateTest, SroAndMetaRules) {
  ExpectValid(Sdo("relationship", R"("relationship_type":"uses","source_ref":")" + kIdentity +
                                      R"(","target_ref":")" + kIdentity + "\""));
  ExpectInvalid(Sdo("relationship",
                    R"("source_ref":")" + kIdentity + R"(","target_ref":")" + kIdentity + "\""),
                "relationship_type: required");
  ExpectInvalid(
      Sdo("relationship", R"("relationship_type":"uses","target_ref":")" + kIdentity + "\""),
      "source_ref: required");
  ExpectInvalid(
      Sdo("relationship",
          R"("relationship_type":"uses","source_ref":")" + kIdentity + R"(","target_ref":")" +
              kIdentity +
              R"(","start_time":"2026-01-01T00:00:00Z","stop_time":"2026-01-01T00:00:00Z")"),
      "stop_time: must be later than start_time");

  ExpectValid(Sdo("sighting", R"("sighting_of_ref":")" + kIdentity + R"(","count":3)"));
  ExpectInvalid(Sdo("sighting", R"("count":3)"), "sighting_of_ref: required");
  ExpectInvalid(Sdo("sighting", R"("sighting_of_ref":")" + kIdentity + R"(","count":1000000000)"),
                "count: must be between");
  ExpectInvalid(Sdo("sighting", R"("sighting_of_ref":")" + kIdentity +
                                    R"(","observed_data_refs":[")" + kIdentity + "\"]"),
                "observed_data_refs: must reference a observed-data object");
  ExpectInvalid(Sdo("sighting",
                    R"("sighting_of_ref":")" + kIdentity +
                        R"(","where_sighted_refs":["tool--11111111-2222-4333-8444-555555555555"])"),
                "where_sighted_refs: must reference identity or location");

  const std::string marking_head =
      std::string(R"({"type":"marking-definition","spec_version":"2.1","id":")") + kMarking +
      R"(","created":"2017-01-20T00:00:00.000Z")";
  ExpectValid(marking_head + R"(,"definition_type":"tlp","definition":{"tlp":"green"}})");
  ExpectValid(marking_head +
              R"(,"definition_type":"statement","definition":{"statement":"Copyright"}})");
  ExpectInvalid(marking_head + R"(,"definition_type":"tlp","definition":{"tlp":"purple"}})",
                "definition.tlp: 'purple'");
  ExpectInvalid(marking_head + R"(,"definition_type":"tlp"})",
                "definition_type and definition must be given together");
  ExpectInvalid(marking_head + "}", "needs definition_type and definition, or extensions");

  ExpectValid(Sdo("language-content",
                  R"("object_ref":")" + kIdentity + R"(","contents":{"de":{"name":"Werkzeug"}})"));
  ExpectInvalid(Sdo("language-content", R"("contents":{"de":{"name":"x"}})"),
                "object_ref: required");
  ExpectInvalid(Sdo("language-content", R"("object_ref":")" + kIdentity + R"(","contents":{})"),
                "contents: must be a non-empty dictionary");

  const std::string ext =
      R"("created_by_ref":")" + kIdentity + R"(","name":"e","schema":"https://x","version":"1.0")";
  ExpectValid(Sdo("extension-definition", ext + R"(,"extension_types":["property-extension"])"));
  ExpectInvalid(Sdo("extension-definition", ext), "extension_types: required");
  ExpectInvalid(Sdo("extension-definition", ext + R"(,"extension_types":["new-thing"])"),
                "extension_types: 'new-thing' is not an allowed value");
}

TEST(ValidateTest, ScoRules) {
  for (const char* type :
       {"domain-name", "email-addr", "ipv4-addr", "ipv6-addr", "mac-addr", "url"}) {
    ExpectValid(Sco(type, R"("value":"v")"));
    ExpectInvalid(Sco(type, ""), "value: ");
  }
  ExpectValid(Sco("ipv4-addr", R"("spec_version":"2.1","value":"198.51.100.3")"));
  ExpectInvalid(Sco("ipv4-addr", R"("spec_version":"2.0","value":"198.51.100.3")"), "spec_version");
  ExpectValid(Sco("artifact", R"("payload_bin":"VGVzdA==")"));
  ExpectInvalid(
      Sco("artifact",
          R"("payload_bin":"VGVzdA==","url":"http://x","hashes":{"MD5":"00000000000000000000000000000000"})"),
      "payload_bin and url must not both be present");
  ExpectInvalid(Sco("artifact", R"("url":"http://x")"), "hashes: required when url is present");
  ExpectValid(Sco("autonomous-system", R"("number":64500)"));
  ExpectInvalid(Sco("autonomous-system", R"("name":"x")"), "number: required");
  ExpectInvalid(Sco("autonomous-system", R"("number":-1)"), "number: must be between");
  ExpectValid(Sco("directory", R"("path":"C:\\Windows")"));
  ExpectInvalid(Sco("directory", ""), "path: ");
  ExpectValid(Sco("email-message", R"("is_multipart":false,"body":"hi")"));
  ExpectInvalid(Sco("email-message", R"("body":"hi")"), "is_multipart: required");
  ExpectInvalid(Sco("email-message", R"("is_multipart":true,"body":"hi")"),
                "body: must not be present when is_multipart is true");
  ExpectInvalid(Sco("email-message", R"("is_multipart":false,"body_multipart":[])"),
                "body_multipart: must not be present");
  ExpectValid(Sco("file", R"("name":"a.exe")"));
  ExpectValid(Sco(
      "file",
      R"("hashes":{"SHA-256":"aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f"})"));
  ExpectInvalid(Sco("file", R"("size":5)"), "at least one of hashes, name");
  ExpectInvalid(Sco("file", R"("hashes":{"MD5":"abc"})"), "hashes: MD5 must be 32 hex digits");
  ExpectValid(Sco("mutex", R"("name":"m")"));
  ExpectInvalid(Sco("mutex", ""), "name: ");
  const std::string ip = "ipv4-addr--11111111-2222-4333-8444-555555555555";
  ExpectValid(Sco("network-traffic", R"("protocols":["tcp"],"dst_ref":")" + ip + "\""));
  ExpectInvalid(Sco("network-traffic", R"("dst_ref":")" + ip + "\""), "protocols: required");
  ExpectInvalid(Sco("network-traffic", R"("protocols":["tcp"])"),
                "at least one of src_ref, dst_ref");
  ExpectInvalid(
      Sco("network-traffic", R"("protocols":["tcp"],"dst_ref":")" + ip + R"(","dst_port":70000)"),
      "dst_port: must be between 0 and 65535");
  ExpectValid(Sco("software", R"("name":"s")"));
  ExpectInvalid(Sco("software", ""), "name: ");
  for (const char* type : {"process", "user-account", "windows-registry-key", "x509-certificate"}) {
    ExpectValid(Sco(type, R"("pid_or_key_or_any":1)"));
    ExpectInvalid(Sco(type, ""), "at least one property besides the common ones");
  }
}

// Every object of the real bundles validates.
TEST(ValidateTest, RealBundlesAreAcceptedInFull) {
  size_t objects = 0;
  for (const std::string& file : testing::StixBundles()) {
    std::string text = testing::ReadFile(file);
    Status st = ReadObjects(text, [&](const RawObject& o) {
      ObjectMeta meta;
      Status v = Validate(o.value, &meta);
      EXPECT_TRUE(v.ok()) << file << ": object " << o.index << ": " << v.message();
      ++objects;
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << file << ": " << st.message();
  }
  EXPECT_GT(objects, 1800u);
  if (testing::SharedDataDir().empty()) {
    std::cout << "note: ../shared/data is absent; validated the repository's demo copy only\n";
  }
}

}  // namespace
}  // namespace concord::stix
