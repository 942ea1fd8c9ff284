package io.ltcflink.core.model;

import java.util.Arrays;

/**
 * An immutable dense tensor of doubles in row-major order: a scalar has shape {@code []}, a vector
 * {@code [n]}, a matrix {@code [rows, cols]}.
 */
public final class Tensor {

    private final int[] shape;
    private final double[] data;

    private Tensor(int[] shape, double[] data) {
        this.shape = shape;
        this.data = data;
    }

    /** A tensor of the given shape holding a copy of {@code data}. */
    public static Tensor of(int[] shape, double[] data) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        String.format("negative dimension in shape %s", Arrays.toString(shape)));
            }
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException(
                    String.format(
                            "shape %s needs %s values but found %s",
                            Arrays.toString(shape), size, data.length));
        }
        return new Tensor(shape.clone(), data.clone());
    }

    /** A vector holding a copy of {@code values}. */
    public static Tensor vector(double[] values) {
        return new Tensor(new int[] {values.length}, values.clone());
    }

    /** A row-major matrix from a copy of {@code rows}; all rows must have the same length. */
    public static Tensor matrix(double[][] rows) {
        int r = rows.length;
        int c = r == 0 ? 0 : rows[0].length;
        double[] flat = new double[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) {
                throw new IllegalArgumentException(
                        String.format(
                                "ragged matrix: row %s has %s columns but row 0 has %s",
                                i, rows[i].length, c));
            }
            System.arraycopy(rows[i], 0, flat, i * c, c);
        }
        return new Tensor(new int[] {r, c}, flat);
    }

    /** A row-major matrix of the given size from a copy of flat data. */
    public static Tensor matrix(int rows, int cols, double[] flat) {
        return of(new int[] {rows, cols}, flat);
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}. */
    public int dim(int i) {
        return shape[i];
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** The values in row-major order (a copy). */
    public double[] toArray() {
        return data.clone();
    }

    /** Element {@code i} of the row-major data. */
    public double get(int i) {
        return data[i];
    }

    /** Whether the shape equals {@code expected}. */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** The rows of a matrix (copies). */
    public double[][] toMatrix() {
        if (shape.length != 2) {
            throw new IllegalStateException(
                    String.format("not a matrix: shape %s", Arrays.toString(shape)));
        }
        double[][] rows = new double[shape[0]][shape[1]];
        for (int i = 0; i < shape[0]; i++) {
            System.arraycopy(data, i * shape[1], rows[i], 0, shape[1]);
        }
        return rows;
    }

    /** Formats a shape like {@code [8, 3]}. */
    public static String shapeString(int... shape) {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor
                && Arrays.equals(shape, ((Tensor) o).shape)
                && Arrays.equals(data, ((Tensor) o).data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
