package org.skelmae.reports;

import org.skelmae.suite.SuiteResult;

/** Gives tests in other packages the fixture suite. */
public final class FixturesAccess {

    private FixturesAccess() {
    }

    public static SuiteResult suite() {
        return Fixtures.suite("nwucla-xview", "cpu", 6, false, false);
    }
}
