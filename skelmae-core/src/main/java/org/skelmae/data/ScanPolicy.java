package org.skelmae.data;

/** What a scan does with a file it cannot read. */
public enum ScanPolicy {
    /** Stop at the first bad file with its error (the default). */
    FAIL_FAST,
    /** Leave bad files out and report each one with its reason. */
    SKIP_AND_REPORT
}
