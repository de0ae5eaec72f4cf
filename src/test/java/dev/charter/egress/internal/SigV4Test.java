package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.egress.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SigV4 against AWS's published Signature Version 4 test suite (credentials AKIDEXAMPLE, region us-east-1, service
 * "service", 2015-08-30T12:36:00Z, host example.amazonaws.com) and the signing-key example of AWS's documentation.
 */
class SigV4Test {

    static final String KEY_ID = "AKIDEXAMPLE";
    static final byte[] SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".getBytes(StandardCharsets.US_ASCII);
    static final String SCOPE = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";

    private static SigV4.Signed sign(String method, String path, String query, String body, Header... extra) {
        List<Header> headers = new ArrayList<>(List.of(extra));
        headers.add(new Header("Host", "example.amazonaws.com"));
        headers.add(new Header("X-Amz-Date", "20150830T123600Z"));
        return SigV4.sign(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8), KEY_ID, SECRET,
                "us-east-1", "service");
    }

    @Test
    void getVanilla() {
        SigV4.Signed s = sign("GET", "/", null, "");
        assertThat(s.canonicalRequest()).isEqualTo("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                + "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(s.authorization()).isEqualTo("AWS4-HMAC-SHA256 Credential=" + SCOPE + ", SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void postVanilla() {
        assertThat(sign("POST", "/", null, "").signature())
                .isEqualTo("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    }

    @Test
    void postVanillaQuery() {
        SigV4.Signed s = sign("POST", "/", "Param1=value1", "");
        assertThat(s.stringToSign()).isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                + "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd");
        assertThat(s.signature()).isEqualTo("28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11");
    }

    @Test
    void postHeaderKeyCase() {
        assertThat(sign("POST", "/", null, "", new Header("MY-HEADER1", "value1")).signature())
                .isEqualTo("c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c");
    }

    @Test
    void postXWwwFormUrlencodedSignsTheBody() {
        SigV4.Signed s = sign("POST", "/", null, "Param1=value1",
                new Header("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(s.canonicalRequest()).endsWith("\ncontent-type;host;x-amz-date\n"
                + "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
        assertThat(s.stringToSign()).endsWith("42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281");
        assertThat(s.signedHeaders()).isEqualTo("content-type;host;x-amz-date");
        assertThat(s.signature()).isEqualTo("ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
    }

    @Test
    void theSigningKeyOfTheDocumentationsExample() {
        assertThat(SigV4.hex(SigV4.signingKey(SECRET, "20120215", "us-east-1", "iam")))
                .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }

    @Test
    void pathSegmentsAreEncodedAgainAndTheQuerySorted() {
        // a Bedrock model id travels as anthropic.claude-v1%3A0 and is signed as %253A
        assertThat(SigV4.canonicalUri("/model/anthropic.claude-v1%3A0/invoke")).isEqualTo("/model/anthropic.claude-v1%253A0/invoke");
        assertThat(SigV4.canonicalQuery("b=2&a=%20x&a=1")).isEqualTo("a=%20x&a=1&b=2");
        assertThatThrownBy(() -> SigV4.sign("GET", "/", null, List.of(new Header("Host", "h")), new byte[0], KEY_ID, SECRET,
                "us-east-1", "service")).isInstanceOf(IllegalArgumentException.class);
    }
}
