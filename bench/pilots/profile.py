#!/usr/bin/env python3
"""Where Charter's CPU time goes, from a Java Flight Recorder recording.

Reads the jdk.ExecutionSample events (a thread caught running Java code) that `jfr print` writes, and prints
two Markdown tables:

  * by layer: each sample goes to the first frame from the top of its stack that is not the JDK's own
    (java.*, jdk.*, sun.*), mapped to the library or Charter module it belongs to; time spent inside the JDK
    on behalf of cryptography or sockets keeps those names, so a decryption or a connect is not hidden
    under whoever called it;
  * the Charter methods that hold the most samples anywhere on their stacks (inclusive), each sample counted
    once per method.

    python3 bench/pilots/profile.py recording.jfr [top]
"""
import collections
import re
import subprocess
import sys

FRAME = re.compile(r"^\s+([\w$.]+)\.([\w$<>]+)\(.*\)\s+line:")

LAYERS = [  # (prefix of the frame's class, layer name); the first match wins
    ("org.apache.coyote", "Tomcat (HTTP parsing and connection handling)"),
    ("org.apache.tomcat", "Tomcat (HTTP parsing and connection handling)"),
    ("org.apache.catalina", "Tomcat (servlet container)"),
    ("org.springframework.security", "Spring Security filters"),
    ("org.springframework.web", "Spring MVC dispatch"),
    ("org.springframework.jdbc", "Spring JDBC"),
    ("org.springframework.transaction", "Spring transactions"),
    ("org.springframework", "Spring (other)"),
    ("tools.jackson", "Jackson"),
    ("com.fasterxml.jackson", "Jackson"),
    ("org.postgresql", "PostgreSQL JDBC driver"),
    ("com.zaxxer.hikari", "HikariCP"),
    ("com.dashjoin.jsonata", "JSONata expressions"),
    ("ch.qos.logback", "logging"),
    ("org.slf4j", "logging"),
    ("io.micrometer", "metrics"),
    ("com.google.crypto.tink", "cryptography"),
    ("org.bouncycastle", "cryptography"),
    ("com.google.re2j", "DLP patterns (RE2/J)"),
    ("io.github.bucket4j", "rate limits (Bucket4j)"),
    ("com.bucket4j", "rate limits (Bucket4j)"),
    ("dev.charter.egress", "Charter egress gateway"),
    ("dev.charter.pilots", "Charter Pilots"),
    ("dev.charter.jobs", "Charter job queue"),
    ("dev.charter.vault", "Charter vault"),
    ("dev.charter.audit", "Charter audit"),
    ("dev.charter.identity", "Charter identity"),
    ("dev.charter", "Charter (other modules)"),
]
JDK_LAYERS = [  # JDK packages that keep their own name
    ("javax.crypto", "cryptography"),
    ("com.sun.crypto", "cryptography"),
    ("sun.security", "cryptography"),
    ("java.security", "cryptography"),
    ("sun.nio.ch", "sockets (JDK)"),
    ("java.net", "sockets (JDK)"),
    ("sun.net", "sockets (JDK)"),
]
JDK = ("java.", "javax.", "jdk.", "sun.", "com.sun.")


def layer_of(frames):
    for cls, _ in frames:
        for prefix, name in JDK_LAYERS:
            if cls.startswith(prefix):
                return name
        if cls.startswith(JDK):
            continue
        for prefix, name in LAYERS:
            if cls.startswith(prefix):
                return name
        return "other libraries (" + ".".join(cls.split(".")[:2]) + ")"
    return "the JDK alone (collections, strings, GC barriers)"


def samples(path):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "256", path],
                         check=True, capture_output=True, text=True).stdout
    frames = None
    for line in out.splitlines():
        if "stackTrace = [" in line:
            frames = []
        elif frames is not None:
            if line.strip() == "]":
                yield frames
                frames = None
            else:
                m = FRAME.match(line)
                if m:
                    frames.append((m.group(1), m.group(2)))


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    layers = collections.Counter()
    methods = collections.Counter()
    total = 0
    for frames in samples(path):
        total += 1
        layers[layer_of(frames)] += 1
        seen = set()
        for cls, method in frames:
            if cls.startswith("dev.charter."):
                name = cls[len("dev.charter."):].replace("$", ".") + "." + method
                if name not in seen:
                    seen.add(name)
                    methods[name] += 1
    if total == 0:
        print("no execution samples in the recording")
        return
    print(f"| layer (first frame outside the JDK) | share of {total} samples |")
    print("|---|---|")
    for name, n in layers.most_common():
        if n * 200 < total:
            break
        print(f"| {name} | {100 * n / total:.1f}% |")
    print()
    print("| Charter method, with everything it calls | share of samples |")
    print("|---|---|")
    for name, n in methods.most_common(top):
        print(f"| `{name}` | {100 * n / total:.1f}% |")


if __name__ == "__main__":
    main()
