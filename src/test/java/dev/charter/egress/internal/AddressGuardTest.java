package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {

    private final AddressGuard none = new AddressGuard(List.of());

    @ParameterizedTest
    @Tag("claim:EGR-2")
    @ValueSource(strings = {
            "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
            "192.168.0.1", "169.254.0.1", "169.254.169.254", "169.254.170.2", "100.64.0.1", "100.100.100.200",
            "0.0.0.0", "0.1.2.3", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.0.192",
            "192.0.2.1", "198.18.0.1", "198.51.100.7", "203.0.113.9",
            "::", "::1", "fe80::1", "fd00:ec2::254", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1",
            "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1",
            "2002:7f00:0001::1", "2002:a9fe:a9fe::", "2001:db8::1", "2001:0:4136:e378::1", "::127.0.0.1", "100::1"})
    void refusesSpecialPurposeAddresses(String address) throws Exception {
        assertThat(none.refusal(InetAddress.getByName(address))).as(address).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1",
            "2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:93.184.216.34", "64:ff9b::808:808"})
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(none.refusal(InetAddress.getByName(address))).as(address).isNull();
    }

    @Test
    @Tag("claim:EGR-2")
    void anOperatorRangeAllowsExactlyThatRange() throws Exception {
        AddressGuard guard = new AddressGuard(List.of("127.0.0.1/32", "10.1.2.0/24"));
        assertThat(guard.refusal(InetAddress.getByName("127.0.0.1"))).isNull();
        assertThat(guard.refusal(InetAddress.getByName("10.1.2.200"))).isNull();
        assertThat(guard.refusal(InetAddress.getByName("127.0.0.2"))).contains("loopback");
        assertThat(guard.refusal(InetAddress.getByName("10.1.3.1"))).contains("private");
        assertThat(guard.refusal(InetAddress.getByName("::1"))).contains("loopback");
        assertThat(guard.refusal(InetAddress.getByName("169.254.169.254"))).contains("metadata");
    }

    @Test
    void explainsWhatKindOfAddressItRefuses() throws Exception {
        assertThat(AddressGuard.classify(InetAddress.getByName("169.254.169.254"))).isEqualTo("a cloud metadata address");
        assertThat(AddressGuard.classify(InetAddress.getByName("fd00:ec2::254"))).isEqualTo("a cloud metadata address");
        assertThat(AddressGuard.classify(InetAddress.getByName("100.64.1.1"))).contains("carrier-grade NAT");
        assertThat(AddressGuard.classify(InetAddress.getByName("64:ff9b::a00:1"))).contains("private").contains("IPv6");
        assertThat(AddressGuard.refusalByName("metadata.google.internal")).contains("metadata");
        assertThat(AddressGuard.refusalByName("api.example.com")).isNull();
    }

    @Test
    void parsesCidrRangesWithoutDns() {
        assertThat(Cidr.parse("10.0.0.0/8").contains(addr("10.9.9.9"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(addr("11.0.0.0"))).isFalse();
        assertThat(Cidr.parse("fc00::/7").contains(addr("fdff::1"))).isTrue();
        assertThat(Cidr.parse("127.0.0.1").contains(addr("127.0.0.1"))).isTrue();
        assertThat(Cidr.literal("localhost")).isNull();
        assertThat(Cidr.literal("example.com")).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Cidr.parse("example.com/8"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
