package dev.charter.perfcases.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a pprof profile (the {@code perftools.profiles.Profile} protobuf, gzipped or not) into a {@link FlameSummary}
 * (PRF-4). It reads the protobuf wire format field by field and keeps only what a flame summary needs: each sample's
 * location ids and its value, each location's lines (function ids, leaf first), each function's name, the sample
 * types and the string table. Everything else is skipped unread: sample labels (where thread names, request and user
 * ids go), mappings (binary file names and build ids), function file names and system names, line numbers, addresses
 * and comments. A string of the table is resolved only when a kept function names it.
 */
final class PprofProfiles {

    /** What a profile measured, as its sample type names it ({@code cpu}/{@code nanoseconds}). */
    record Parsed(FlameSummary summary, String type, String unit) {}

    /** Largest profile read, once decompressed. */
    static final int MAX_BYTES = 32 * 1024 * 1024;
    static final int MAX_FRAME = 300;

    // perftools.profiles.Profile
    private static final int SAMPLE_TYPE = 1, SAMPLE = 2, LOCATION = 4, FUNCTION = 5, STRING_TABLE = 6,
            DEFAULT_SAMPLE_TYPE = 14;
    // Sample, Location, Line, Function, ValueType
    private static final int SAMPLE_LOCATION_ID = 1, SAMPLE_VALUE = 2;
    private static final int LOCATION_ID = 1, LOCATION_LINE = 4;
    private static final int LINE_FUNCTION_ID = 1;
    private static final int FUNCTION_ID = 1, FUNCTION_NAME = 2;
    private static final int VALUE_TYPE_TYPE = 1, VALUE_TYPE_UNIT = 2;

    /** A profile that is not pprof, or is larger than Charter reads. */
    static final class NotPprof extends RuntimeException {
        NotPprof(String message) {
            super(message);
        }
    }

    private record Sample(long[] locations, long[] values) {}

    private PprofProfiles() {}

    static Parsed summarize(byte[] raw) {
        byte[] bytes = gunzip(raw);
        List<long[]> sampleTypes = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        Map<Long, long[]> locationFunctions = new HashMap<>();
        Map<Long, Long> functionNames = new HashMap<>();
        List<String> strings = new ArrayList<>();
        long defaultType = 0;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setSizeLimit(MAX_BYTES);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case SAMPLE_TYPE -> sampleTypes.add(valueType(message(in, tag)));
                    case SAMPLE -> samples.add(sample(message(in, tag)));
                    case LOCATION -> location(message(in, tag), locationFunctions);
                    case FUNCTION -> function(message(in, tag), functionNames);
                    case STRING_TABLE -> {
                        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                        strings.add(in.readStringRequireUtf8());
                    }
                    case DEFAULT_SAMPLE_TYPE -> defaultType = in.readInt64();
                    default -> in.skipField(tag); // mappings, drop/keep frames, times, period, comments
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof NotPprof n) {
                throw n;
            }
            throw new NotPprof("The source's answer is not a pprof profile Charter can read.");
        }
        if (sampleTypes.isEmpty()) {
            throw new NotPprof("The profile names no sample type.");
        }
        int valueIndex = sampleTypes.size() - 1; // pprof's own default: the last sample type
        for (int i = 0; i < sampleTypes.size(); i++) {
            if (defaultType != 0 && sampleTypes.get(i)[0] == defaultType) {
                valueIndex = i;
            }
        }
        FlameSummary.Builder summary = new FlameSummary.Builder();
        for (Sample s : samples) {
            if (valueIndex >= s.values().length) {
                continue;
            }
            List<String> stack = new ArrayList<>();
            for (long location : s.locations()) { // leaf first
                for (long function : locationFunctions.getOrDefault(location, new long[0])) { // innermost (inlined) first
                    String name = string(strings, functionNames.getOrDefault(function, 0L));
                    if (!name.isEmpty()) {
                        stack.add(name.length() > MAX_FRAME ? name.substring(0, MAX_FRAME) : name);
                    }
                }
            }
            summary.add(stack, s.values()[valueIndex]);
        }
        long[] type = sampleTypes.get(valueIndex);
        return new Parsed(summary.build(), string(strings, type[0]), string(strings, type[1]));
    }

    private static byte[] gunzip(byte[] raw) {
        String tooLarge = "The profile is larger than the " + MAX_BYTES / (1024 * 1024) + " MiB Charter reads.";
        if (!Gzip.is(raw)) {
            if (raw.length > MAX_BYTES) {
                throw new NotPprof(tooLarge);
            }
            return raw;
        }
        try {
            byte[] out = Gzip.unpack(raw, MAX_BYTES);
            if (out == null) {
                throw new NotPprof(tooLarge);
            }
            return out;
        } catch (IOException e) {
            throw new NotPprof("The source's answer is gzip Charter cannot read.");
        }
    }

    private static CodedInputStream message(CodedInputStream in, int tag) throws IOException {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        return CodedInputStream.newInstance(in.readByteArray());
    }

    private static void expect(int tag, int wireType) {
        if (WireFormat.getTagWireType(tag) != wireType) {
            throw new NotPprof("The profile has a field of an unexpected type.");
        }
    }

    private static long[] valueType(CodedInputStream in) throws IOException {
        long[] t = new long[2];
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case VALUE_TYPE_TYPE -> t[0] = in.readInt64();
                case VALUE_TYPE_UNIT -> t[1] = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        return t;
    }

    private static Sample sample(CodedInputStream in) throws IOException {
        List<Long> locations = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case SAMPLE_LOCATION_ID -> repeated(in, tag, locations);
                case SAMPLE_VALUE -> repeated(in, tag, values);
                default -> in.skipField(tag); // labels: never read
            }
        }
        return new Sample(locations.stream().mapToLong(Long::longValue).toArray(), values.stream().mapToLong(Long::longValue).toArray());
    }

    private static void location(CodedInputStream in, Map<Long, long[]> out) throws IOException {
        long id = 0;
        List<Long> functions = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case LOCATION_ID -> id = in.readUInt64();
                case LOCATION_LINE -> {
                    CodedInputStream line = message(in, tag);
                    for (int t = line.readTag(); t != 0; t = line.readTag()) {
                        if (WireFormat.getTagFieldNumber(t) == LINE_FUNCTION_ID) {
                            functions.add(line.readUInt64());
                        } else {
                            line.skipField(t); // the line number
                        }
                    }
                }
                default -> in.skipField(tag); // mapping, address, folding
            }
        }
        out.put(id, functions.stream().mapToLong(Long::longValue).toArray());
    }

    private static void function(CodedInputStream in, Map<Long, Long> out) throws IOException {
        long id = 0;
        long name = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case FUNCTION_ID -> id = in.readUInt64();
                case FUNCTION_NAME -> name = in.readInt64();
                default -> in.skipField(tag); // system name, file name, start line
            }
        }
        out.put(id, name);
    }

    /** A repeated integer field, packed or not. */
    private static void repeated(CodedInputStream in, int tag, List<Long> out) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
                out.add(in.readRawVarint64());
            }
            in.popLimit(limit);
        } else {
            out.add(in.readRawVarint64());
        }
    }

    private static String string(List<String> table, long index) {
        return index > 0 && index < table.size() ? table.get((int) index) : "";
    }
}
