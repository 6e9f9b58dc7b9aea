package org.skelmae.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.imports.converters.ImportClassMapping;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.CustomOpDescriptor;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

/**
 * A native ND4J kernel run under a skelmae op name, so that its backward pass is the one written in the
 * subclass's {@link #doDiff} instead of the kernel's own. ND4J 1.0.0-M2.1 has no user-defined SameDiff
 * ops, but it runs a custom op by the hash of its kernel ({@link #opHash()}) and rebuilds the ops of a
 * graph by op name when it derives the gradient function; registering the subclass under its own name
 * (in ND4J's op-name table) is what keeps the written backward through that rebuild.
 *
 * <p>Subclasses need a public no-argument constructor (the rebuild calls it), and keep what their
 * backward pass needs in {@link #propertiesForFunction()} (the rebuild restores only those).
 */
abstract class HostedOp extends DynamicCustomOp {

    /** For ND4J's rebuild of the op. */
    HostedOp() {
    }

    HostedOp(SameDiff sd, SDVariable... args) {
        super(sd, args);
    }

    /** The ND4J kernel this op runs, e.g. {@code "maximum"}. */
    abstract String kernel();

    @Override
    public abstract String opName();

    @Override
    public long opHash() {
        return descriptor(kernel()).getHash();
    }

    @Override
    public CustomOpDescriptor getDescriptor() {
        return descriptor(kernel());
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> inputTypes) {
        return List.of(inputTypes.get(0));
    }

    @Override
    public Map<String, Object> propertiesForFunction() {
        return Map.of();
    }

    @Override
    public void setPropertiesForFunction(Map<String, Object> properties) {
    }

    private static CustomOpDescriptor descriptor(String kernel) {
        CustomOpDescriptor d = Nd4j.getExecutioner().getCustomOperations().get(kernel);
        if (d == null) {
            throw new IllegalStateException("ND4J has no custom op '" + kernel + "'");
        }
        return d;
    }

    /**
     * Enters the hosted ops in ND4J's op-name table. Called once from {@link GraphBuilder}'s class
     * initialiser, before any graph that uses them exists, so that ND4J never reads the table while it
     * changes.
     */
    static void registerAll() {
        for (HostedOp op : List.of(new LeakyReluOps.Maximum(), new LeakyReluOps.ScaledWithoutGradient(),
                new BatchNormOps.Moments(), new BatchNormOps.Normalize())) {
            ImportClassMapping.getOpNameMapping().putIfAbsent(op.opName(), op);
        }
    }
}
