package dev.charter.perfcases;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes pprof profiles ({@code perftools.profiles.Profile}, profile.proto) for tests, field by field as the format
 * documents them, with everything a real profiler puts in besides frames and values: sample labels, mappings with
 * file names and build ids, function file and system names, line numbers, addresses and comments. Values are CPU
 * samples and nanoseconds, the second the default.
 */
final class Pprof {

    /** One sample: its stack (leaf first, function names), its CPU nanoseconds, and its labels. */
    record Sample(List<String> stack, long nanos, Map<String, String> labels) {}

    private final List<String> strings = new ArrayList<>(List.of(""));
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private String mappingFile = "/app/service";
    private String sourceFile = "Service.java";

    Pprof sample(long nanos, Map<String, String> labels, String... leafFirst) {
        samples.add(new Sample(List.of(leafFirst), nanos, labels));
        return this;
    }

    Pprof comment(String c) {
        comments.add(c);
        return this;
    }

    Pprof files(String mapping, String source) {
        this.mappingFile = mapping;
        this.sourceFile = source;
        return this;
    }

    /** A string in the table that nothing refers to, as a profiler's leftovers can be. */
    Pprof unreferenced(String s) {
        str(s);
        return this;
    }

    private int str(String s) {
        return index.computeIfAbsent(s, k -> {
            strings.add(k);
            return strings.size() - 1;
        });
    }

    byte[] bytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeByteArray(1, valueType(str("samples"), str("count")));
            out.writeByteArray(1, valueType(str("cpu"), str("nanoseconds")));
            Map<String, Integer> functions = new LinkedHashMap<>();
            for (Sample s : samples) {
                s.stack().forEach(f -> functions.computeIfAbsent(f, k -> functions.size() + 1));
            }
            for (Sample s : samples) {
                ByteArrayOutputStream sb = new ByteArrayOutputStream();
                CodedOutputStream so = CodedOutputStream.newInstance(sb);
                // location ids packed (as Go's pprof writes them), values unpacked
                ByteArrayOutputStream ids = new ByteArrayOutputStream();
                CodedOutputStream io = CodedOutputStream.newInstance(ids);
                for (String f : s.stack()) {
                    io.writeUInt64NoTag(functions.get(f));
                }
                io.flush();
                so.writeByteArray(1, ids.toByteArray());
                so.writeInt64(2, 1);
                so.writeInt64(2, s.nanos());
                for (var l : s.labels().entrySet()) {
                    ByteArrayOutputStream lb = new ByteArrayOutputStream();
                    CodedOutputStream lo = CodedOutputStream.newInstance(lb);
                    lo.writeInt64(1, str(l.getKey()));
                    lo.writeInt64(2, str(l.getValue()));
                    lo.flush();
                    so.writeByteArray(3, lb.toByteArray());
                }
                so.flush();
                out.writeByteArray(2, sb.toByteArray());
            }
            ByteArrayOutputStream mb = new ByteArrayOutputStream();
            CodedOutputStream mo = CodedOutputStream.newInstance(mb);
            mo.writeUInt64(1, 1);
            mo.writeUInt64(2, 0x400000);
            mo.writeInt64(5, str(mappingFile));
            mo.writeInt64(6, str(mappingFile + "-build-id"));
            mo.flush();
            out.writeByteArray(3, mb.toByteArray());
            for (var f : functions.entrySet()) {
                ByteArrayOutputStream lb = new ByteArrayOutputStream();
                CodedOutputStream lo = CodedOutputStream.newInstance(lb);
                lo.writeUInt64(1, f.getValue());
                lo.writeUInt64(2, 1);
                lo.writeUInt64(3, 0x400000 + f.getValue() * 16);
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                CodedOutputStream li = CodedOutputStream.newInstance(line);
                li.writeUInt64(1, f.getValue());
                li.writeInt64(2, 40 + f.getValue());
                li.flush();
                lo.writeByteArray(4, line.toByteArray());
                lo.flush();
                out.writeByteArray(4, lb.toByteArray());
            }
            for (var f : functions.entrySet()) {
                ByteArrayOutputStream fb = new ByteArrayOutputStream();
                CodedOutputStream fo = CodedOutputStream.newInstance(fb);
                fo.writeUInt64(1, f.getValue());
                fo.writeInt64(2, str(f.getKey()));
                fo.writeInt64(3, str(f.getKey() + "$" + sourceFile));
                fo.writeInt64(4, str(sourceFile));
                fo.writeInt64(5, 10);
                fo.flush();
                out.writeByteArray(5, fb.toByteArray());
            }
            List<Long> commentIds = comments.stream().map(c -> (long) str(c)).toList();
            int defaultType = str("cpu");
            for (String s : strings) {
                out.writeString(6, s);
            }
            out.writeInt64(9, 1_764_800_000_000_000_000L);
            out.writeInt64(10, 10_000_000_000L);
            out.writeByteArray(11, valueType(str("cpu"), str("nanoseconds")));
            out.writeInt64(12, 10_000_000);
            for (long c : commentIds) {
                out.writeInt64(13, c);
            }
            out.writeInt64(14, defaultType);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] gzipped() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] valueType(int type, int unit) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(b);
        o.writeInt64(1, type);
        o.writeInt64(2, unit);
        o.flush();
        return b.toByteArray();
    }
}
