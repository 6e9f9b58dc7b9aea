package org.skelmae.reports;

import org.apache.velocity.VelocityContext;

/** The single self-contained HTML page of a suite run. */
public final class SuitePage extends AbstractPage {

    private final ReportModel model;
    private final String generated;
    private final ReconstructionSection reconstructions;
    private final EmbeddingSection embeddings;

    /**
     * @param generated a generation time to print, or null for none (reproducible output)
     */
    public SuitePage(ReportModel model, String generated) {
        this(model, generated, ReconstructionSection.EMPTY, EmbeddingSection.EMPTY);
    }

    /**
     * @param generated       a generation time to print, or null for none (reproducible output)
     * @param reconstructions the pre-training runs' reconstructions
     * @param embeddings      the pre-training runs' embedding maps
     */
    public SuitePage(ReportModel model, String generated, ReconstructionSection reconstructions, EmbeddingSection embeddings) {
        this.model = model;
        this.generated = generated;
        this.reconstructions = reconstructions;
        this.embeddings = embeddings;
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
        c.put("recon", reconstructions);
        c.put("emb", embeddings);
        c.put("failed", model.result().outcomes().stream()
                .filter(o -> o.status() != org.skelmae.suite.ExperimentOutcome.Status.OK).toList());
    }
}
