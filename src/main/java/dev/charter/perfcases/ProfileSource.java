package dev.charter.perfcases;

/** Where a case's flame summary came from. */
public enum ProfileSource {
    /** Read through a Pyroscope connection: the merged CPU profile of one version over the connection's window. */
    PYROSCOPE,
    /** A Java Flight Recorder file uploaded on the case: its execution samples. */
    JFR
}
