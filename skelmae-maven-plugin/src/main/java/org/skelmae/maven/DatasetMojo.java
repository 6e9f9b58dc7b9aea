package org.skelmae.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.skelmae.data.DatasetSpec;
import org.skelmae.data.npz.NpzLayout;
import org.skelmae.reports.DatasetPage;
import org.skelmae.run.DatasetCommand;

import java.io.File;
import java.util.Locale;

/**
 * Shows a dataset without training: samples per split and class, frame statistics, bodies, skipped
 * files; writes the summary and split index as JSON, a self-contained page (dataset.html: counts, frame lengths,
 * bodies, skipped files and one drawn example per class) next to them, and can export the data to the generic
 * .npz format.
 *
 * @since 0.1.0
 */
@Mojo(name = "dataset", aggregator = true, requiresProject = false, threadSafe = true)
public class DatasetMojo extends AbstractDataMojo {

    /**
     * Dataset and protocol: ntu60-xsub, ntu60-xview, ntu120-xsub, ntu120-xset, nwucla-xview, npz:&lt;file&gt;, pyskl:&lt;file&gt;[#&lt;split&gt;] or synthetic.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.dataset", defaultValue = "nwucla-xview")
    String dataset;

    /**
     * Export the dataset with its split to this .npz file (x_train, y_train, x_test, y_test).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.export")
    File export;

    /**
     * Layout of the exported x: NTU for (N, T, M*V*3) or NCTVM for (N, C, T, V, M).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.exportLayout", defaultValue = "NTU")
    String exportLayout;

    @Override
    protected void executeMojo() throws Exception {
        String resolved = resolveDataset(dataset);
        DatasetSpec spec = DatasetSpec.parse(resolved);
        java.nio.file.Path folder = dataLocation(resolved);
        NpzLayout layout;
        try {
            layout = NpzLayout.valueOf(exportLayout.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("skelmae.exportLayout must be NTU or NCTVM, got '" + exportLayout + "'");
        }
        DatasetCommand.Outcome outcome = new DatasetCommand(loadOptions(), progress())
                .run(spec, folder, output(), export == null ? null : export.toPath(), layout);
        java.nio.file.Path page = DatasetPage.write(outcome.summary(), outcome.loaded(), outcome.json().getParent());
        getLog().info("dataset page written to " + page);
    }
}
