"""Writes the small .npz fixtures NpzRoundTripTest reads, with numpy itself (run: python3 make_fixtures.py)."""
import numpy as np

# NTU style (N, T, 150), one-hot labels, trailing zero frames as padding, compressed like np.savez_compressed
x = np.zeros((3, 8, 150), dtype=np.float32)
for n in range(3):
    for t in range(5):
        x[n, t] = t * 1000 + np.arange(150)
y = np.eye(4, dtype=np.float32)[[2, 0, 3]]
xt = np.ones((2, 8, 150), dtype=np.float32)
yt = np.eye(4, dtype=np.float32)[[1, 1]]
np.savez_compressed("numpy-ntu-onehot.npz", x_train=x, y_train=y, x_test=xt, y_test=yt)

# (N, C, T, V, M) with V = 20 (Kinect v1), M = 1, big-endian float64, integer labels
x = np.zeros((2, 3, 6, 20, 1), dtype=">f8")
for n in range(2):
    for c in range(3):
        for t in range(6):
            x[n, c, t, :, 0] = n * 10000 + c * 1000 + t * 100 + np.arange(20)
np.savez("numpy-nctvm-bigendian.npz", x_train=x, y_train=np.array([0, 1]), x_test=x, y_test=np.array([1, 0], dtype=np.int32))

# Fortran-order x must be refused with a clear message
np.savez("numpy-fortran.npz", x_train=np.asfortranarray(np.ones((2, 4, 150), dtype=np.float32)), y_train=np.array([0, 1]),
         x_test=np.ones((1, 4, 150), dtype=np.float32), y_test=np.array([0]))

# a file without y_test
np.savez("numpy-missing-y.npz", x_train=np.ones((1, 4, 150), dtype=np.float32), y_train=np.array([0]),
         x_test=np.ones((1, 4, 150), dtype=np.float32))
