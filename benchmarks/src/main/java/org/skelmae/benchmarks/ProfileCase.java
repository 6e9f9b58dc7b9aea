package org.skelmae.benchmarks;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * The op profile of one case, shaped like {@link PerformanceCase} (JMH-like): the primary score is the
 * median step time with the profiler attached; {@code rows} hold the measured ops, unaggregated apart
 * from merging op instances that agree on every field, so that any table can be computed from them.
 *
 * @param benchmark  {@code profile:pretrain}, {@code profile:finetune} or {@code profile:inference}
 * @param params     preset, batch, threads, recorded steps, warm-up steps
 * @param score      median milliseconds per recorded step
 * @param scoreUnit  {@code ms/step}
 * @param rawData    every recorded step, in milliseconds
 * @param secondary  medians of the step's parts (ops, interpreter, epilogue, optimizer), the baseline step
 *                   without the listener and the listener's overhead, GC, op counts
 * @param steps      the parts of every recorded step
 * @param rows       measured ops
 */
@JsonPropertyOrder({"benchmark", "params", "score", "scoreUnit", "rawData", "secondary", "steps", "rows"})
public record ProfileCase(String benchmark, Map<String, String> params, double score, String scoreUnit, List<Double> rawData,
                          Map<String, Double> secondary, List<StepParts> steps, List<Row> rows) {

    /**
     * One recorded step. {@code opsMs + (sessionMs − opsMs) + (graphMs − sessionMs) + optimizerMs = stepMs}:
     * kernels, SameDiff interpreter, {@code ModelGraph}'s work outside the session, Java Adam.
     *
     * @param stepMs      the whole step
     * @param graphMs     {@code ModelGraph.step} (or {@code forward}) and closing its outputs
     * @param sessionMs   inside the SameDiff session
     * @param opsMs       sum of the op kernels
     * @param optimizerMs Java Adam
     * @param gcMs        garbage-collector time during the step (already inside the parts above)
     */
    @JsonPropertyOrder({"stepMs", "graphMs", "sessionMs", "opsMs", "optimizerMs", "gcMs"})
    public record StepParts(double stepMs, double graphMs, double sessionMs, double opsMs, double optimizerMs, double gcMs) {
    }

    /**
     * Op instances that share phase, type, input shapes, owner and category.
     *
     * @param phase       {@code forward} or {@code backward}
     * @param op          op type, e.g. {@code conv2d_bp}
     * @param inputs      input shapes
     * @param owner       type of the forward op this op belongs to (its own type for a forward op)
     * @param ownerInputs input shapes of that forward op
     * @param category    what the forward op is part of: conv, batchnorm, activation, attention, ...
     * @param instances   op instances merged into this row
     * @param calls       executions per step
     * @param ms          median over recorded steps of the per-step kernel time
     * @param gapMs       median over recorded steps of the per-step gap (interpreter time before these ops)
     * @param rawMs       per-step kernel time
     * @param rawGapMs    per-step gap
     */
    @JsonPropertyOrder({"phase", "op", "inputs", "owner", "ownerInputs", "category", "instances", "calls", "ms", "gapMs",
            "rawMs", "rawGapMs"})
    public record Row(String phase, String op, List<List<Long>> inputs, String owner, List<List<Long>> ownerInputs,
                      String category, int instances, double calls, double ms, double gapMs, List<Double> rawMs,
                      List<Double> rawGapMs) {
    }

    /** The file {@code skelmae-profile.json}: the environment header and every case. */
    @JsonPropertyOrder({"environment", "cases"})
    public record Report(Map<String, String> environment, List<ProfileCase> cases) {
    }
}
