package org.skelmae.data.pyskl;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * numpy arrays and scalars as they come out of a pickle, for Pyrolite's {@link Unpickler}, which knows
 * Python's built-in types but not numpy's. A pickled array is a call to numpy's {@code _reconstruct}
 * followed by a {@code __setstate__} with (version, shape, dtype, Fortran order, raw bytes) up to
 * protocol 4, or a call to {@code _frombuffer(bytes, dtype, shape, order)} with protocol 5; a dtype is
 * {@code numpy.dtype(code, align, copy)} with the byte order in its own state; a scalar is
 * {@code scalar(dtype, bytes)}. numpy 1 names the modules {@code numpy.core.*}, numpy 2
 * {@code numpy._core.*}: both are registered.
 */
public final class NumpyPickle {

    private static boolean registered;

    private NumpyPickle() {
    }

    /** Makes every {@link Unpickler} in this JVM build {@link NdArray}s and numbers from numpy's records. */
    public static synchronized void register() {
        if (registered) {
            return;
        }
        for (String core : new String[]{"numpy.core", "numpy._core"}) {
            Unpickler.registerConstructor(core + ".multiarray", "_reconstruct", args -> new NdArray());
            Unpickler.registerConstructor(core + ".multiarray", "scalar", NumpyPickle::scalar);
            Unpickler.registerConstructor(core + ".numeric", "_frombuffer", NumpyPickle::fromBuffer);
        }
        Unpickler.registerConstructor("numpy", "dtype", (IObjectConstructor) args -> new DType(args));
        registered = true;
    }

    private static Object scalar(Object[] args) {
        if (args.length != 2 || !(args[0] instanceof DType d) || !(args[1] instanceof byte[] b)) {
            throw new PickleException("numpy scalar: expected (dtype, bytes), got " + Arrays.deepToString(args));
        }
        return d.read(ByteBuffer.wrap(b).order(d.order()), 0);
    }

    private static Object fromBuffer(Object[] args) {
        if (args.length != 4 || !(args[1] instanceof DType d) || !(args[2] instanceof Object[] shape)) {
            throw new PickleException("numpy _frombuffer: expected (buffer, dtype, shape, order), got " + Arrays.deepToString(args));
        }
        return new NdArray(shapeOf(shape), d, "F".equals(args[3]), bytes(args[0]));
    }

    private static long[] shapeOf(Object[] dims) {
        long[] s = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            s[i] = ((Number) dims[i]).longValue();
        }
        return s;
    }

    private static byte[] bytes(Object o) {
        if (o instanceof byte[] b) {
            return b;
        }
        if (o instanceof String s) {
            // protocol 0-2 from Python 2 keep raw bytes in a latin-1 string
            return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        throw new PickleException("numpy array data: expected bytes, got " + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    /** A numpy dtype: kind ({@code f}, {@code i}, {@code u}, {@code b}, ...), item size and byte order. */
    public static final class DType {
        private final String code;
        private char byteOrder = '=';

        DType(Object[] args) {
            if (args.length < 1 || !(args[0] instanceof String s) || s.length() < 2) {
                throw new PickleException("numpy dtype: expected a type code such as 'f4', got " + Arrays.deepToString(args));
            }
            this.code = s;
        }

        /** Called by the unpickler with (version, byte order, ...). */
        public void __setstate__(Object[] state) {
            if (state.length > 1 && state[1] instanceof String o && o.length() == 1) {
                byteOrder = o.charAt(0);
            }
        }

        /** The kind character: f (float), i (signed), u (unsigned), b (bool), O (object), ... */
        public char kind() {
            return code.charAt(0);
        }

        /** Bytes per element. */
        public int itemSize() {
            try {
                return Integer.parseInt(code.substring(1));
            } catch (NumberFormatException e) {
                throw new PickleException("numpy dtype '" + code + "' has no fixed item size");
            }
        }

        ByteOrder order() {
            return byteOrder == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        }

        /** The element at byte offset {@code at} as a Java number (Double, Long or Boolean). */
        Object read(ByteBuffer b, int at) {
            return switch (kind()) {
                case 'f' -> switch (itemSize()) {
                    case 2 -> (double) halfToFloat(b.getShort(at));
                    case 4 -> (double) b.getFloat(at);
                    case 8 -> b.getDouble(at);
                    default -> throw unsupported();
                };
                case 'i' -> switch (itemSize()) {
                    case 1 -> (long) b.get(at);
                    case 2 -> (long) b.getShort(at);
                    case 4 -> (long) b.getInt(at);
                    case 8 -> b.getLong(at);
                    default -> throw unsupported();
                };
                case 'u' -> switch (itemSize()) {
                    case 1 -> (long) (b.get(at) & 0xff);
                    case 2 -> (long) (b.getShort(at) & 0xffff);
                    case 4 -> b.getInt(at) & 0xffffffffL;
                    case 8 -> b.getLong(at);
                    default -> throw unsupported();
                };
                case 'b' -> b.get(at) != 0;
                default -> throw unsupported();
            };
        }

        private PickleException unsupported() {
            return new PickleException("numpy dtype '" + this + "' is not a number type skelmae reads");
        }

        @Override
        public String toString() {
            return (byteOrder == '=' || byteOrder == '|' ? "" : String.valueOf(byteOrder)) + code;
        }
    }

    /** IEEE 754 half precision to float (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        float v;
        if (exp == 0) {
            v = mant * 0x1p-24f;                       // subnormal (or zero)
        } else if (exp == 31) {
            v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        }
        return sign == 0 ? v : -v;
    }

    /** A numpy array: shape, dtype and its raw bytes. */
    public static final class NdArray {
        private long[] shape;
        private DType dtype;
        private boolean fortran;
        private byte[] data;

        NdArray() {
        }

        NdArray(long[] shape, DType dtype, boolean fortran, byte[] data) {
            this.shape = shape;
            this.dtype = dtype;
            this.fortran = fortran;
            this.data = data;
        }

        /** Called by the unpickler with (version, shape, dtype, is_fortran, raw data). */
        public void __setstate__(Object[] state) {
            if (state.length != 5 || !(state[1] instanceof Object[] dims) || !(state[2] instanceof DType d)) {
                throw new PickleException("numpy array state: expected (version, shape, dtype, is_fortran, data), got "
                        + state.length + " fields");
            }
            shape = shapeOf(dims);
            dtype = d;
            fortran = Boolean.TRUE.equals(state[3]);
            data = bytes(state[4]);
        }

        public long[] shape() {
            return shape.clone();
        }

        public DType dtype() {
            return dtype;
        }

        /** Number of elements. */
        public long size() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }

        /**
         * The elements in C (row-major) order as floats.
         *
         * @throws IllegalStateException for Fortran order, non-numeric types or a byte count that does not
         *                               match the shape
         */
        public float[] floats() {
            checkReadable();
            int n = Math.toIntExact(size());
            ByteBuffer b = ByteBuffer.wrap(data).order(dtype.order());
            int item = dtype.itemSize();
            float[] out = new float[n];
            if (dtype.kind() == 'f' && item == 4) {
                b.asFloatBuffer().get(out);
                return out;
            }
            for (int i = 0; i < n; i++) {
                out[i] = ((Number) number(dtype.read(b, i * item))).floatValue();
            }
            return out;
        }

        private static Object number(Object o) {
            return o instanceof Boolean bool ? (bool ? 1 : 0) : o;
        }

        private void checkReadable() {
            if (fortran && shape.length > 1) {
                throw new IllegalStateException("a Fortran-order array " + this + "; save it with numpy.ascontiguousarray");
            }
            if ((long) data.length != size() * dtype.itemSize()) {
                throw new IllegalStateException("array " + this + " holds " + data.length + " bytes, expected "
                        + size() * dtype.itemSize());
            }
        }

        @Override
        public String toString() {
            return dtype + Arrays.toString(shape);
        }
    }
}
