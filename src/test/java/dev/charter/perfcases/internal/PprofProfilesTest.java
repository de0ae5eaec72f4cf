package dev.charter.perfcases.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The pprof reader: frames and values only, packed and unpacked fields, inlined lines, gzip, the default sample type. */
class PprofProfilesTest {

    private static byte[] message(Field... fields) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(b);
        for (Field f : fields) {
            f.write(o);
        }
        o.flush();
        return b.toByteArray();
    }

    interface Field {
        void write(CodedOutputStream o) throws Exception;
    }

    private static Field bytes(int n, byte[] v) {
        return o -> o.writeByteArray(n, v);
    }

    private static Field num(int n, long v) {
        return o -> o.writeInt64(n, v);
    }

    private static Field str(int n, String v) {
        return o -> o.writeString(n, v);
    }

    /**
     * Strings: 0 "", 1 samples, 2 count, 3 wall, 4 nanoseconds, 5 main, 6 work, 7 inlined, 8 thread label, 9 its value.
     * One location holds two lines (inlined into work); default sample type: the first ("samples").
     */
    private static byte[] profile() throws Exception {
        return message(
                bytes(1, message(num(1, 1), num(2, 2))), bytes(1, message(num(1, 3), num(2, 4))),
                // sample 1: stack [loc 2 (inlined, work), loc 1 (main)], unpacked ids, values 3 and 30, a label
                bytes(2, message(num(1, 2), num(1, 1), num(2, 3), num(2, 30), bytes(3, message(num(1, 8), num(2, 9))))),
                // sample 2: stack [loc 1], packed ids and values
                bytes(2, message(bytes(1, new byte[] {1}), bytes(2, new byte[] {2, 20}))),
                bytes(4, message(num(1, 1), bytes(4, message(num(1, 1), num(2, 10))))),
                bytes(4, message(num(1, 2), num(3, 0x1234), bytes(4, message(num(1, 3), num(2, 7))), bytes(4, message(num(1, 2))))),
                bytes(5, message(num(1, 1), num(2, 5), num(4, 9))), bytes(5, message(num(1, 2), num(2, 6))),
                bytes(5, message(num(1, 3), num(2, 7))),
                str(6, ""), str(6, "samples"), str(6, "count"), str(6, "wall"), str(6, "nanoseconds"), str(6, "main"),
                str(6, "work"), str(6, "inlined"), str(6, "thread"), str(6, "secret-thread-name"),
                num(13, 9), num(14, 1));
    }

    @Test
    void readsStacksLeafFirstWithInlinedFramesAndTheDefaultSampleType() throws Exception {
        PprofProfiles.Parsed p = PprofProfiles.summarize(profile());
        assertThat(p.type()).isEqualTo("samples");
        assertThat(p.unit()).isEqualTo("count");
        assertThat(p.summary().samples()).isEqualTo(5);
        assertThat(p.summary().frames()).containsExactly(new FlameSummary.Frame("main", 2, 5),
                new FlameSummary.Frame("inlined", 3, 3), new FlameSummary.Frame("work", 0, 3));
        assertThat(p.summary().toMap().toString()).doesNotContain("secret-thread-name");
    }

    @Test
    void withoutADefaultTheLastSampleTypeCountsAndGzipIsUnpacked() throws Exception {
        byte[] raw = profile();
        byte[] noDefault = java.util.Arrays.copyOf(raw, raw.length - 2); // the last field is default_sample_type = 1
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(noDefault);
        }
        PprofProfiles.Parsed p = PprofProfiles.summarize(gz.toByteArray());
        assertThat(p.unit()).isEqualTo("nanoseconds");
        assertThat(p.summary().samples()).isEqualTo(50);
    }

    @Test
    void somethingElseIsRefused() {
        assertThatThrownBy(() -> PprofProfiles.summarize("{\"flamebearer\":{}}".getBytes()))
                .isInstanceOf(PprofProfiles.NotPprof.class);
        assertThatThrownBy(() -> PprofProfiles.summarize(new byte[0])).isInstanceOf(PprofProfiles.NotPprof.class)
                .hasMessageContaining("sample type");
        assertThatThrownBy(() -> PprofProfiles.summarize(new byte[] {0x1f, (byte) 0x8b, 1})).isInstanceOf(PprofProfiles.NotPprof.class);
    }
}
