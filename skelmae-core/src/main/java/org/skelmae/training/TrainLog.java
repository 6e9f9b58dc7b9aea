package org.skelmae.training;

import org.skelmae.data.FolderScan;
import org.skelmae.util.Progress;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Line-oriented progress of a run: a line every N iterations and one per epoch, each with the run tag,
 * epoch, iteration, loss parts, learning rate, throughput and an ETA from the iterations still to go.
 */
final class TrainLog {

    private final Progress progress;
    private final String tag;
    private final String phase;
    private final long totalIterations;
    private final long startNanos = System.nanoTime();
    private long doneIterations;

    TrainLog(Progress progress, String tag, String phase, long remainingIterations) {
        this.progress = progress;
        this.tag = tag;
        this.phase = phase;
        this.totalIterations = remainingIterations;
    }

    void iteration(int epoch, int epochs, int it, int its, Map<String, Double> parts, double lr, double samplesPerSecond) {
        doneIterations++;
        progress.info(String.format(Locale.ROOT, "[%s] %s epoch %d/%d it %d/%d %s lr=%.3g %.1f samples/s ETA %s",
                tag, phase, epoch, epochs, it, its, format(parts), lr, samplesPerSecond, eta()));
    }

    void counted() {
        doneIterations++;
    }

    void epoch(EpochMetrics m, int epochs) {
        progress.info(String.format(Locale.ROOT, "[%s] %s epoch %d/%d done in %.1f s: train %s | validation %s | lr=%.3g %.1f samples/s ETA %s",
                tag, phase, m.epoch(), epochs, m.seconds(), format(m.train()), format(m.validation()), m.learningRate(),
                m.samplesPerSecond(), eta()));
    }

    void info(String line) {
        progress.info("[" + tag + "] " + line);
    }

    private String eta() {
        if (doneIterations == 0) {
            return "?";
        }
        double perIt = (System.nanoTime() - startNanos) / 1e9 / doneIterations;
        return FolderScan.eta(perIt * (totalIterations - doneIterations));
    }

    static String format(Map<String, Double> parts) {
        StringJoiner j = new StringJoiner(" ");
        parts.forEach((k, v) -> j.add(k.replace("loss.", "") + "=" + String.format(Locale.ROOT, Math.abs(v) >= 100 || v == Math.rint(v) ? "%.4g" : "%.4f", v)));
        return j.toString();
    }
}
