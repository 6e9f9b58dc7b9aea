package org.skelmae.reports;

import org.apache.velocity.VelocityContext;

/** The single self-contained HTML page of a suite run. */
public final class SuitePage extends AbstractPage {

    private final ReportModel model;
    private final String generated;

    /**
     * @param generated a generation time to print, or null for none (reproducible output)
     */
    public SuitePage(ReportModel model, String generated) {
        this.model = model;
        this.generated = generated;
    }

    @Override
    protected String template() {
        return "org/skelmae/reports/suite.vm";
    }

    @Override
    protected void fill(VelocityContext c) {
        c.put("m", model);
        c.put("r", model.result());
        c.put("s", model.result().suite());
        c.put("generated", generated == null ? "" : generated);
        c.put("details", model.classificationDetails());
        c.put("failed", model.result().outcomes().stream()
                .filter(o -> o.status() != org.skelmae.suite.ExperimentOutcome.Status.OK).toList());
    }
}
