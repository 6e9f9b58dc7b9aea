package org.skelmae.libtorch;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Copies between ND4J arrays and libtorch CPU tensors, C order, float32 or float64 (double arrays stay double, any
 * other type becomes float). The data pipeline, the parameter store and checkpoints are ND4J's; the libtorch engine
 * copies what it needs in and its results out, so neither library ever frees memory the other owns.
 */
public final class TorchArrays {

    private TorchArrays() {
    }

    /** A new tensor holding a copy of {@code a}: float64 if {@code a} is double, float32 otherwise. */
    public static Tensor tensor(INDArray a) {
        if (a.dataType() == DataType.DOUBLE) {
            return tensor(a.dup('c').data().asDouble(), a.shape());
        }
        return tensor(a.castTo(DataType.FLOAT).dup('c').data().asFloat(), a.shape());
    }

    /** A new int64 tensor holding a copy of the integer array {@code a} (indices: frames, joints, slots). */
    public static Tensor indices(INDArray a) {
        long[] values = a.dup('c').data().asLong();
        checkSize(values.length, a.shape());
        Tensor t = torch.empty(a.shape(), new TensorOptions(torch.ScalarType.Long), new MemoryFormatOptional());
        try (LongPointer dst = new LongPointer(t.data_ptr_long())) {
            dst.capacity(values.length).put(values);
        }
        return t;
    }

    /** A new ND4J long array holding a copy of the int64 tensor {@code t}. */
    public static INDArray longArray(Tensor t) {
        Tensor c = t.cpu().contiguous();
        long[] out = new long[Math.toIntExact(c.numel())];
        try (LongPointer src = new LongPointer(c.data_ptr_long())) {
            src.capacity(out.length).get(out);
        }
        return Nd4j.createFromArray(out).reshape(c.sizes().vec().get());
    }

    /** A new float32 tensor of {@code shape} holding a copy of {@code values} (C order). */
    public static Tensor tensor(float[] values, long... shape) {
        checkSize(values.length, shape);
        Tensor t = torch.empty(shape);
        try (FloatPointer dst = new FloatPointer(t.data_ptr_float())) {
            dst.capacity(values.length).put(values);
        }
        return t;
    }

    /** A new float64 tensor of {@code shape} holding a copy of {@code values} (C order). */
    public static Tensor tensor(double[] values, long... shape) {
        checkSize(values.length, shape);
        Tensor t = torch.empty(shape, new TensorOptions(torch.ScalarType.Double), new MemoryFormatOptional());
        try (DoublePointer dst = new DoublePointer(t.data_ptr_double())) {
            dst.capacity(values.length).put(values);
        }
        return t;
    }

    /**
     * A new ND4J array holding a copy of {@code t} (any strides, any device): double for a float64 tensor, float for
     * float32.
     */
    public static INDArray array(Tensor t) {
        Tensor c = t.cpu().contiguous();
        long[] shape = c.sizes().vec().get();
        int n = Math.toIntExact(c.numel());
        if (c.scalar_type().value == torch.ScalarType.Double.value) {
            double[] out = new double[n];
            try (DoublePointer src = new DoublePointer(c.data_ptr_double())) {
                src.capacity(n).get(out);
            }
            return Nd4j.create(out, shape, 'c');
        }
        if (c.scalar_type().value != torch.ScalarType.Float.value) {
            throw new IllegalArgumentException("only float32 and float64 tensors are copied out, got " + c.scalar_type());
        }
        float[] out = new float[n];
        try (FloatPointer src = new FloatPointer(c.data_ptr_float())) {
            src.capacity(n).get(out);
        }
        return Nd4j.create(out, shape, 'c');
    }

    private static void checkSize(int length, long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got " + length);
        }
    }
}
